/**
 * A tiny scriptable HTTP server on 127.0.0.1 for the cases that need exact control over failure
 * timing (resets, hangs, Retry-After, commit-then-fail). Endpoint behaviour is tested against the
 * real emulator instead. Also a minimal HTTPS endpoint for the transport tests (CAs, TLS versions,
 * proxies) and a URL where nothing listens, for a stopped server.
 */
import * as http from "http";
import * as https from "https";
import * as net from "net";
import { AddressInfo } from "net";
import type { Issued } from "./pki";

/** A request as the server (or the recording proxy) received it. */
export interface RecordedRequest {
  /** The HTTP method. */
  method: string;
  /** The path with its query string. */
  path: string;
  /** The request headers. */
  headers: http.IncomingHttpHeaders;
  /** The body as text ("" when there was none). */
  body: string;
}

/** Answers one non-token request; `count` is its 1-based number among them. */
export type Handler = (
  request: RecordedRequest,
  response: http.ServerResponse,
  count: number,
) => unknown;

/** A running scripted server. */
export interface ScriptedServer {
  /** Its base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Every request received, token endpoints included, in order. */
  requests: RecordedRequest[];
  /** Requests other than the token endpoints. */
  apiRequests(): RecordedRequest[];
  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

/** The token value the server's login returns unless told otherwise. */
export const TOKEN_VALUE = "tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0";

/** Answers the token endpoints like the auth API, and everything else with `handler`. */
export async function startScriptedServer(
  handler: Handler,
  options: { tokenLifetimeMs?: number; tokenValue?: string } = {},
): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      if (recorded.path.startsWith("/token/")) {
        const status = recorded.path === "/token/authenticate" ? 201 : 200;
        if (recorded.path === "/token/logout") {
          res.writeHead(204).end();
          return;
        }
        sendJson(
          res,
          status,
          loginReply(options.tokenValue ?? TOKEN_VALUE, options.tokenLifetimeMs ?? 35 * 60 * 1000),
        );
        return;
      }
      const count = requests.filter((r) => !r.path.startsWith("/token/")).length;
      Promise.resolve(handler(recorded, res, count)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    apiRequests: () => requests.filter((r) => !r.path.startsWith("/token/")),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A loopback URL where nothing listens: a port bound and released again, so a connection to it
 * is refused at once, as a stopped server's would be.
 */
export async function closedPortUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** The auth API's body for a successful login or refresh: `tokenValue`, valid for `lifetimeMs`. */
export function loginReply(tokenValue: string, lifetimeMs: number): Record<string, unknown> {
  return {
    status: "SUCCESS",
    statusMessage: "Login successful",
    tokenInfo: {
      expiresAt: Date.now() + lifetimeMs,
      tokenId: "0b0e2c1c-8a7e-4d2e-9d8f-1a2b3c4d5e6f",
      tokenValue,
      refreshTokenId: "1c1e2c1c-8a7e-4d2e-9d8f-1a2b3c4d5e6f",
    },
  };
}

/** Sends `body` as JSON with `status` and any extra `headers`. */
export function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A CloudWorks success envelope with `payload` merged in. */
export function ok(res: http.ServerResponse, payload: Record<string, unknown> = {}): void {
  sendJson(res, 200, { status: { code: 200, message: "Success" }, ...payload });
}

/** A CloudWorks error envelope with `code` as HTTP status and status code. */
export function apiError(
  res: http.ServerResponse,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    code,
    { status: { code, message }, path: "/2/0/x", timestamp: new Date().toISOString() },
    headers,
  );
}

/**
 * Answers as the smallest CloudWorks tenant does: a successful login on `/token/authenticate`
 * (with the given token value) and an empty flow list on anything else. For servers that test
 * the transport (TLS rules, warnings) rather than the API.
 */
export function answerLoginOrEmptyFlows(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  tokenValue: string,
): void {
  if (req.url === "/token/authenticate") {
    sendJson(res, 201, loginReply(tokenValue, 600_000));
  } else {
    ok(res, {
      integrationFlows: [],
      meta: { paging: { currentPageSize: 0, totalSize: 0, offset: 0 } },
    });
  }
}

/** A running {@link startHttpsServer}. */
export interface HttpsTestServer {
  /** The server, for stopping it. */
  server: https.Server;
  /** The port it listens on (127.0.0.1). */
  port: number;
  /** Each request as `METHOD url host=<Host header>`, in the order their bodies ended. */
  hits: string[];
}

/**
 * An HTTPS endpoint on 127.0.0.1 presenting `cert`, answering as {@link answerLoginOrEmptyFlows}
 * does with `tokenValue`: for tests of the transport (trusted CAs, TLS versions, proxies, the
 * certificate warning) rather than the API.
 *
 * @param options `tls` adds to the server's TLS options (e.g. an old `maxVersion`); `onRequest`
 *   sees each request once its body has ended, before the answer goes out
 */
export async function startHttpsServer(
  cert: Issued,
  tokenValue: string,
  options: { tls?: https.ServerOptions; onRequest?: (req: http.IncomingMessage) => void } = {},
): Promise<HttpsTestServer> {
  const hits: string[] = [];
  const server = https.createServer(
    { key: cert.privateKeyPem, cert: cert.certificatePem, ...options.tls },
    (req, res) => {
      req.resume();
      req.on("end", () => {
        hits.push(`${req.method} ${req.url} host=${req.headers.host}`);
        options.onRequest?.(req);
        answerLoginOrEmptyFlows(req, res, tokenValue);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as AddressInfo).port, hits };
}
