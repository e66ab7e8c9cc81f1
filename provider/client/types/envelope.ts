// The envelope every CloudWorks 2.0 response shares: the status object and list paging
// (shared/reference/cloudworks-api.md §2.2–§2.4).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

/** The `status` object every CloudWorks response carries, on success and on error. */
export interface ApiStatus {
  /** HTTP-like status code repeated in the body; `200` on success. */
  code: number;
  /** Human-readable outcome, `"Success"` or the error text. */
  message: string;
}

/** `meta.paging` of a list response. */
export interface Paging {
  /** Number of items actually returned; the server may silently cap the requested `limit`. */
  currentPageSize: number;
  /** Number of items across all pages. */
  totalSize: number;
  /** Zero-based offset of the first item of this page. */
  offset: number;
}

/** The `meta` object of a response. */
export interface ResponseMeta {
  /** Paging information, on list responses only. */
  paging?: Paging;
  /** URL of the JSON schema describing the payload. */
  schema?: string;
  /** Number of integrations (flows included) the tenant has, on `GET /integrations`. */
  tenantCurrentCount?: number;
  /** Maximum number of integrations the tenant may have (500), on `GET /integrations`. */
  tenantMaxAllowed?: number;
}
