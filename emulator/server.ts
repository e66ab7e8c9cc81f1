/**
 * The HTTP front: one request pipeline for the auth API, CloudWorks and the admin API.
 * Order per request: count → rate limit → faults and latency → auth → handler → persist →
 * (commit-then-fail / drop) → respond.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { authorizeCloudWorks } from "./auth";
import type { EmulatorCore } from "./core";
import { ApiError, Messages, errorResult, html404, type HandlerResult } from "./http";
import { Router, unroutedCountKey, type RouteContext, type RouteMatch } from "./router";
import { ADMIN_PREFIX, adminRefusal } from "./routes/admin";
import { ROUTES } from "./routes";
import type { FaultRuleStatus } from "./types";

/** Bodies above this are refused; no CloudWorks payload comes near it. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const INJECTED_MESSAGES: Record<number, string> = {
  429: "Too Many Requests",
  500: Messages.internalError,
  503: "Service Unavailable",
};

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, "Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, result: HandlerResult): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string | number> = { ...result.headers };
  let payload: string | undefined;
  if (result.json !== undefined) {
    payload = JSON.stringify(result.json);
    headers["Content-Type"] = "application/json";
  } else if (result.text !== undefined) {
    payload = result.text;
    headers["Content-Type"] = result.contentType ?? "text/plain";
  }
  if (payload !== undefined) headers["Content-Length"] = Buffer.byteLength(payload);
  res.writeHead(result.status, headers);
  res.end(payload);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function injected(rule: FaultRuleStatus, path: string): HandlerResult {
  const status = rule.status ?? 500;
  const result = errorResult(status, INJECTED_MESSAGES[status] ?? Messages.internalError, path);
  if (status === 429) result.headers = { "Retry-After": String(rule.retryAfterSeconds ?? 1) };
  return result;
}

function execute(
  core: EmulatorCore,
  match: RouteMatch | undefined,
  ctx: RouteContext,
): HandlerResult {
  if (!match) return html404();
  try {
    if (match.route.auth) ctx.user = authorizeCloudWorks(core, ctx.headers.authorization);
    return match.route.handler(core, ctx);
  } catch (error) {
    if (error instanceof ApiError) {
      core.options.log(`${ctx.method} ${ctx.path}: ${error.code} ${error.message}`);
      return errorResult(error.code, error.message, ctx.path);
    }
    core.options.log(
      `${ctx.method} ${ctx.path}: unexpected ${(error as Error).stack ?? String(error)}`,
    );
    return errorResult(500, Messages.internalError, ctx.path);
  }
}

async function handle(
  core: EmulatorCore,
  router: Router,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  let rawBody: Buffer;
  try {
    rawBody = await readBody(req);
  } catch (error) {
    const code = error instanceof ApiError ? error.code : 400;
    send(
      res,
      errorResult(code, error instanceof ApiError ? error.message : Messages.invalidBody, path),
    );
    return;
  }
  const match = router.match(method, path);
  const ctx: RouteContext = {
    method,
    path,
    query: url.searchParams,
    params: match?.params ?? {},
    version: match?.version ?? 2,
    headers: req.headers,
    rawBody,
  };

  if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) {
    const refusal = adminRefusal(core, req.headers, rawBody);
    if (refusal) {
      core.options.log(`${method} ${path}: admin request refused (${refusal.status})`);
      send(res, refusal);
      return;
    }
    send(
      res,
      match ? execute(core, match, ctx) : { status: 404, json: { error: "no such admin route" } },
    );
    return;
  }

  core.count(match?.countKey ?? unroutedCountKey(method, path));
  const waitSeconds = core.rateLimiter?.take() ?? 0;
  if (waitSeconds > 0) {
    const limited = errorResult(429, INJECTED_MESSAGES[429], path);
    limited.headers = { "Retry-After": String(waitSeconds) };
    send(res, limited);
    return;
  }
  const decision = core.faults.evaluate(method, path);
  const delay = decision.latencyMs + core.options.latencyMs;
  if (delay > 0) await sleep(delay);
  const action = decision.action;
  if (action) core.options.log(`${method} ${path}: fault ${action.kind} (${action.id})`);
  if (action?.kind === "reset") {
    req.socket.destroy();
    return;
  }
  if (action?.kind === "status") {
    send(res, injected(action, path));
    return;
  }

  core.beforeChange();
  let result = execute(core, match, ctx);
  core.flush();
  core.options.log(`${method} ${path} -> ${result.status}`);
  if (action?.kind === "drop") {
    req.socket.destroy();
    return;
  }
  if (action?.kind === "commitThenFail") result = errorResult(500, Messages.internalError, path);
  send(res, result);
}

/** @internal The emulator's HTTP server (not yet listening). */
export function createEmulatorServer(core: EmulatorCore): Server {
  const router = new Router(ROUTES);
  const server = createServer((req, res) => {
    handle(core, router, req, res).catch((error: unknown) => {
      core.options.log(`request failed: ${(error as Error).stack ?? String(error)}`);
      send(res, errorResult(500, Messages.internalError, req.url ?? "/"));
    });
  });
  server.on("clientError", (_error, socket) => socket.destroy());
  return server;
}
