import { AnaplanAuthenticator, TokenCache } from "./auth";
import { CloudWorksApiError, commitNote, describeRetries, unansweredText } from "./errors";
import type {
  HttpMethod,
  HttpOutcome,
  HttpRequest,
  HttpTransport,
  RetriedOutcome,
  RetryPolicy,
} from "./http";
import { isSuccess, outcomeLabel, parseJson, sendWithRetries } from "./http";
import { Log } from "./logging";
import { SecretRegistry } from "./redaction";
import { CLOUDWORKS_VERSION_PATH } from "./regions";

/** Per-call options. @internal */
export interface CallOptions {
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  /** JSON body. */
  body?: unknown;
  /** Lets the caller take a non-2xx answer (e.g. the "no errors" 404 of the dump endpoints). */
  accept?: (status: number, json: unknown) => boolean;
  /** A POST whose repetition has the same effect as one request (it sets a state), retried like a PUT. */
  replaySafe?: boolean;
}

/** A successful (or accepted) answer. @internal */
export interface Exchange {
  /** HTTP status. */
  status: number;
  /** Body text. */
  text: string;
  /** Body parsed as JSON, or undefined. */
  json: unknown;
}

/** A parsed JSON object. @internal */
export type JsonObject = Record<string, unknown>;

/** What an {@link ApiCaller} needs. @internal */
export interface ApiCallerOptions {
  /** CloudWorks base URL without the version suffix. */
  apiUrl: string;
  /** Transport. */
  transport: HttpTransport;
  /** Backoff settings. */
  policy: RetryPolicy;
  /** Token source of this identity. */
  auth: AnaplanAuthenticator;
  /** Token cache (the process-wide one). */
  tokens: TokenCache;
  /** Known secrets, for redaction. */
  secrets: SecretRegistry;
  /** Redacting logger. */
  log: Log;
}

/**
 * Performs one logical CloudWorks call: authorization header, retries, re-authentication on a
 * rejected token, envelope check, and a CloudWorksApiError built from redacted text only.
 * @internal
 */
export class ApiCaller {
  readonly #options: ApiCallerOptions;

  /** Keeps the collaborators; makes no request. */
  constructor(options: ApiCallerOptions) {
    this.#options = options;
  }

  /** Sends a request and returns the checked JSON envelope. */
  async call(method: HttpMethod, path: string, options: CallOptions = {}): Promise<JsonObject> {
    const exchange = await this.exchange(method, path, options);
    if (!isObject(exchange.json)) {
      throw this.protocolError(method, path, "the response is not a JSON object", method !== "GET");
    }
    return exchange.json;
  }

  /**
   * One logical call: retries per the retry rules, re-authenticates once on a rejected token,
   * and turns every failure into a CloudWorksApiError built from redacted text only.
   */
  async exchange(method: HttpMethod, path: string, options: CallOptions): Promise<Exchange> {
    const displayPath = `${CLOUDWORKS_VERSION_PATH}${path}`;
    const url = `${this.#options.apiUrl}${displayPath}${queryString(options.query)}`;
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    this.#options.secrets.addFromBody(options.body);

    let attemptsSoFar = 0;
    const callStarted = Date.now();
    for (let authRound = 0; ; authRound++) {
      let tokenUsed = "";
      const started = Date.now();
      const retried = await sendWithRetries({
        transport: this.#options.transport,
        method,
        policy: this.#options.policy,
        replaySafe: options.replaySafe,
        buildRequest: async (): Promise<HttpRequest> => {
          tokenUsed = await this.#options.tokens.getToken(
            this.#options.auth.cacheKey,
            this.#options.auth,
            this.#options.log,
          );
          this.#options.secrets.add(tokenUsed);
          return {
            method,
            url,
            body,
            headers: {
              Authorization: `AnaplanAuthToken ${tokenUsed}`,
              "Content-Type": "application/json",
              Accept: "application/json",
            },
          };
        },
        onRetry: ({ attempt, delayMs, reason }) =>
          this.#options.log(
            "warn",
            `CloudWorks ${method} ${displayPath} attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`,
          ),
      });
      const { outcome } = retried;
      attemptsSoFar += retried.attempts;
      // Attempts and time of the whole call, a re-authentication round included.
      const tally: RetriedOutcome = {
        ...retried,
        attempts: attemptsSoFar,
        elapsedMs: Date.now() - callStarted,
      };
      this.#options.log(
        "debug",
        `CloudWorks ${method} ${displayPath}${queryString(options.query)} -> ${outcomeLabel(outcome)} in ${Date.now() - started} ms`,
      );

      if (outcome.type === "response" && isTokenRejection(outcome)) {
        // The token expired or was revoked server-side (logout elsewhere, clock skew). A 401
        // means the request was not processed, so repeating it once with a new token is safe.
        this.#options.tokens.invalidate(this.#options.auth.cacheKey, tokenUsed);
        if (authRound === 0) {
          this.#options.log(
            "info",
            `CloudWorks rejected the token (${outcome.status}); authenticating again`,
          );
          continue;
        }
        throw this.outcomeError(method, displayPath, outcome, tally, "auth");
      }

      if (outcome.type === "response") {
        const json = parseJson(outcome.body);
        if (isSuccess(outcome.status)) {
          const envelopeCode = envelopeStatusCode(json);
          if (envelopeCode === undefined || isSuccess(envelopeCode)) {
            return { status: outcome.status, text: outcome.body, json };
          }
          // HTTP 200 with an error envelope: believe the envelope.
          throw this.outcomeError(
            method,
            displayPath,
            { ...outcome, status: envelopeCode },
            tally,
            "http",
          );
        }
        if (options.accept?.(outcome.status, json)) {
          return { status: outcome.status, text: outcome.body, json };
        }
        if (
          method === "DELETE" &&
          outcome.status === 404 &&
          retried.earlier.some((previous) => mayHaveCommitted(method, previous))
        ) {
          // An earlier attempt may have deleted the object and lost the answer (a 5xx after the
          // commit, a dropped response): "gone" on the retry is the outcome that was asked for.
          this.#options.log(
            "info",
            `CloudWorks DELETE ${displayPath}: gone on attempt ${attemptsSoFar} after an earlier attempt that may have applied; taken as deleted`,
          );
          return { status: outcome.status, text: outcome.body, json: {} };
        }
      }
      throw this.outcomeError(method, displayPath, outcome, tally, "http");
    }
  }

  private outcomeError(
    method: HttpMethod,
    displayPath: string,
    outcome: HttpOutcome,
    tally: RetriedOutcome,
    kind: "http" | "auth",
  ): CloudWorksApiError {
    const redact = (text: string) => this.#options.secrets.redact(text);
    const attempts = tally.attempts;
    const suffix = describeRetries(tally, this.#options.policy);
    const committed = mayHaveCommitted(method, outcome);
    switch (outcome.type) {
      case "timeout":
      case "network":
        return new CloudWorksApiError({
          method,
          path: displayPath,
          kind: outcome.type,
          mayHaveCommitted: committed,
          attempts,
          detail: `${unansweredText(outcome, redact)}${suffix}${commitNote(committed)}`,
        });
      case "response": {
        const json = parseJson(outcome.body);
        const apiMessage = redact(apiMessageOf(json, outcome));
        const traceId = traceIdOf(json, outcome.headers);
        const text =
          `${outcome.status} ${apiMessage}` +
          (traceId ? ` (traceId ${traceId})` : "") +
          suffix +
          commitNote(committed);
        return new CloudWorksApiError({
          method,
          path: displayPath,
          status: outcome.status,
          apiMessage,
          traceId: traceId ? redact(traceId) : undefined,
          kind,
          mayHaveCommitted: committed,
          attempts,
          detail: text,
        });
      }
    }
  }

  // A success status whose body lacks the expected member. For a POST the object was most likely
  // created, so the resource layer is told to look it up rather than create it again.
  protocolError(
    method: HttpMethod,
    path: string,
    problem: string,
    committed: boolean,
  ): CloudWorksApiError {
    return new CloudWorksApiError({
      method,
      path: `${CLOUDWORKS_VERSION_PATH}${path}`,
      status: 200,
      kind: "http",
      mayHaveCommitted: committed,
      detail: `unexpected response: ${problem}${commitNote(committed)}`,
    });
  }

  /** The value, when it is a non-empty string; otherwise a protocol error. */
  requireString(method: HttpMethod, path: string, value: unknown, what: string): string {
    if (typeof value === "string" && value.length > 0) {
      return value;
    }
    throw this.protocolError(method, path, `missing ${what}`, method !== "GET");
  }

  /** The value, when it is an object; otherwise a protocol error. */
  requireObject(method: HttpMethod, path: string, value: unknown, what: string): JsonObject {
    if (isObject(value)) {
      return value;
    }
    throw this.protocolError(method, path, `missing "${what}" object`, method !== "GET");
  }
}

/**
 * Whether a failed request may have been applied. GET never changes anything; for the other
 * methods a 4xx is a refusal, while a timeout, a 5xx or a connection dropped after the request
 * went out leave the outcome unknown.
 */
function mayHaveCommitted(method: HttpMethod, outcome: HttpOutcome): boolean {
  if (method === "GET") {
    return false;
  }
  switch (outcome.type) {
    case "timeout":
      return true;
    case "network":
      return outcome.requestSent;
    case "response":
      return outcome.status >= 500;
  }
}

// Apiary documents 403 "Not Authorized" for an expired token, while live tenants answer 401; a
// 403 "Not Permitted" (missing role) is a real refusal and is not retried.
function isTokenRejection(outcome: Extract<HttpOutcome, { type: "response" }>): boolean {
  if (outcome.status === 401) {
    return true;
  }
  if (outcome.status !== 403) {
    return false;
  }
  const message = apiMessageOf(parseJson(outcome.body), outcome);
  return /not authori[sz]ed|token/i.test(message);
}

/** True for the JSON 404 the dump endpoints answer when a run had nothing to dump. @internal */
export function isNoErrorsAnswer(json: unknown): boolean {
  const code = envelopeStatusCode(json);
  const message = isObject(json) && isObject(json.status) ? json.status.message : undefined;
  return code === 404 && typeof message === "string" && /no errors|successful/i.test(message);
}

function envelopeStatusCode(json: unknown): number | undefined {
  if (isObject(json) && isObject(json.status) && typeof json.status.code === "number") {
    return json.status.code;
  }
  return undefined;
}

function apiMessageOf(
  json: unknown,
  outcome: { status: number; headers: Record<string, string> },
): string {
  if (isObject(json)) {
    const status = json.status;
    if (isObject(status) && typeof status.message === "string") {
      return status.message;
    }
    if (typeof json.message === "string") {
      return json.message;
    }
    if (typeof json.statusMessage === "string") {
      return json.statusMessage;
    }
  }
  const type = outcome.headers["content-type"]?.split(";")[0] || "unknown content type";
  return outcome.status === 404
    ? `Not Found (non-JSON ${type} response: the path is not routed)`
    : `(non-JSON ${type} response)`;
}

function traceIdOf(json: unknown, headers: Record<string, string>): string | undefined {
  const fromBody = isObject(json)
    ? (json.traceId ?? (isObject(json.status) ? json.status.traceId : undefined))
    : undefined;
  if (typeof fromBody === "string" && fromBody) {
    return fromBody;
  }
  return headers["x-trace-id"] || headers["x-b3-traceid"] || headers["x-request-id"] || undefined;
}

function queryString(query?: Record<string, string | number | undefined>): string {
  if (!query) {
    return "";
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The member `key` of `json` when it is an object. @internal */
export function child(json: JsonObject, key: string): JsonObject | undefined {
  const value = json[key];
  return isObject(value) ? value : undefined;
}

/** Plain-object check (arrays and null excluded). @internal */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
