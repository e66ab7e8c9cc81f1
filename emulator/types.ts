/** Public option and handle types of the emulator. */
import type { TenantState } from "./store";

/** A user who can log in with Basic auth, or with a certificate naming them. */
export interface EmulatorUser {
  /** Login name, normally an email address; also matched against certificate CN / email. */
  username: string;
  /** Basic-auth password. */
  password: string;
  /** 32-hex GUID; derived from the username when omitted, so it is stable across restarts. */
  userGuid?: string;
  /** Shown in `createdBy` and notification users. Defaults to the part of the username before `@`. */
  firstName?: string;
  /** Shown in `createdBy` and notification users. Defaults to `""`. */
  lastName?: string;
}

/** Token-bucket rate limit applied to every API request (not to the admin API). */
export interface RateLimitOptions {
  /** Bucket size: how many requests may burst. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

/** How a simulated run ends; set with {@link RunningEmulator.setRunOutcome}. */
export interface RunOutcome {
  /** Whether the run succeeds. */
  success: boolean;
  /** `latestRun.message`; defaults to `Success`, or `Process failed` on failure. */
  message?: string;
  /** `executionErrorCode`; defaults to null on success and 12 on failure. */
  executionErrorCode?: number | null;
  /**
   * Rows of the failure dump for an import (first row is the header), served as CSV by
   * `GET /integrations/run/{runId}/dumps`. A small default dump is used when omitted.
   */
  errorRows?: string[][];
  /** `localMessageText` of the run error; defaults to a row-count summary. */
  errorText?: string;
  /** Apply to the next run only, then fall back to the default (success). */
  once?: boolean;
}

/**
 * What a fault does:
 * - `latency`: delay the response by `latencyMs`, then continue normally;
 * - `status`: answer `status` (429, 500 or 503) without applying the request;
 * - `reset`: destroy the socket without applying the request or answering;
 * - `commitThenFail`: apply the request, then answer 500;
 * - `drop`: apply the request, then destroy the socket (the response is lost).
 */
export type FaultKind = "latency" | "status" | "reset" | "commitThenFail" | "drop";

/** A fault injected into matching requests. */
export interface FaultRule {
  /** Set by the emulator when the rule is added; used to remove it. */
  id?: string;
  /** HTTP method to match (case-insensitive); any method when omitted or `*`. */
  method?: string;
  /**
   * Path to match, without the query string. `*` and `{anything}` match one segment, `**`
   * matches any rest (e.g. `/2/0/integrations/*`, `/2/0/**`). Any path when omitted.
   */
  path?: string;
  /** What happens to a request the rule fires on. */
  kind: FaultKind;
  /** For `status`: 429, 500 or 503. */
  status?: 429 | 500 | 503;
  /** For a 429: the `Retry-After` header, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** For `latency`: milliseconds added. */
  latencyMs?: number;
  /** Fire only on the N-th matching request (1-based). Overrides `after`/`times`/`percent`. */
  nth?: number;
  /** Let this many matching requests through before firing (default 0). */
  after?: number;
  /** Fire at most this many times (default: no limit). */
  times?: number;
  /** Fire on this percentage (0–100) of eligible requests (default 100). */
  percent?: number;
  /**
   * Makes `percent` a replayable schedule instead of `Math.random()`: whether the rule fires on a
   * request is a hash of the seed, the rule's settings, the request's method and route (IDs
   * replaced by `{id}`) and how many requests of that route the rule has seen. The same seed
   * therefore fails the same occurrences of each route on every run, whatever the interleaving
   * of concurrent requests of different routes.
   */
  seed?: number;
}

/** A fault rule with its live counters. */
export interface FaultRuleStatus extends FaultRule {
  /** The rule's ID. */
  id: string;
  /** Requests that matched method and path so far. */
  matched: number;
  /** Requests the rule fired on so far. */
  fired: number;
}

/** Adds and removes fault rules on a running emulator. */
export interface FaultController {
  /** Add a rule; returns its ID. Throws on an invalid rule. */
  add(rule: FaultRule): string;
  /** Remove one rule; false when no rule has that ID. */
  remove(id: string): boolean;
  /** Remove every rule. */
  clear(): void;
  /** The current rules with their counters. */
  list(): FaultRuleStatus[];
}

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Users who may log in. Default: `demo@example.com` / `demo-password` (Demo User). */
  users?: EmulatorUser[];
  /** PEM CA certificates the tenant trusts for certificate login (as a tenant admin uploads them). */
  trustedCaCertificates?: string[];
  /** Lifetime of issued tokens and of each refresh, in ms. Default 35 minutes (§8). */
  tokenLifetimeMs?: number;
  /** Accepted clock skew of a v2 certificate payload's timestamp, in ms. Default ±5 minutes. */
  certificateTimestampWindowMs?: number;
  /** Status for an expired token on CloudWorks routes: 401 (default, §12) or 403 as Apiary documents. */
  expiredTokenStatus?: 401 | 403;
  /** Status for "Duplicate resource name not allowed": 400 (default, §12) or 500 as Apiary lists. */
  duplicateNameStatus?: 400 | 500;
  /** Tenant cap on integrations plus flows. Default 500. */
  maxIntegrations?: number;
  /** Page size when `limit` is absent. Default 25. */
  defaultPageSize?: number;
  /** Larger `limit` values are silently reduced to this. Default 100. */
  maxPageSize?: number;
  /** How long a simulated integration run (or each flow step) takes, in ms. Default 300. */
  runDurationMs?: number;
  /** Latency added to every API request, in ms. Default 0. */
  latencyMs?: number;
  /** Optional token-bucket rate limit; exhausted → 429 with `Retry-After`. */
  rateLimit?: RateLimitOptions;
  /** Fault rules active from the start. */
  faults?: FaultRule[];
  /** JSON file holding the tenant: loaded at start if present, rewritten after each change. */
  stateFile?: string;
  /** `customerGuid` reported by `/token/validate`. Default: derived from a fixed seed. */
  customerGuid?: string;
  /** Receives one line per request and the reason of every 4xx/5xx; silent by default. */
  logger?: (line: string) => void;
  /**
   * When set, every `/__emulator/` request must carry it in the `x-emulator-admin-token` header
   * (401 otherwise). The admin API can read connection secrets and reset the tenant, so set it
   * whenever something else on the machine may reach the port.
   */
  adminToken?: string;
  /**
   * Shape of `runs` in a failed run's `GET /integrations/runerror/{runId}`: `"list"` (default,
   * Apiary and SETI) or `"object"`, the single object a live-tested client (anaplan-sdk) reads
   * (§5.4). Clients must accept both.
   */
  runErrorsShape?: "list" | "object";
  /**
   * `triggerSource` of runs the API starts. Default `manual` (SETI: API runs read `manual`).
   * Integration runs started by a flow step read `manual_inf` (or `scheduled_inf` when this is
   * `scheduled`); other values, e.g. `nux_dashboard`, are recorded as given. Live values include
   * `scheduled`, `manual`, `scheduled_inf`, `manual_inf` and `nux_dashboard` (§5.3).
   */
  triggerSource?: string;
  /**
   * What a notification PUT/POST naming a user GUID the tenant does not know does: `"accept"`
   * (default: stored, read back with empty-string names) or `"reject"` (400 "Invalid request
   * body"). Which one CloudWorks does is unknown; see README.
   */
  unknownNotificationUsers?: "accept" | "reject";
}

/** A user as the emulator resolved it (no password). */
export interface EmulatorUserInfo {
  /** Login name. */
  username: string;
  /** 32-hex GUID, usable in notification configs. */
  userGuid: string;
  /** First name. */
  firstName: string;
  /** Last name. */
  lastName: string;
  /** `firstName lastName`, used in `createdBy`/`triggeredBy`. */
  displayName: string;
}

/** A started emulator and its test hooks. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`: both the auth URL and the CloudWorks base (append `/2/0`). */
  readonly url: string;
  /** The port actually bound. */
  readonly port: number;
  /**
   * The live tenant, in API field names; change it to simulate edits made in the UI. Call
   * {@link RunningEmulator.saveState} afterwards when a state file is used.
   */
  readonly state: TenantState;
  /** Users who may log in (without passwords). */
  readonly users: readonly EmulatorUserInfo[];
  /** Fault rules. */
  readonly faults: FaultController;
  /** Close the server and every open connection, stop simulated runs, flush the state file. */
  stop(): Promise<void>;
  /** Requests per route template, e.g. `{"GET /2/0/integrations/connections": 3}`. */
  requestCounts(): Record<string, number>;
  /** Zero the request counts. */
  resetCounts(): void;
  /** Empty the tenant and stop simulated runs; tokens, faults and counts are kept. */
  reset(): void;
  /** Make every issued token expired (they stay known, so the expired status applies). */
  expireAllTokens(): void;
  /** Decide how runs of an integration or flow end; null restores the default (success). */
  setRunOutcome(integrationOrFlowId: string, outcome: RunOutcome | null): void;
  /** Write the tenant to the state file now (after out-of-band edits); no-op without one. */
  saveState(): void;
}
