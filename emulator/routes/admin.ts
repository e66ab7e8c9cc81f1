/**
 * The admin API under `/__emulator/`, so a separate process (demo, benchmark, another test
 * runner) can drive the emulator the way in-process tests use the returned handle. It needs no
 * token and bypasses faults, rate limits, latency and request counts.
 */
import type { EmulatorCore } from "../core";
import type { HandlerResult } from "../http";
import type { RouteContext, RouteDef } from "../router";
import { emptyTenant, replaceTenant, type TenantState } from "../store";
import type { FaultRule, RunOutcome } from "../types";
import { isObject, parseJson } from "../validation";

/** @internal Prefix of every admin route. */
export const ADMIN_PREFIX = "/__emulator";

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

/** @internal The admin routes (matched at the root, before CloudWorks). */
export function adminRoutes(core: EmulatorCore): RouteDef[] {
  const route = (method: string, pattern: string, handler: RouteDef["handler"]): RouteDef => ({
    method,
    pattern: `${ADMIN_PREFIX}${pattern}`,
    auth: false,
    handler,
  });
  return [
    route("GET", "/health", () => json(200, { ok: true, url: core.baseUrl })),
    route("GET", "/state", () => {
      core.beforeChange();
      return json(200, core.state);
    }),
    route("PUT", "/state", (ctx) => {
      const input = body(ctx);
      if (!isObject(input)) return badRequest("body must be a tenant state object");
      core.runs.stopAll();
      replaceTenant(core.state, { ...emptyTenant(), ...(input as Partial<TenantState>) });
      core.runs.resumeOrphans();
      core.changed();
      return json(200, { ok: true });
    }),
    route("POST", "/reset", () => {
      core.reset();
      return json(200, { ok: true });
    }),
    route("GET", "/counts", () => json(200, Object.fromEntries(core.counts))),
    route("DELETE", "/counts", () => {
      core.counts.clear();
      return json(200, { ok: true });
    }),
    route("GET", "/faults", () => json(200, core.faults.list())),
    route("POST", "/faults", (ctx) => {
      const input = body(ctx);
      if (!isObject(input)) return badRequest("body must be a FaultRule");
      try {
        return json(200, { id: core.faults.add(input as unknown as FaultRule) });
      } catch (error) {
        return badRequest((error as Error).message);
      }
    }),
    route("DELETE", "/faults", () => {
      core.faults.clear();
      return json(200, { ok: true });
    }),
    route("DELETE", "/faults/{id}", (ctx) =>
      core.faults.remove(ctx.params.id)
        ? json(200, { ok: true })
        : json(404, { error: "no such fault" }),
    ),
    route("POST", "/run-outcomes/{id}", (ctx) => {
      const outcome = parseRunOutcome(body(ctx));
      if (typeof outcome === "string") return badRequest(outcome);
      core.runs.setOutcome(ctx.params.id, outcome);
      return json(200, { ok: true });
    }),
    route("DELETE", "/run-outcomes/{id}", (ctx) => {
      core.runs.setOutcome(ctx.params.id, null);
      return json(200, { ok: true });
    }),
    route("POST", "/expire-tokens", () => {
      core.tokens.expireAll();
      return json(200, { ok: true });
    }),
  ];
}
