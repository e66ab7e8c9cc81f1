/** The shapes every CloudWorks response takes on the wire (§2.2, §2.3, §11.4). */

/** @internal A failure a handler wants sent as the JSON error envelope. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** @internal What a route handler produces; the server decides whether it is actually sent. */
export interface HandlerResult {
  /** HTTP status. */
  status: number;
  /** JSON body, serialised by the server. */
  json?: unknown;
  /** Raw text body (HTML 404, CSV dumps). */
  text?: string;
  /** Content type for `text`. */
  contentType?: string;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** @internal The success status object that every 200 carries. */
export const SUCCESS_STATUS = { code: 200, message: "Success" } as const;

/** @internal HTTP 200 with `{"status":{"code":200,"message":"Success"}}` plus payload keys. */
export function success(payload: Record<string, unknown> = {}): HandlerResult {
  return { status: 200, json: { status: SUCCESS_STATUS, ...payload } };
}

/** @internal `{"status":{"code":N,"message":"…"},"path":"/2/0/…","timestamp":"ISO"}`. */
export function errorResult(code: number, message: string, path: string): HandlerResult {
  return {
    status: code,
    json: { status: { code, message }, path, timestamp: new Date().toISOString() },
  };
}

/** @internal What nginx sends for a path the application does not route (SETI-README). */
export const NGINX_404_HTML = [
  "<html>",
  "<head><title>404 Not Found</title></head>",
  "<body>",
  "<center><h1>404 Not Found</h1></center>",
  "<hr><center>nginx</center>",
  "</body>",
  "</html>",
  "",
].join("\r\n");

/** @internal The HTML 404 for unrouted paths, including the removed `anaplanModels` endpoint. */
export function html404(): HandlerResult {
  return { status: 404, text: NGINX_404_HTML, contentType: "text/html" };
}

/** @internal Messages the reference quotes, reused by several routes. */
export const Messages = {
  invalidBody: "Invalid request body",
  notFound: "Resource not found",
  notAuthorized: "Not Authorized",
  duplicateName: "Duplicate resource name not allowed",
  referenced: "The resource is being referenced",
  alreadyRunning: "Integration is already running",
  schemaNotCompliant: "Integration payload is not compliant with the schema",
  versionNotSupported: "This API version is not supported for this request",
  internalError: "Internal server error",
  noDump: "Your integration run was successful / no errors",
} as const;
