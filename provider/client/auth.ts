import * as crypto from "crypto";
import {
  buildCertificateAuthBody,
  CertificatePayloadFormat,
  CertificateSigner,
  certificateAuthorizationHeader,
  loadPemCertificate,
  loadPkcs12Certificate,
} from "./certificate";
import { AnaplanAuthError } from "./errors";
import { HttpMethod, HttpRequest, HttpTransport, isSuccess, outcomeLabel, parseJson } from "./http";
import { Log } from "./logging";
import { SecretRegistry } from "./redaction";
import { describeRetries, RetriedOutcome, RetryPolicy, sendWithRetries } from "./retry";
import { TokenSource } from "./tokenCache";
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
 * certificate), refresh and logout. Token caching lives in the token cache, not here.
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
    const { credentials, secrets } = options;
    this.cacheKey = `${options.authUrl}#${identityHash(credentials)}`;
    switch (credentials.kind) {
      case "basic":
        secrets.add(
          credentials.password,
          Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64"),
        );
        break;
      case "certificate":
        secrets.add(credentials.privateKeyPem, credentials.privateKeyPassphrase);
        break;
      case "pkcs12":
        secrets.add(
          credentials.password,
          typeof credentials.pkcs12 === "string"
            ? credentials.pkcs12
            : credentials.pkcs12.toString("base64"),
        );
        break;
    }
  }

  /** `POST /token/authenticate` with Basic or CACertificate credentials; expects 201. */
  async authenticate(): Promise<TokenInfo> {
    const { credentials } = this.#options;
    if (credentials.kind === "basic") {
      const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString(
        "base64",
      );
      return this.tokenCall({
        operation: "authentication",
        path: "/token/authenticate",
        headers: () => ({ Authorization: `Basic ${basic}` }),
      });
    }
    const signer = this.loadSigner();
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
    const info = await this.tokenCall({
      operation: "token refresh",
      path: "/token/refresh",
      headers: () => ({ Authorization: `AnaplanAuthToken ${tokenValue}` }),
    });
    return { ...info, tokenValue: info.tokenValue || tokenValue };
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

  private loadSigner(): CertificateSigner {
    if (!this.#signer) {
      const { credentials } = this.#options;
      this.#signer =
        credentials.kind === "certificate"
          ? loadPemCertificate(
              credentials.certificatePem,
              credentials.privateKeyPem,
              credentials.privateKeyPassphrase,
            )
          : loadPkcs12Certificate(
              (credentials as Pkcs12Credentials).pkcs12,
              (credentials as Pkcs12Credentials).password,
            );
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
    if (outcome.type === "timeout") {
      return new AnaplanAuthError({
        operation,
        method: "POST",
        path,
        kind: "timeout",
        attempts,
        detail: `no response within ${outcome.timeoutMs} ms${tries}`,
      });
    }
    if (outcome.type === "network") {
      return new AnaplanAuthError({
        operation,
        method: "POST",
        path,
        kind: "network",
        attempts,
        detail: `network error ${redact(outcome.description)}${tries}`,
      });
    }
    const body = parseJson(outcome.body) as
      { status?: unknown; statusMessage?: unknown } | undefined;
    const authStatus = typeof body?.status === "string" ? redact(body.status) : undefined;
    const apiMessage =
      typeof body?.statusMessage === "string" ? redact(body.statusMessage) : undefined;
    const rejected = outcome.status === 401 || outcome.status === 403;
    const said = [String(outcome.status), authStatus, apiMessage].filter(Boolean).join(" ");
    return new AnaplanAuthError({
      operation,
      method: "POST",
      path,
      status: outcome.status,
      authStatus,
      apiMessage,
      kind: rejected ? "credentials" : "http",
      attempts,
      detail: rejected
        ? this.rejectionText(outcome.status, authStatus, apiMessage, path)
        : `${said}${tries}`,
    });
  }

  private rejectionText(
    status: number,
    authStatus: string | undefined,
    apiMessage: string | undefined,
    path: string,
  ): string {
    const said = [String(status), authStatus, apiMessage].filter(Boolean).join(" ");
    if (path !== "/token/authenticate") {
      return `${said}; the token was rejected`;
    }
    const hint =
      this.#options.credentials.kind === "basic"
        ? "check the username and password (SSO users must be Exception Users to use basic authentication)"
        : "check that the certificate is issued by a CA registered in Anaplan Administration, " +
          "is linked to the user, is not expired, and that the private key matches it";
    return `${said}; ${hint}`;
  }
}

function identityHash(credentials: AnaplanCredentials): string {
  const parts: string[] = [credentials.kind];
  switch (credentials.kind) {
    case "basic":
      parts.push(credentials.username, credentials.password);
      break;
    case "certificate":
      parts.push(
        credentials.certificatePem,
        credentials.privateKeyPem,
        credentials.privateKeyPassphrase ?? "",
      );
      break;
    case "pkcs12":
      parts.push(
        typeof credentials.pkcs12 === "string"
          ? credentials.pkcs12.replace(/\s+/g, "")
          : credentials.pkcs12.toString("base64"),
        credentials.password,
      );
      break;
  }
  return crypto.createHash("sha256").update(JSON.stringify(parts)).digest("hex");
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
