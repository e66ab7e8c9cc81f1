// Errors are built from already-redacted strings and carry no reference to the axios error, the
// request config or the response: those hold the Authorization header and request bodies, and
// anything reachable from an error ends up in Pulumi's output, util.inspect or JSON logs.

import { HttpOutcome, RetriedOutcome, RetryPolicy, UNREACHED_HOST_WINDOW_MS } from "./http";

/** How a CloudWorks call failed. */
export type CloudWorksErrorKind =
  /** The server answered with a non-success status (or an unreadable success body). */
  | "http"
  /** The connection failed (refused, reset, DNS, TLS). */
  | "network"
  /** No complete answer within the timeout. */
  | "timeout"
  /** The token was rejected even after re-authenticating once. */
  | "auth";

/** Details of a failed CloudWorks call; every string is already redacted. */
export interface CloudWorksApiErrorDetails {
  /** HTTP method, upper case. */
  method: string;
  /** Path relative to the API host, with the version prefix and without the query, e.g. `/2/0/integrations`. */
  path: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** `status.message` of the API's error body, scrubbed of known secrets. */
  apiMessage?: string;
  /** Trace ID the API returned, to quote to Anaplan support. */
  traceId?: string;
  /** How the call failed. */
  kind: CloudWorksErrorKind;
  /** True when the request may have been applied by the server although the call failed. */
  mayHaveCommitted: boolean;
  /** How many attempts were made, retries included. */
  attempts?: number;
  /** Replaces the generated explanation after `failed: `; already redacted. */
  detail?: string;
}

/**
 * A failed CloudWorks REST call. The message reads like
 * `CloudWorks POST /2/0/integrations/connections failed: 400 Credentials are invalid`.
 * When `mayHaveCommitted` is true the caller must look the object up before trying again.
 */
export class CloudWorksApiError extends Error {
  /** HTTP method, upper case. */
  readonly method: string;
  /** Path with the version prefix and without the query string. */
  readonly path: string;
  /** HTTP status, when the server answered. */
  declare readonly status?: number;
  /** The API's `status.message`, scrubbed of known secrets. */
  declare readonly apiMessage?: string;
  /** Trace ID returned by the API, if any. */
  declare readonly traceId?: string;
  /** How the call failed. */
  readonly kind: CloudWorksErrorKind;
  /**
   * True when a mutating request may have been applied although no success was seen (timeout,
   * connection reset after sending, 5xx). The resource layer should look the object up rather
   * than blindly create it again.
   */
  readonly mayHaveCommitted: boolean;
  /** How many attempts were made, retries included. */
  declare readonly attempts?: number;

  /** Builds the error from already-redacted details. */
  constructor(details: CloudWorksApiErrorDetails) {
    super(
      `CloudWorks ${details.method} ${details.path} failed: ${describe(details)}${apiHint(details)}`,
    );
    this.method = details.method;
    this.path = details.path;
    this.kind = details.kind;
    this.mayHaveCommitted = details.mayHaveCommitted;
    Object.assign(this, presentFields(details, ["status", "apiMessage", "traceId", "attempts"]));
  }
}
defineName(CloudWorksApiError, "CloudWorksApiError");

/** How an Anaplan authentication call failed. */
export type AnaplanAuthErrorKind =
  /** The auth service rejected the credentials, certificate or token (401/403). */
  | "credentials"
  /** The local certificate, private key or PKCS#12 bundle cannot be used. */
  | "certificate"
  /** The auth service answered with another unexpected status or body. */
  | "http"
  /** The connection failed. */
  | "network"
  /** No answer within the timeout. */
  | "timeout";

/** Details of a failed authentication step; every string is already redacted. */
export interface AnaplanAuthErrorDetails {
  /** What the client was doing, e.g. `authenticate`, `refresh`, `logout`, `load certificate`. */
  operation: string;
  /** HTTP method of the token endpoint call, when one was made. */
  method?: string;
  /** Token endpoint path, e.g. `/token/authenticate`. */
  path?: string;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The auth API's `status` code, e.g. `FAILURE_BAD_CREDENTIAL`. */
  authStatus?: string;
  /** The auth API's `statusMessage`, scrubbed of known secrets. */
  apiMessage?: string;
  /** How the step failed. */
  kind: AnaplanAuthErrorKind;
  /** How many attempts were made, retries included, when the token endpoint was called. */
  attempts?: number;
  /** Explanation after `failed: `; generated from the fields above when absent. */
  detail?: string;
}

/**
 * A failed Anaplan authentication step: the token endpoints (`/token/authenticate`, `/token/refresh`,
 * `/token/logout`) or loading the certificate credentials before signing.
 */
export class AnaplanAuthError extends Error {
  /** What the client was doing. */
  readonly operation: string;
  /** HTTP method of the token endpoint call, when one was made. */
  declare readonly method?: string;
  /** Token endpoint path. */
  declare readonly path?: string;
  /** HTTP status, when the server answered. */
  declare readonly status?: number;
  /** The auth API's `status` code, e.g. `FAILURE_BAD_CREDENTIAL`. */
  declare readonly authStatus?: string;
  /** The auth API's `statusMessage`, scrubbed of known secrets. */
  declare readonly apiMessage?: string;
  /** How the step failed. */
  readonly kind: AnaplanAuthErrorKind;
  /** How many attempts were made, retries included, when the token endpoint was called. */
  declare readonly attempts?: number;

  /** Builds the error from already-redacted details. */
  constructor(details: AnaplanAuthErrorDetails) {
    const where = details.path ? ` (${details.method ?? "POST"} ${details.path})` : "";
    super(
      `Anaplan ${details.operation}${where} failed: ${describeAuth(details)}${authHint(details)}`,
    );
    this.operation = details.operation;
    this.kind = details.kind;
    Object.assign(
      this,
      presentFields(details, ["method", "path", "status", "authStatus", "apiMessage", "attempts"]),
    );
  }
}
defineName(AnaplanAuthError, "AnaplanAuthError");

/**
 * The named fields of `details` that are set, in the order named. The errors copy only these, so
 * an absent field is not an own property: it would otherwise show as `status: undefined` in
 * util.inspect, in Pulumi's output and in JSON logs.
 */
function presentFields<T, K extends keyof T>(details: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const present: Partial<Pick<T, K>> = {};
  for (const key of keys) {
    if (details[key] !== undefined) present[key] = details[key];
  }
  return present;
}

/**
 * A status and the messages that came with it, space-separated, leaving out what is absent:
 * `401 FAILURE_BAD_CREDENTIAL Bad credentials`.
 * @internal
 */
export function statusLine(
  status: number | undefined,
  ...messages: (string | undefined)[]
): string {
  return [status === undefined ? undefined : String(status), ...messages].filter(Boolean).join(" ");
}

/**
 * The part of an error message that says how long and how often a call was tried and, when time
 * ran out, what the user can change. Empty for a single attempt that was not worth repeating.
 * @internal
 */
export function describeRetries(result: RetriedOutcome, policy: RetryPolicy): string {
  const { attempts, stop } = result;
  if (stop === "final" && attempts === 1) {
    return "";
  }
  const tried = ` after ${attempts} attempt${attempts === 1 ? "" : "s"} in ${seconds(result.elapsedMs)}`;
  switch (stop) {
    case "final":
    case "attempts":
      return tried;
    case "budget":
      return `${tried} (the retry budget of ${seconds(policy.budgetMs)} is spent; ${policy.budgetHint})`;
    case "retryAfter":
      return `${tried} (the server asked to wait ${seconds(result.retryAfterMs ?? 0)}, beyond the retry budget of ${seconds(policy.budgetMs)}; ${policy.budgetHint})`;
    case "unreached":
      return `${tried} (the host has not answered since the client started, so it is retried for ${seconds(UNREACHED_HOST_WINDOW_MS)} only, not for the whole retry budget: check the URL)`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).replace(/\.0$/, "")} s`;
}

/**
 * What an attempt that got no answer ran into, for an error message: the timeout, or the socket
 * error (passed through `redact`, since a socket error's text can quote the request).
 * @internal
 */
export function unansweredText(
  outcome: Exclude<HttpOutcome, { type: "response" }>,
  redact: (text: string) => string,
): string {
  return outcome.type === "timeout"
    ? `no response within ${outcome.timeoutMs} ms`
    : `network error ${redact(outcome.description)}`;
}

/**
 * What a message adds when the failed request may have been applied: the caller must look the
 * object up before trying again, or it may make a second one. Empty when it cannot have been.
 * @internal
 */
export function commitNote(mayHaveCommitted: boolean): string {
  return mayHaveCommitted
    ? "; the request may have been applied, look the object up before retrying"
    : "";
}

function describe(details: CloudWorksApiErrorDetails): string {
  if (details.detail) {
    return details.detail;
  }
  const fallback = details.status === undefined ? details.kind : "(no message)";
  let text = statusLine(details.status, details.apiMessage || fallback);
  if (details.traceId) {
    text += ` (traceId ${details.traceId})`;
  }
  return text + commitNote(details.mayHaveCommitted);
}

function describeAuth(details: AnaplanAuthErrorDetails): string {
  return (
    details.detail ||
    statusLine(details.status, details.authStatus, details.apiMessage) ||
    details.kind
  );
}

// What to do next, appended to the message of the failures a newcomer meets first. The setting
// names are given both as Pulumi stack config and as environment variables, because the same
// client serves the dynamic provider (which reads `cloudworks:*` or `CLOUDWORKS_*`) and direct
// use (where they are the `apiUrl`/`authUrl`/`credentials` options of the same names).

/** Socket errors that mean "nothing is there": wrong host or port, or the server is not running. */
const UNREACHABLE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/;

/**
 * The fix appended to a rejected login or token: the credential keys, and the engine's rule that
 * refresh and destroy run with the configuration of the last `up`.
 * @internal
 */
export const CREDENTIALS_FIX =
  "Fix: set cloudworks:username and cloudworks:password (`pulumi config set --secret cloudworks:password …`; " +
  "or CLOUDWORKS_USERNAME / CLOUDWORKS_PASSWORD), or the certificate keys cloudworks:certificatePath and " +
  "cloudworks:privateKeyPath (or cloudworks:pkcs12Path and cloudworks:pkcs12Password). " +
  "`pulumi refresh` and `pulumi destroy` use the configuration stored at the last `pulumi up`: " +
  "after changing credentials, run `pulumi up` first.";

// The explanation and the API's message: what the hints look for a symptom in.
function hintText(details: { detail?: string; apiMessage?: string }): string {
  return `${details.detail ?? ""} ${details.apiMessage ?? ""}`;
}

// The fix for a socket error that means nothing answers at the URL; empty for any other failure.
function unreachableFix(
  details: { kind: string; detail?: string; apiMessage?: string },
  what: string,
  key: "apiUrl" | "authUrl",
  env: string,
): string {
  if (details.kind !== "network" || !UNREACHABLE.test(hintText(details))) {
    return "";
  }
  return (
    `. Fix: nothing answers at the ${what} URL; check cloudworks:${key} (or ${env}) and cloudworks:region, ` +
    "and that the service is reachable (for the local emulator: `npx cloudworks-emulator`, which prints the exact " +
    "`pulumi config set` lines)."
  );
}

function apiHint(details: CloudWorksApiErrorDetails): string {
  const unreachable = unreachableFix(details, "CloudWorks API", "apiUrl", "CLOUDWORKS_API_URL");
  if (unreachable) {
    return unreachable;
  }
  if (details.kind === "auth" || details.status === 401) {
    return `. ${CREDENTIALS_FIX}`;
  }
  if (details.status === 404) {
    // A 404 that is not a CloudWorks JSON answer means the base URL is wrong, not the object.
    if (hintText(details).includes("path is not routed")) {
      return ". Fix: check cloudworks:apiUrl (or CLOUDWORKS_API_URL): it must be the CloudWorks API base URL.";
    }
    return (
      ". Fix: if the object was deleted outside Pulumi (in the CloudWorks UI, or an emulator restarted " +
      "without its state file), run `pulumi refresh` to drop it from the stack; the next `pulumi up` creates it again."
    );
  }
  return "";
}

function authHint(details: AnaplanAuthErrorDetails): string {
  const unreachable = unreachableFix(
    details,
    "Anaplan authentication",
    "authUrl",
    "CLOUDWORKS_AUTH_URL",
  );
  if (unreachable) {
    return unreachable;
  }
  return details.kind === "credentials" ? `. ${CREDENTIALS_FIX}` : "";
}

// On the prototype rather than as an instance field, so `name` is not an own enumerable property.
function defineName(errorClass: { prototype: Error }, name: string): void {
  Object.defineProperty(errorClass.prototype, "name", { value: name, configurable: true });
}
