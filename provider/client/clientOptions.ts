// The options of a CloudWorksClient, their defaults and their validation: everything the client
// decides before it builds its transport, authenticator and caller.
import { AnaplanCredentials } from "./auth";
import { ClientLogger } from "./logging";
import { resolveEndpoints } from "./regions";
import { RetryPolicy } from "./http";
import { assertSafeBaseUrl } from "./urlPolicy";

/** Settings of a {@link CloudWorksClient}. */
export interface CloudWorksClientOptions {
  /** How to authenticate to Anaplan. */
  credentials: AnaplanCredentials;
  /** Anaplan region (reference §1: us1, us2, ..., au1); default `"us1"`. */
  region?: string;
  /** CloudWorks base URL override without the version suffix, e.g. `http://127.0.0.1:4010`. */
  apiUrl?: string;
  /** Auth API base URL override, e.g. `http://127.0.0.1:4010`. */
  authUrl?: string;
  /** Deadline of one HTTP attempt, connect to last byte; default 60000. */
  timeoutMs?: number;
  /**
   * How long one call keeps retrying transient failures (429, 500, 502, 503, 504, timeouts,
   * resets, refused connections), from its first attempt, in ms; default 60000, which rides out
   * an outage of 30 s or more. 0 disables retrying. A non-idempotent POST is still never repeated
   * after the server may have acted on it (see the retry rules).
   */
  retryBudgetMs?: number;
  /** How to raise {@link retryBudgetMs}, quoted when it runs out; default names this option. */
  retryBudgetHint?: string;
  /** Optional cap on the retries of one call on top of the budget; default: no cap. */
  maxRetries?: number;
  /** Base of the exponential backoff between retries; default 500. Small values suit tests. */
  retryBaseDelayMs?: number;
  /**
   * Longest backoff wait between two attempts; default 5000. A Retry-After is honoured even when
   * longer, as long as it ends within the retry budget; one beyond the budget ends the retries.
   */
  maxRetryDelayMs?: number;
  /** Items requested per page on list calls; default 100 (the server may cap it). */
  pageSize?: number;
  /** Extra PEM CA certificates trusted for TLS, in addition to the default roots. */
  caBundlePem?: string;
  /** Receives log lines; every line is redacted first. */
  logger?: ClientLogger;
}

/** List filters of `GET /integrations` and `GET /integrationflows`. */
export interface ListOptions {
  /** Only the caller's own items (`myIntegrations=1`). */
  myIntegrations?: boolean;
  /** `name` ascending or `-name` descending. */
  sortBy?: "name" | "-name";
}

/** Polling settings of {@link CloudWorksClient.waitForRun}. */
export interface WaitForRunOptions {
  /** Give up after this long; default 30 minutes. */
  timeoutMs?: number;
  /** Wait between two status reads; default 5000. */
  pollIntervalMs?: number;
}

const DEFAULTS = {
  region: "us1",
  timeoutMs: 60_000,
  retryBudgetMs: 60_000,
  retryBudgetHint: "raise the client's retryBudgetMs option to keep trying longer",
  maxRetries: Infinity,
  retryBaseDelayMs: 500,
  maxRetryDelayMs: 5_000,
  pageSize: 100,
};

/** The checked settings a {@link CloudWorksClient} is built from. @internal */
export interface ClientSettings {
  /** CloudWorks base URL, without the version suffix. */
  apiUrl: string;
  /** Anaplan auth base URL. */
  authUrl: string;
  /** Retry rules shared by the authenticator and the API caller. */
  policy: RetryPolicy;
  /** Items requested per page on list calls. */
  pageSize: number;
  /** Deadline of one HTTP attempt. */
  timeoutMs: number;
}

/**
 * Checks the options and fills in the defaults; makes no request. The checks run in the order the
 * options are documented, so the first bad one is the one reported.
 * @throws Error for missing credentials, an unknown region, a plain-http URL to a non-loopback
 * host, or a number out of range.
 * @internal
 */
export function resolveClientSettings(options: CloudWorksClientOptions): ClientSettings {
  if (!options || typeof options.credentials !== "object" || options.credentials === null) {
    throw new Error("CloudWorksClient needs credentials");
  }
  const endpoints = resolveEndpoints(options.region ?? DEFAULTS.region, {
    apiUrl: options.apiUrl,
    authUrl: options.authUrl,
  });
  assertSafeBaseUrl(endpoints.apiUrl, "apiUrl");
  assertSafeBaseUrl(endpoints.authUrl, "authUrl");
  const policy: RetryPolicy = {
    budgetMs: nonNegative(options.retryBudgetMs, DEFAULTS.retryBudgetMs, "retryBudgetMs"),
    budgetHint: options.retryBudgetHint || DEFAULTS.retryBudgetHint,
    maxRetries: nonNegative(options.maxRetries, DEFAULTS.maxRetries, "maxRetries"),
    baseDelayMs: nonNegative(
      options.retryBaseDelayMs,
      DEFAULTS.retryBaseDelayMs,
      "retryBaseDelayMs",
    ),
    maxDelayMs: nonNegative(options.maxRetryDelayMs, DEFAULTS.maxRetryDelayMs, "maxRetryDelayMs"),
  };
  return {
    apiUrl: endpoints.apiUrl,
    authUrl: endpoints.authUrl,
    policy,
    pageSize: positive(options.pageSize, DEFAULTS.pageSize, "pageSize"),
    timeoutMs: positive(options.timeoutMs, DEFAULTS.timeoutMs, "timeoutMs"),
  };
}

function nonNegative(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a non-negative number, got ${value}`);
  }
  return value;
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) {
    return fallback;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got ${value}`);
  }
  return value;
}
