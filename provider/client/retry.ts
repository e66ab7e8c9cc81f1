// Retries are a small loop here rather than axios-retry. axios-retry's retryCondition could express
// the method rules, but it replays the original axios config: the Authorization header captured
// before the first attempt (stale once the token is refreshed during a long Retry-After wait), and
// a CA-certificate v2 payload that must be freshly signed per request. It also retries network
// errors of any method by default, and the 401 re-authentication and the mayHaveCommitted
// classification need a loop around the transport anyway. One loop keeps all of that in one
// place, rebuilding the request (headers, signature) on every attempt.

import { HttpMethod, HttpOutcome, HttpRequest, HttpTransport } from "./http";

/** Backoff settings. @internal */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Base of the exponential backoff; attempt n waits a random time in [0, base·2ⁿ). */
  baseDelayMs: number;
  /** Cap of a single wait. A Retry-After longer than this ends the retries instead. */
  maxDelayMs: number;
}

/** Statuses that say "try again later" without the request having been processed, or a gateway failing. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

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
 * A non-idempotent request (POST, PATCH) is retried only on 429: the server refused it before
 * processing it (rate limiting happens in front of the handler), so replaying cannot create a
 * second object. Any other failure of such a request (timeout, 5xx, reset after the request went
 * out) may have committed; replaying it could create a duplicate, so it is surfaced with
 * `mayHaveCommitted` for the resource layer to look the object up instead. `replaySafe` marks a
 * POST whose repetition is harmless (the token endpoints: a second token is not a user-visible
 * object), which is retried like an idempotent request.
 * @internal
 */
export function shouldRetry(method: HttpMethod, outcome: HttpOutcome, replaySafe = false): boolean {
  if (outcome.type === "response") {
    if (outcome.status === 429) {
      return true;
    }
    return TRANSIENT_STATUSES.has(outcome.status) && (replaySafe || isIdempotentMethod(method));
  }
  if (outcome.type === "network" && !outcome.retryable) {
    return false;
  }
  return replaySafe || isIdempotentMethod(method);
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
  policy: RetryPolicy,
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

/** The final outcome and how many attempts produced it. @internal */
export interface RetriedOutcome {
  /** Outcome of the last attempt. */
  outcome: HttpOutcome;
  /** Attempts made, from 1. */
  attempts: number;
  /** The request of the last attempt (what the outcome answers). */
  request: HttpRequest;
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
 * Sends a request, retrying transient failures per {@link shouldRetry} with full-jitter backoff,
 * waiting at least as long as a Retry-After header asks. Never throws for HTTP outcomes.
 * @internal
 */
export async function sendWithRetries(options: SendWithRetriesOptions): Promise<RetriedOutcome> {
  const { transport, method, policy } = options;
  for (let attempt = 1; ; attempt++) {
    const request = await options.buildRequest();
    const outcome = await transport.send(request);
    if (attempt > policy.maxRetries || !shouldRetry(method, outcome, options.replaySafe)) {
      return { outcome, attempts: attempt, request };
    }
    const retryAfter =
      outcome.type === "response" ? parseRetryAfter(outcome.headers["retry-after"]) : undefined;
    if (retryAfter !== undefined && retryAfter > policy.maxDelayMs) {
      // The server asks for a longer pause than we are willing to block a deployment for.
      return { outcome, attempts: attempt, request };
    }
    const delayMs = Math.max(retryAfter ?? 0, backoffDelay(attempt - 1, policy));
    options.onRetry?.({ attempt, delayMs, reason: reasonOf(outcome) });
    await sleep(delayMs);
  }
}

function reasonOf(outcome: HttpOutcome): string {
  switch (outcome.type) {
    case "response":
      return String(outcome.status);
    case "network":
      return outcome.code;
    case "timeout":
      return `timeout after ${outcome.timeoutMs} ms`;
  }
}

/** Resolves after `ms` milliseconds. @internal */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
