// Responses of the Anaplan authentication API (shared/reference/cloudworks-api.md §8).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

/** `tokenInfo` of the authenticate and refresh responses. */
export interface TokenInfo {
  /** Expiry as Unix epoch milliseconds; authoritative (tokens live about 35 minutes). */
  expiresAt: number;
  /** Token UUID. */
  tokenId: string;
  /** The opaque token sent as `AnaplanAuthToken <tokenValue>`; secret. */
  tokenValue: string;
  /** Refresh token UUID. */
  refreshTokenId: string;
}

/** Body of `POST /token/authenticate` (201) and `POST /token/refresh` (200). */
export interface AuthResponse {
  /** Carries the validation URL. */
  meta?: {
    /** URL of `GET /token/validate`. */
    validationUrl?: string;
  };
  /** `"SUCCESS"`, or a `FAILURE_*` code on errors. */
  status: string;
  /** E.g. `"Login successful"` or `"Token refreshed"`. */
  statusMessage: string;
  /** The token. */
  tokenInfo: TokenInfo;
}
