// Anaplan sign-in for one identity (authenticate, refresh, logout) and the process-wide cache of
// the tokens it obtains: everything a request needs before its Authorization header exists.
import * as crypto from "crypto";
import {
  buildCertificateAuthBody,
  CertificatePayloadFormat,
  CertificateSigner,
  certificateAuthorizationHeader,
  loadPemCertificate,
  loadPkcs12Certificate,
} from "./certificate";
import { AnaplanAuthError, describeRetries, statusLine, unansweredText } from "./errors";
import type { HttpMethod, HttpRequest, HttpTransport, RetriedOutcome, RetryPolicy } from "./http";
import { isSuccess, outcomeLabel, parseJson, sendWithRetries } from "./http";
import { Log } from "./logging";
import { SecretRegistry } from "./redaction";
import { TokenInfo } from "./types";

/** Anaplan basic authentication (SSO users must be Exception Users). */
export interface BasicCredentials {
  /** Credentials kind discriminator. */
  kind: "basic";
  /** Anaplan user name (e-mail address). */
  username: string;
  /** Anaplan password; secret. */
  password: string;
}

/** CA-certificate authentication with a PEM certificate and PEM private key. */
export interface CertificateCredentials {
  /** Credentials kind discriminator. */
  kind: "certificate";
  /** PEM client certificate issued by a CA registered in Anaplan. Only its certificate blocks are sent. */
  certificatePem: string;
  /** PEM RSA private key: unencrypted, encrypted PKCS#8 or traditional encrypted; secret. */
  privateKeyPem: string;
  /** Passphrase of an encrypted private key; secret. */
  privateKeyPassphrase?: string;
  /** Signed payload format; default `"v1"`. */
  format?: CertificatePayloadFormat;
}

/** CA-certificate authentication with a PKCS#12 (.p12/.pfx) bundle. */
export interface Pkcs12Credentials {
  /** Credentials kind discriminator. */
  kind: "pkcs12";
  /** The bundle's bytes, or their base64; secret. */
  pkcs12: Buffer | string;
  /** The bundle's password; secret. */
  password: string;
  /** Signed payload format; default `"v1"`. */
  format?: CertificatePayloadFormat;
}

/** How the client authenticates to Anaplan. */
export type AnaplanCredentials = BasicCredentials | CertificateCredentials | Pkcs12Credentials;

/** Settings of an {@link AnaplanAuthenticator}. @internal */
export interface AnaplanAuthenticatorOptions {
  /** Auth API base URL, e.g. `https://auth.anaplan.com`. */
  authUrl: string;
  /** The identity. */
  credentials: AnaplanCredentials;
  /** Transport shared with the CloudWorks calls. */
  transport: HttpTransport;
  /** Backoff settings. */
  policy: RetryPolicy;
  /** Where the credentials and tokens are registered for redaction. */
  secrets: SecretRegistry;
  /** Redacting logger. */
  log: Log;
}

interface AuthCall {
  operation: string;
  path: string;
  headers: () => Record<string, string>;
  body?: () => string;
}

/**
 * Talks to the Anaplan authentication API for one identity: authenticate (basic or CA
 * certificate), refresh and logout. The tokens are kept by the {@link TokenCache} below.
 * @internal
 */
export class AnaplanAuthenticator implements TokenSource {
  /** Cache key: the auth URL plus a hash of the whole identity, secrets included, so that a wrong password never shares a token obtained with the right one. */
  readonly cacheKey: string;
  // Native private fields so that util.inspect never prints the credentials or the key.
  readonly #options: AnaplanAuthenticatorOptions;
  #signer?: CertificateSigner;

  /** Registers the credentials for redaction and derives the cache key; makes no request. */
  constructor(options: AnaplanAuthenticatorOptions) {
    this.#options = options;
    const identity = identityOf(options.credentials);
    this.cacheKey = `${options.authUrl}#${identity.hash}`;
    options.secrets.add(...identity.secrets);
  }

  /** `POST /token/authenticate` with Basic or CACertificate credentials; expects 201. */
  async authenticate(): Promise<TokenInfo> {
    const { credentials } = this.#options;
    if (credentials.kind === "basic") {
      const basic = basicToken(credentials);
      return this.tokenCall({
        operation: "authentication",
        path: "/token/authenticate",
        headers: () => ({ Authorization: `Basic ${basic}` }),
      });
    }
    const signer = this.loadSigner(credentials);
    const format = credentials.format ?? "v1";
    return this.tokenCall({
      operation: "authentication",
      path: "/token/authenticate",
      headers: () => ({ Authorization: certificateAuthorizationHeader(signer.certificatePem) }),
      // Rebuilt per attempt: a v2 payload carries a timestamp and must not be replayed.
      body: () => JSON.stringify(buildCertificateAuthBody(signer.privateKey, format)),
    });
  }

  /** `POST /token/refresh`: the same token value comes back with a later `expiresAt`. */
  async refresh(tokenValue: string): Promise<TokenInfo> {
    // tokenCall only answers a non-empty tokenValue, so the answer is the token as it is now.
    return this.tokenCall({
      operation: "token refresh",
      path: "/token/refresh",
      headers: () => ({ Authorization: `AnaplanAuthToken ${tokenValue}` }),
    });
  }

  /** `POST /token/logout` (204). A 401 means the token is already dead, which is the goal. */
  async logout(tokenValue: string): Promise<void> {
    const retried = await this.send({
      operation: "logout",
      path: "/token/logout",
      headers: () => ({ Authorization: `AnaplanAuthToken ${tokenValue}` }),
    });
    const { outcome } = retried;
    if (outcome.type === "response" && (isSuccess(outcome.status) || outcome.status === 401)) {
      return;
    }
    throw this.failure("logout", "/token/logout", retried);
  }

  private loadSigner(credentials: CertificateCredentials | Pkcs12Credentials): CertificateSigner {
    if (!this.#signer) {
      this.#signer =
        credentials.kind === "certificate"
          ? loadPemCertificate(
              credentials.certificatePem,
              credentials.privateKeyPem,
              credentials.privateKeyPassphrase,
            )
          : loadPkcs12Certificate(credentials.pkcs12, credentials.password);
    }
    return this.#signer;
  }

  private async tokenCall(call: AuthCall): Promise<TokenInfo> {
    const retried = await this.send(call);
    const { outcome } = retried;
    if (outcome.type === "response" && isSuccess(outcome.status)) {
      const info = parseTokenInfo(outcome.body);
      if (info) {
        this.#options.secrets.add(info.tokenValue);
        return info;
      }
      throw new AnaplanAuthError({
        operation: call.operation,
        method: "POST",
        path: call.path,
        status: outcome.status,
        kind: "http",
        detail: `${outcome.status} response without tokenInfo.tokenValue`,
      });
    }
    throw this.failure(call.operation, call.path, retried);
  }

  private async send(call: AuthCall): Promise<RetriedOutcome> {
    const method: HttpMethod = "POST";
    const url = `${this.#options.authUrl}${call.path}`;
    const started = Date.now();
    const retried = await sendWithRetries({
      transport: this.#options.transport,
      method,
      policy: this.#options.policy,
      // Token calls create no user-visible object, so repeating one after an ambiguous failure
      // is harmless; they are retried like idempotent requests.
      replaySafe: true,
      buildRequest: async (): Promise<HttpRequest> => ({
        method,
        url,
        headers: {
          ...call.headers(),
          Accept: "application/json",
          "Content-Type": "application/json",
        },
        body: call.body?.(),
      }),
      onRetry: ({ attempt, delayMs, reason }) =>
        this.#options.log(
          "warn",
          `Anaplan POST ${call.path} attempt ${attempt} failed (${reason}); retrying in ${delayMs} ms`,
        ),
    });
    // A timeout is logged as a bare "timeout": the elapsed time follows on the same line.
    const label = retried.outcome.type === "timeout" ? "timeout" : outcomeLabel(retried.outcome);
    this.#options.log(
      "debug",
      `Anaplan POST ${call.path} -> ${label} in ${Date.now() - started} ms`,
    );
    return retried;
  }

  private failure(operation: string, path: string, retried: RetriedOutcome): AnaplanAuthError {
    const redact = (text: string) => this.#options.secrets.redact(text);
    const { outcome, attempts } = retried;
    const tries = describeRetries(retried, this.#options.policy);
    const call = { operation, method: "POST", path, attempts };
    if (outcome.type !== "response") {
      const detail = `${unansweredText(outcome, redact)}${tries}`;
      return new AnaplanAuthError({ ...call, kind: outcome.type, detail });
    }
    const body = parseJson(outcome.body) as
      { status?: unknown; statusMessage?: unknown } | undefined;
    const authStatus = typeof body?.status === "string" ? redact(body.status) : undefined;
    const apiMessage =
      typeof body?.statusMessage === "string" ? redact(body.statusMessage) : undefined;
    const rejected = outcome.status === 401 || outcome.status === 403;
    const said = statusLine(outcome.status, authStatus, apiMessage);
    return new AnaplanAuthError({
      ...call,
      status: outcome.status,
      authStatus,
      apiMessage,
      kind: rejected ? "credentials" : "http",
      detail: rejected ? `${said}; ${this.rejectionHint(path)}` : `${said}${tries}`,
    });
  }

  // A rejected login is about the credentials; a rejected refresh or logout, about the token.
  private rejectionHint(path: string): string {
    if (path !== "/token/authenticate") {
      return "the token was rejected";
    }
    return this.#options.credentials.kind === "basic"
      ? "check the username and password (SSO users must be Exception Users to use basic authentication)"
      : "check that the certificate is issued by a CA registered in Anaplan Administration, " +
          "is linked to the user, is not expired, and that the private key matches it";
  }
}

/** The base64 `user:password` of a Basic Authorization header. */
function basicToken(credentials: BasicCredentials): string {
  return Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
}

/**
 * What an identity is made of, decided in one place per credentials kind: the hash of every value
 * that tells it apart from another (secrets included, so that a wrong password never shares a
 * token obtained with the right one) and the values that must never be printed.
 */
function identityOf(credentials: AnaplanCredentials): {
  hash: string;
  secrets: (string | undefined)[];
} {
  let parts: string[];
  let secrets: (string | undefined)[];
  switch (credentials.kind) {
    case "basic":
      parts = [credentials.username, credentials.password];
      secrets = [credentials.password, basicToken(credentials)];
      break;
    case "certificate":
      parts = [
        credentials.certificatePem,
        credentials.privateKeyPem,
        credentials.privateKeyPassphrase ?? "",
      ];
      secrets = [credentials.privateKeyPem, credentials.privateKeyPassphrase];
      break;
    case "pkcs12": {
      const bundle =
        typeof credentials.pkcs12 === "string"
          ? credentials.pkcs12
          : credentials.pkcs12.toString("base64");
      // Line breaks in a pasted base64 bundle do not make it another identity.
      parts = [bundle.replace(/\s+/g, ""), credentials.password];
      secrets = [credentials.password, bundle];
      break;
    }
  }
  const hash = crypto
    .createHash("sha256")
    .update(JSON.stringify([credentials.kind, ...parts]))
    .digest("hex");
  return { hash, secrets };
}

function parseTokenInfo(body: string): TokenInfo | undefined {
  const parsed = parseJson(body) as { tokenInfo?: Partial<TokenInfo> } | undefined;
  const info = parsed?.tokenInfo;
  if (!info || typeof info.tokenValue !== "string" || info.tokenValue.length === 0) {
    return undefined;
  }
  return {
    tokenValue: info.tokenValue,
    expiresAt: Number(info.expiresAt),
    tokenId: String(info.tokenId ?? ""),
    refreshTokenId: String(info.refreshTokenId ?? ""),
  };
}

// The token an identity keeps: cached per process, refreshed before it expires.

/** A token held by the cache. @internal */
export interface CachedToken {
  /** The token value. */
  value: string;
  /** Expiry, epoch milliseconds, as the auth service stated it. */
  expiresAt: number;
  /** When it was obtained or last refreshed, epoch milliseconds. */
  obtainedAt: number;
}

/** What the cache needs to obtain tokens for one identity. @internal */
export interface TokenSource {
  /** Authenticates from scratch. */
  authenticate(): Promise<TokenInfo>;
  /** Extends the lifetime of a still-valid token. */
  refresh(tokenValue: string): Promise<TokenInfo>;
}

interface Entry {
  token?: CachedToken;
  pending?: Promise<CachedToken>;
}

const FIVE_MINUTES = 5 * 60 * 1000;
// With less life left than this, a refresh would race the expiry; authenticate instead.
const MAX_REFRESH_FLOOR_MS = 2000;

/**
 * How long before expiry a token is refreshed: 5 minutes, or a third of the lifetime for tokens
 * that live less than 15 minutes (so a short-lived token is not refreshed on every call).
 * @internal
 */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(FIVE_MINUTES, Math.max(0, lifetimeMs) / 3);
}

/**
 * Anaplan tokens keyed by (auth URL, identity). One pulumi provider process serves every resource
 * of a deployment and may build several clients; sharing the cache means they authenticate once,
 * and concurrent callers wait on the same in-flight authenticate or refresh instead of each
 * starting their own (Anaplan counts token creation against the user).
 * @internal
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();

  /** @param now clock, replaceable in tests. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Returns a usable token, refreshing or authenticating when needed. */
  async getToken(key: string, source: TokenSource, log?: Log): Promise<string> {
    const entry = this.entry(key);
    const token = entry.token;
    if (
      token &&
      this.now() < token.expiresAt - refreshMarginMs(token.expiresAt - token.obtainedAt)
    ) {
      return token.value;
    }
    if (!entry.pending) {
      const pending = this.obtain(token, source, log).then((fresh) => {
        entry.token = fresh;
        return fresh;
      });
      entry.pending = pending;
      // Cleared whichever way it ends, so a failure is not cached and the next caller retries.
      pending.then(
        () => this.clearPending(entry, pending),
        () => this.clearPending(entry, pending),
      );
    }
    return (await entry.pending).value;
  }

  /**
   * Forgets `tokenValue` after the API rejected it. A different (newer) cached token is kept, so
   * a burst of 401s for the same old token causes one re-authentication, not one per request.
   */
  invalidate(key: string, tokenValue: string): void {
    const entry = this.entries.get(key);
    if (entry?.token?.value === tokenValue) {
      entry.token = undefined;
    }
  }

  /** Removes and returns the identity's token (for logout). */
  remove(key: string): CachedToken | undefined {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    return entry?.token;
  }

  /** Forgets every token. */
  clear(): void {
    this.entries.clear();
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = {};
      this.entries.set(key, entry);
    }
    return entry;
  }

  private clearPending(entry: Entry, pending: Promise<CachedToken>): void {
    if (entry.pending === pending) {
      entry.pending = undefined;
    }
  }

  private async obtain(
    current: CachedToken | undefined,
    source: TokenSource,
    log?: Log,
  ): Promise<CachedToken> {
    const floor = current
      ? Math.min(MAX_REFRESH_FLOOR_MS, refreshMarginMs(current.expiresAt - current.obtainedAt) / 2)
      : 0;
    if (current && this.now() < current.expiresAt - floor) {
      try {
        const refreshed = await source.refresh(current.value);
        log?.("debug", `Anaplan token refreshed; it now expires at ${iso(refreshed.expiresAt)}`);
        return this.toCached(refreshed, current.value);
      } catch (error) {
        // A refresh can fail because the token was logged out or revoked server-side; a full
        // authentication recovers from that, and its own failure is the one worth reporting.
        log?.(
          "warn",
          `Anaplan token refresh failed (${(error as Error).message}); authenticating again`,
        );
      }
    }
    const fresh = await source.authenticate();
    log?.("info", `Anaplan authentication succeeded; the token expires at ${iso(fresh.expiresAt)}`);
    return this.toCached(fresh);
  }

  private toCached(info: TokenInfo, previousValue?: string): CachedToken {
    const now = this.now();
    const expiresAt =
      typeof info.expiresAt === "number" && Number.isFinite(info.expiresAt)
        ? info.expiresAt
        : now + 30 * 60 * 1000;
    return { value: info.tokenValue || previousValue || "", expiresAt, obtainedAt: now };
  }
}

function iso(epochMs: number): string {
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? String(epochMs) : date.toISOString();
}

/** The process-wide token cache shared by every client. @internal */
export const sharedTokenCache = new TokenCache();

/**
 * Forgets every cached Anaplan token in this process (the tokens stay valid server-side until
 * they expire; use `CloudWorksClient.logout()` to revoke one).
 */
export function clearTokenCache(): void {
  sharedTokenCache.clear();
}
