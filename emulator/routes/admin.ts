/**
 * The admin API under `/__emulator/`, so a separate process (demo, benchmark, another test
 * runner) can drive the emulator the way in-process tests use the returned handle. It bypasses
 * faults, rate limits, latency and request counts. It can read connection secrets and reset the
 * tenant, so {@link adminRefusal} keeps web pages out: a loopback Host (no DNS rebinding), no
 * foreign Origin, a JSON content type on any body (no cross-site form or text/plain POST), and
 * the admin token when one is configured.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorCore } from "../core";
import type { HandlerResult } from "../http";
import type { RouteContext } from "../router";
import { emptyTenant, replaceTenant, type TenantState } from "../store";
import type { FaultRule, RunOutcome } from "../types";
import { isObject, parseJson } from "../validation";

/** @internal Prefix of every admin route. */
export const ADMIN_PREFIX = "/__emulator";

/** @internal Header that carries the admin token (EmulatorOptions.adminToken). */
export const ADMIN_TOKEN_HEADER = "x-emulator-admin-token";

/** Host names that can only mean this machine. */
const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

/** A Host header (or an Origin's host part) naming loopback, with an optional port. */
function isLoopbackAuthority(authority: string): boolean {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d{1,5}))?$/.exec(authority.trim().toLowerCase());
  return match !== null && LOOPBACK_HOSTS.includes(match[1]);
}

function isLoopbackOrigin(origin: string): boolean {
  const match = /^https?:\/\/([^/]+)$/i.exec(origin.trim());
  return match !== null && isLoopbackAuthority(match[1]);
}

function tokenMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * @internal Why an admin request is refused, or undefined to serve it.
 * - Host must be 127.0.0.1, localhost or [::1] (any port): a page on a rebound DNS name
 *   reaches our socket with its own name in Host, so it is refused (403).
 * - An Origin header, which browsers add to cross-origin and all non-GET requests, must be a
 *   loopback origin (403): a page elsewhere cannot even POST a bodiless `/reset`.
 * - A request with a body must be `application/json` (415): browsers send text/plain, form and
 *   multipart bodies cross-site without asking, but JSON only after a CORS preflight, which
 *   this server never grants.
 * - With an admin token configured, `x-emulator-admin-token` must match it (401).
 */
export function adminRefusal(
  core: EmulatorCore,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
): HandlerResult | undefined {
  const host = headers.host;
  if (typeof host !== "string" || !isLoopbackAuthority(host))
    return json(403, {
      error: "admin API: the Host header must be 127.0.0.1, localhost or [::1] (with the port)",
    });
  const origin = headers.origin;
  if (origin !== undefined && !(typeof origin === "string" && isLoopbackOrigin(origin)))
    return json(403, { error: "admin API: requests from a non-loopback Origin are refused" });
  if (rawBody.length > 0) {
    const type = String(headers["content-type"] ?? "")
      .split(";")[0]
      .trim()
      .toLowerCase();
    if (type !== "application/json")
      return json(415, { error: "admin API: a request body must be sent as application/json" });
  }
  const token = core.options.adminToken;
  if (token !== undefined && !tokenMatches(headers[ADMIN_TOKEN_HEADER], token))
    return json(401, {
      error: `admin API: missing or wrong ${ADMIN_TOKEN_HEADER} header (the emulator was started with an admin token)`,
    });
  return undefined;
}

function json(status: number, body: unknown): HandlerResult {
  return { status, json: body };
}

function badRequest(message: string): HandlerResult {
  return json(400, { error: message });
}

function body(ctx: RouteContext): unknown {
  try {
    return parseJson(ctx.rawBody);
  } catch {
    return Symbol.for("invalid");
  }
}

/** @internal Check an outcome sent over HTTP. */
function parseRunOutcome(value: unknown): RunOutcome | string {
  if (!isObject(value) || typeof value.success !== "boolean")
    return "body must be a RunOutcome with boolean success";
  const { message, executionErrorCode, errorRows, errorText, once } = value;
  if (message !== undefined && typeof message !== "string") return "message must be a string";
  if (
    executionErrorCode !== undefined &&
    executionErrorCode !== null &&
    !Number.isInteger(executionErrorCode)
  ) {
    return "executionErrorCode must be an integer or null";
  }
  if (
    errorRows !== undefined &&
    !(
      Array.isArray(errorRows) &&
      errorRows.every((r) => Array.isArray(r) && r.every((c) => typeof c === "string"))
    )
  ) {
    return "errorRows must be string[][]";
  }
  if (errorText !== undefined && typeof errorText !== "string") return "errorText must be a string";
  if (once !== undefined && typeof once !== "boolean") return "once must be a boolean";
  return value as unknown as RunOutcome;
}

/** @internal `GET /health`: the emulator answers, and at which URL. */
export function health(core: EmulatorCore): HandlerResult {
  return json(200, { ok: true, url: core.baseUrl });
}

/** @internal `GET /state`: the tenant, secrets included, as another process may have left it. */
export function readState(core: EmulatorCore): HandlerResult {
  core.beforeChange();
  return json(200, core.state);
}

/** @internal `PUT /state`: replace the tenant; runs it holds as still running carry on. */
export function replaceState(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const input = body(ctx);
  if (!isObject(input)) return badRequest("body must be a tenant state object");
  core.runs.stopAll();
  replaceTenant(core.state, { ...emptyTenant(), ...(input as Partial<TenantState>) });
  core.runs.resumeOrphans();
  core.changed();
  return json(200, { ok: true });
}

/** @internal `POST /reset`: an empty tenant, no runs, no configured outcomes. */
export function reset(core: EmulatorCore): HandlerResult {
  core.reset();
  return json(200, { ok: true });
}

/** @internal `GET /counts`: requests per route template. */
export function readCounts(core: EmulatorCore): HandlerResult {
  return json(200, Object.fromEntries(core.counts));
}

/** @internal `DELETE /counts`: start counting again from zero. */
export function clearCounts(core: EmulatorCore): HandlerResult {
  core.counts.clear();
  return json(200, { ok: true });
}

/** @internal `GET /faults`: the fault rules and how often each fired. */
export function listFaults(core: EmulatorCore): HandlerResult {
  return json(200, core.faults.list());
}

/** @internal `POST /faults`: add a fault rule; its ID comes back. */
export function addFault(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const input = body(ctx);
  if (!isObject(input)) return badRequest("body must be a FaultRule");
  try {
    return json(200, { id: core.faults.add(input as unknown as FaultRule) });
  } catch (error) {
    return badRequest((error as Error).message);
  }
}

/** @internal `DELETE /faults`: remove every fault rule. */
export function clearFaults(core: EmulatorCore): HandlerResult {
  core.faults.clear();
  return json(200, { ok: true });
}

/** @internal `DELETE /faults/{id}`: remove one fault rule. */
export function removeFault(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return core.faults.remove(ctx.params.id)
    ? json(200, { ok: true })
    : json(404, { error: "no such fault" });
}

/** @internal `POST /run-outcomes/{id}`: how the next runs of an integration or flow end. */
export function setRunOutcome(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const outcome = parseRunOutcome(body(ctx));
  if (typeof outcome === "string") return badRequest(outcome);
  core.runs.setOutcome(ctx.params.id, outcome);
  return json(200, { ok: true });
}

/** @internal `DELETE /run-outcomes/{id}`: runs of an integration or flow succeed again. */
export function clearRunOutcome(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  core.runs.setOutcome(ctx.params.id, null);
  return json(200, { ok: true });
}

/** @internal `POST /expire-tokens`: every token issued so far expires now. */
export function expireTokens(core: EmulatorCore): HandlerResult {
  core.tokens.expireAll();
  return json(200, { ok: true });
}
