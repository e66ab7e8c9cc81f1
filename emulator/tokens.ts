import { randomBytes } from "node:crypto";
import { newUuid } from "./formats";

/** @internal An issued Anaplan auth token. */
export interface TokenRecord {
  /** Dashed UUID. */
  tokenId: string;
  /** The opaque value clients send as `AnaplanAuthToken <value>`. */
  tokenValue: string;
  /** Dashed UUID; stays the same across refreshes (§8). */
  refreshTokenId: string;
  /** Epoch ms. */
  expiresAt: number;
  /** The user the token belongs to. */
  username: string;
}

/** @internal The answer of a token lookup. */
export type TokenLookup =
  | { state: "valid"; token: TokenRecord }
  | { state: "expired"; token: TokenRecord }
  | { state: "unknown" };

/**
 * @internal Issued tokens, in memory only: a restarted emulator forgets them and clients
 * re-authenticate on the 401, as they must after a real token is revoked.
 */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly lifetimeMs: number) {}

  /** A new token for `username`. */
  issue(username: string): TokenRecord {
    const token: TokenRecord = {
      tokenId: newUuid(),
      tokenValue: randomBytes(48).toString("base64url"),
      refreshTokenId: newUuid(),
      expiresAt: Date.now() + this.lifetimeMs,
      username,
    };
    this.tokens.set(token.tokenValue, token);
    return token;
  }

  /** Find a token and say whether it is still valid. */
  lookup(tokenValue: string): TokenLookup {
    const token = this.tokens.get(tokenValue);
    if (!token) return { state: "unknown" };
    return token.expiresAt > Date.now() ? { state: "valid", token } : { state: "expired", token };
  }

  /** Extend a valid token's expiry; same value, same IDs (§8). */
  refresh(token: TokenRecord): TokenRecord {
    token.expiresAt = Date.now() + this.lifetimeMs;
    return token;
  }

  /** Logout: the token is dead at once and becomes unknown. */
  revoke(tokenValue: string): void {
    this.tokens.delete(tokenValue);
  }

  /** Test hook: every token expires now but stays known. */
  expireAll(): void {
    const past = Date.now() - 1;
    for (const token of this.tokens.values()) token.expiresAt = past;
  }
}
