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
      const response = await this.client.request<unknown>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        signal: controller.signal,
        // Loopback traffic (the emulator) must never go through a corporate proxy; for anything
        // else axios applies HTTPS_PROXY/HTTP_PROXY/NO_PROXY itself, with CONNECT for https.
        proxy: isLoopbackHost(new URL(request.url).hostname) ? false : undefined,
      });
      this.answered.add(new URL(request.url).origin);
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
