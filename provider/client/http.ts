// One HTTP exchange and the loop that repeats it: axios behind the project's transport rules, and
// the time-budgeted retries every Anaplan and CloudWorks call goes through.
import axios, { AxiosInstance } from "axios";
import * as http from "http";
import * as https from "https";
import * as tls from "tls";
import { warnIfCertificateChecksOff } from "./tlsWarning";
import { isLoopbackHost } from "./urlPolicy";

/** HTTP methods the client uses. @internal */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One HTTP exchange to perform. @internal */
export interface HttpRequest {
  /** Method. */
  method: HttpMethod;
  /** Absolute URL, query included. */
  url: string;
  /** Request headers. */
  headers: Record<string, string>;
  /** Serialized body, if any. */
  body?: string;
  /** A shorter deadline for this attempt than the transport's (a retry near the end of its budget). */
  timeoutMs?: number;
}

/**
 * What came back from one attempt, with no axios object in it: the axios error and response carry
 * the request config (Authorization header, body with secrets) and must not escape this module.
 * @internal
 */
export type HttpOutcome =
  | {
      /** The server answered (any status). */
      type: "response";
      /** HTTP status. */
      status: number;
      /** Response headers, lower-case names. */
      headers: Record<string, string>;
      /** Response body as text. */
      body: string;
    }
  | {
      /** The exchange failed at the socket/TLS level. */
      type: "network";
      /** System or TLS error code, e.g. `ECONNRESET`. */
      code: string;
      /** False only when the failure happened before a byte of the request could reach the server. */
      requestSent: boolean;
      /** False for failures another attempt cannot fix (TLS verification, protocol version). */
      retryable: boolean;
      /** Short, non-secret description (the code plus the socket error text). */
      description: string;
    }
  | {
      /** No complete response within the timeout. */
      type: "timeout";
      /** The timeout that expired. */
      timeoutMs: number;
    };

/** Transport settings. @internal */
export interface HttpTransportOptions {
  /** Whole-exchange deadline per attempt, from connect to the last body byte. */
  timeoutMs: number;
  /** Extra PEM CA certificates trusted in addition to Node's default roots. */
  caBundlePem?: string;
}

// TLS failures: the handshake failed, so nothing was sent, and trying again cannot help.
const TLS_FAILURE_CODES = new Set([
  "EPROTO",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

// Connection failures before the request could be written: nothing can have been committed,
// and the condition (server restarting, DNS hiccup) may be transient.
const NOT_CONNECTED_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EADDRNOTAVAIL",
]);

/**
 * Sends requests through axios with the project's transport rules: TLS 1.2 minimum, extra CAs on
 * top of the default roots, environment proxies honoured except for loopback targets, no
 * redirects (a redirect could carry the Authorization header to another host) and a hard
 * per-attempt deadline. Never throws; every failure comes back as an {@link HttpOutcome}.
 * @internal
 */
export class HttpTransport {
  private readonly client: AxiosInstance;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  // Origins that have sent any HTTP answer: a refused connection to one of them is an outage to
  // ride out, while one to an origin that never answered is most likely a wrong URL.
  private readonly answered = new Set<string>();

  /** Creates the agents and the axios instance. */
  constructor(options: HttpTransportOptions) {
    this.timeoutMs = options.timeoutMs;
    // keepAlive saves a TLS handshake per call; Node closes idle sockets before the server's
    // advertised keep-alive timeout, which keeps stale-socket resets rare.
    this.httpAgent = new http.Agent({ keepAlive: true });
    this.httpsAgent = new https.Agent({
      keepAlive: true,
      minVersion: "TLSv1.2",
      // Setting `ca` replaces Node's trust store, so the default roots are passed explicitly.
      ca: options.caBundlePem ? [...tls.rootCertificates, options.caBundlePem] : undefined,
    });
    this.client = axios.create({
      httpAgent: this.httpAgent,
      httpsAgent: this.httpsAgent,
      maxRedirects: 0,
      responseType: "text",
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  /** Whether the origin (scheme, host, port) of `url` has answered an attempt of this transport. */
  hasAnswered(url: string): boolean {
    return this.answered.has(new URL(url).origin);
  }

  /** Performs one attempt. */
  async send(request: HttpRequest): Promise<HttpOutcome> {
    // Before anything (a login's credentials included) leaves over unverified TLS.
    warnIfCertificateChecksOff(request.url);
    const controller = new AbortController();
    let timedOut = false;
    const timeoutMs = Math.min(this.timeoutMs, request.timeoutMs ?? Infinity);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    try {
      const target = new URL(request.url);
      const response = await this.client.request<unknown>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        signal: controller.signal,
        // Loopback traffic (the emulator) must never go through a corporate proxy; for anything
        // else axios applies HTTPS_PROXY/HTTP_PROXY/NO_PROXY itself, with CONNECT for https.
        proxy: isLoopbackHost(target.hostname) ? false : undefined,
      });
      this.answered.add(target.origin);
      return {
        type: "response",
        status: response.status,
        headers: flattenHeaders(response.headers as Record<string, unknown>),
        body: bodyText(response.data),
      };
    } catch (error) {
      const outcome = describeFailure(error);
      if (timedOut || outcome.code === "ECONNABORTED" || outcome.code === "ETIMEDOUT") {
        return { type: "timeout", timeoutMs };
      }
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes pooled sockets. The client stays usable; new sockets are opened on demand. */
  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/**
 * A short, non-secret label of an outcome for logs and error messages: the status, the socket
 * error code, or the timeout.
 * @internal
 */
export function outcomeLabel(outcome: HttpOutcome): string {
  switch (outcome.type) {
    case "response":
      return String(outcome.status);
    case "network":
      return outcome.code;
    case "timeout":
      return `timeout after ${outcome.timeoutMs} ms`;
  }
}

/** Whether an HTTP (or envelope) status code is a 2xx success. @internal */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * A response body parsed as JSON, or undefined when it is empty or not JSON: callers then report
 * the content type instead of the text, which could echo a secret.
 * @internal
 */
export function parseJson(text: string): unknown {
  if (!text) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: Record<string, unknown>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) {
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
    }
  }
  return flat;
}

function bodyText(data: unknown): string {
  if (typeof data === "string") {
    return data;
  }
  if (Buffer.isBuffer(data)) {
    return data.toString("utf8");
  }
  return data === undefined || data === null ? "" : JSON.stringify(data);
}

// Reads only the code and the socket-level text of an axios error; the rest of it is discarded.
function describeFailure(error: unknown): Extract<HttpOutcome, { type: "network" }> {
  const err = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const code =
    (typeof err?.cause?.code === "string" && err.cause.code) ||
    (typeof err?.code === "string" && err.code) ||
    "ERR_NETWORK";
  const text = typeof err?.message === "string" ? err.message.split("\n")[0].slice(0, 200) : "";
  const tlsFailure = TLS_FAILURE_CODES.has(code) || code.startsWith("ERR_SSL_");
  return {
    type: "network",
    code,
    requestSent: !tlsFailure && !NOT_CONNECTED_CODES.has(code),
    retryable: !tlsFailure,
    description: text && !text.includes(code) ? `${code} (${text})` : text || code,
  };
}

// Retries are a small loop here rather than axios-retry. axios-retry's retryCondition could express
// the method rules, but it replays the original axios config: the Authorization header captured
// before the first attempt (stale once the token is refreshed during a long Retry-After wait), and
// a CA-certificate v2 payload that must be freshly signed per request. It also retries network
// errors of any method by default, and the 401 re-authentication and the mayHaveCommitted
// classification need a loop around the transport anyway. One loop keeps all of that in one
// place, rebuilding the request (headers, signature) on every attempt.
//
// The loop is bounded by time, not by a count of attempts: what a user can tolerate is "how long
// may one call keep trying", and an outage (a gateway restarting, a 30-second blip) is measured in
// seconds, not in attempts. A fixed count of 5 with sub-second backoff gave up within ~4 s.

/** Backoff settings. @internal */
export interface RetryPolicy {
  /**
   * Total time one call may spend on attempts and waits, from its first attempt, in ms. No retry
   * starts after it; 0 disables retrying.
   */
  budgetMs: number;
  /** Optional cap on the retries after the first attempt (Infinity: only the budget bounds them). */
  maxRetries: number;
  /** Base of the exponential backoff; retry n waits a random time in [0, base·2ⁿ). */
  baseDelayMs: number;
  /** Cap of one backoff wait. A Retry-After is honoured beyond it while it fits in the budget. */
  maxDelayMs: number;
  /** How a user raises the budget, quoted when it runs out (e.g. the stack config key). */
  budgetHint: string;
}

/**
 * Statuses that say "try again later" or report a passing server-side failure. 500 is included:
 * CloudWorks answers a generic 500 for passing back-end trouble, and for GET, PUT and DELETE a
 * repetition cannot do harm; a 500 that is a real bug fails the same way once the budget is spent.
 */
const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);

/**
 * How long a host that has never answered this client is retried when it cannot be reached at
 * all (refused, unknown name). Such a host is most likely misconfigured (a wrong apiUrl), and a
 * user should hear that in seconds, not after the whole budget; a host that has answered before
 * and now refuses connections is restarting, and gets the full budget.
 */
export const UNREACHED_HOST_WINDOW_MS = 5_000;

/**
 * A retry's own deadline is the time left in the budget, but not less than this (nor more than the
 * transport's timeout): a slow but healthy answer near the end of the budget is still taken, and a
 * hanging server cannot hold a call much beyond its budget.
 */
const MIN_RETRY_ATTEMPT_MS = 10_000;

/**
 * GET, PUT and DELETE can be repeated without changing the outcome, so any transient failure is
 * retried. POST and PATCH are not idempotent: see {@link shouldRetry}.
 * @internal
 */
export function isIdempotentMethod(method: HttpMethod): boolean {
  return method === "GET" || method === "PUT" || method === "DELETE";
}

/**
 * Decides whether an attempt's outcome is worth another attempt.
 *
 * A non-idempotent request (POST, PATCH) is retried only when the server provably did not act on
 * it: a 429 (rate limiting happens in front of the handler), or a connection that could not be
 * opened (nothing was sent). Any other failure of such a request (timeout, 5xx, reset after the
 * request went out) may have committed; replaying it could create a duplicate, so it is surfaced
 * with `mayHaveCommitted` for the resource layer to look the object up instead. `replaySafe`
 * marks a POST whose repetition is harmless (the token endpoints: a second token is not a
 * user-visible object; setting a schedule's status), which is retried like an idempotent request.
 * @internal
 */
export function shouldRetry(method: HttpMethod, outcome: HttpOutcome, replaySafe = false): boolean {
  const repeatable = replaySafe || isIdempotentMethod(method);
  if (outcome.type === "response") {
    if (outcome.status === 429) {
      return true;
    }
    return TRANSIENT_STATUSES.has(outcome.status) && repeatable;
  }
  if (outcome.type === "network") {
    if (!outcome.retryable) {
      return false;
    }
    return repeatable || !outcome.requestSent;
  }
  return repeatable;
}

/**
 * Parses a Retry-After header, either delta-seconds or an HTTP date, into milliseconds from now.
 * Returns undefined when absent or unparseable; a date in the past gives 0.
 * @internal
 */
export function parseRetryAfter(
  value: string | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * "Full jitter" exponential backoff: a uniformly random wait in [0, min(max, base·2^retry)), which
 * spreads out clients that failed together better than a fixed or equal-jitter delay.
 * @internal
 */
export function backoffDelay(
  retryNumber: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryNumber);
  return Math.floor(random() * ceiling);
}

/** Information passed to the retry observer. @internal */
export interface RetryNotice {
  /** Number of the attempt that failed, from 1. */
  attempt: number;
  /** Wait before the next attempt. */
  delayMs: number;
  /** Why: `503`, `ECONNRESET`, `timeout`... */
  reason: string;
}

/**
 * Why the loop stopped: `final` (success, or an outcome not worth repeating), `attempts` (the
 * maxRetries cap), `budget` (the time budget is spent), `retryAfter` (the server asked for a wait
 * longer than what is left of the budget), `unreached` (a host that never answered still cannot
 * be reached after {@link UNREACHED_HOST_WINDOW_MS}).
 * @internal
 */
export type RetryStop = "final" | "attempts" | "budget" | "retryAfter" | "unreached";

/** The final outcome and how it was reached. @internal */
export interface RetriedOutcome {
  /** Outcome of the last attempt. */
  outcome: HttpOutcome;
  /** Attempts made, from 1. */
  attempts: number;
  /** The request of the last attempt (what the outcome answers). */
  request: HttpRequest;
  /** Outcomes of the attempts before the last, oldest first. */
  earlier: HttpOutcome[];
  /** Time from the first attempt to the end of the last, in ms. */
  elapsedMs: number;
  /** Why no further attempt was made. */
  stop: RetryStop;
  /** With `stop: "retryAfter"`: the wait the server asked for, in ms. */
  retryAfterMs?: number;
}

/** Inputs of {@link sendWithRetries}. @internal */
export interface SendWithRetriesOptions {
  /** The transport to send through. */
  transport: HttpTransport;
  /** Method, decides what may be retried. */
  method: HttpMethod;
  /** Builds the request for each attempt (fresh token, fresh signature). */
  buildRequest: () => Promise<HttpRequest>;
  /** Backoff settings. */
  policy: RetryPolicy;
  /** Treat a non-idempotent request as safe to repeat. */
  replaySafe?: boolean;
  /** Called before each wait. */
  onRetry?: (notice: RetryNotice) => void;
}

/**
 * Sends a request, retrying transient failures per {@link shouldRetry} with full-jitter backoff
 * until the policy's time budget is spent, waiting at least as long as a Retry-After header asks.
 * Never throws for HTTP outcomes.
 * @internal
 */
export async function sendWithRetries(options: SendWithRetriesOptions): Promise<RetriedOutcome> {
  const { transport, method, policy } = options;
  const started = Date.now();
  const deadline = started + policy.budgetMs;
  const earlier: HttpOutcome[] = [];
  for (let attempt = 1; ; attempt++) {
    const request = await options.buildRequest();
    if (attempt > 1) {
      request.timeoutMs = Math.max(deadline - Date.now(), MIN_RETRY_ATTEMPT_MS);
    }
    const outcome = await transport.send(request);
    const done = (stop: RetryStop, retryAfterMs?: number): RetriedOutcome => ({
      outcome,
      attempts: attempt,
      request,
      earlier,
      elapsedMs: Date.now() - started,
      stop,
      retryAfterMs,
    });
    if (!shouldRetry(method, outcome, options.replaySafe)) {
      return done("final");
    }
    if (attempt > policy.maxRetries) {
      return done("attempts");
    }
    const now = Date.now();
    const unreached =
      outcome.type === "network" && !outcome.requestSent && !transport.hasAnswered(request.url);
    const stopAt = unreached ? Math.min(deadline, started + UNREACHED_HOST_WINDOW_MS) : deadline;
    const remaining = stopAt - now;
    if (remaining <= 0) {
      return done(unreached && stopAt < deadline ? "unreached" : "budget");
    }
    const retryAfter =
      outcome.type === "response" ? parseRetryAfter(outcome.headers["retry-after"]) : undefined;
    if (retryAfter !== undefined && retryAfter > remaining) {
      // The server asks for a longer pause than the budget allows: waiting would only fail later.
      return done("retryAfter", retryAfter);
    }
    // The last wait is shortened to end at the deadline, so the budget is used to its end.
    const delayMs = Math.max(
      retryAfter ?? 0,
      Math.min(backoffDelay(attempt - 1, policy), remaining),
    );
    options.onRetry?.({ attempt, delayMs, reason: outcomeLabel(outcome) });
    earlier.push(outcome);
    await sleep(delayMs);
  }
}

/** Resolves after `ms` milliseconds. @internal */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
