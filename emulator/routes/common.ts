/** Helpers shared by the CloudWorks route modules. */
import type { EmulatorCore } from "../core";
import { paginate, readPage } from "../pagination";
import { ApiError, Messages } from "../http";
import type { RouteContext } from "../router";
import type { StoredFlow, StoredIntegration, StoredRun, TenantState } from "../store";
import type { UserRecord } from "../users";
import { parseJson, reject } from "../validation";

/** @internal The authenticated caller; CloudWorks routes always have one. */
export function caller(ctx: RouteContext): UserRecord {
  if (!ctx.user) throw new ApiError(401, Messages.notAuthorized);
  return ctx.user;
}

/** @internal The parsed JSON body (400 "Invalid request body" when malformed). */
export function jsonBody(ctx: RouteContext): unknown {
  return parseJson(ctx.rawBody);
}

/** @internal `meta.schema` URL in the style of Apiary's examples. */
export function schemaUrl(ctx: RouteContext, object: string): string {
  return `https://api.anaplan.com/cloudworks/${ctx.version}/0/integrations/objects/${object}`;
}

/** @internal 404 "Resource not found" for an unknown ID. */
export function notFound(): never {
  throw new ApiError(404, Messages.notFound);
}

/** @internal "Duplicate resource name not allowed" with the configured status. */
export function duplicateName(core: EmulatorCore): never {
  throw new ApiError(core.options.duplicateNameStatus, Messages.duplicateName);
}

/**
 * @internal Integrations and flows are listed together in the UI and counted together against
 * the tenant cap, so the emulator gives them one name space (case-sensitive, as sent).
 */
export function integrationNameTaken(state: TenantState, name: string, exceptId?: string): boolean {
  return (
    Object.values(state.integrations).some(
      (i) => i.name === name && i.integrationId !== exceptId,
    ) || Object.values(state.integrationFlows).some((f) => f.name === name && f.id !== exceptId)
  );
}

/** @internal Integrations plus flows, the number `tenantCurrentCount` reports. */
export function tenantCount(state: TenantState): number {
  return Object.keys(state.integrations).length + Object.keys(state.integrationFlows).length;
}

/** @internal 409 when the tenant already holds the maximum of integrations and flows. */
export function checkTenantCap(core: EmulatorCore): void {
  if (tenantCount(core.state) >= core.options.maxIntegrations) {
    throw new ApiError(409, "Total number of integrations exceeded the limit");
  }
}

/** @internal The integration or flow an ID names (schedules, notifications and runs take both). */
export function integrationOrFlow(
  state: TenantState,
  id: string,
): { integration?: StoredIntegration; flow?: StoredFlow } | undefined {
  const integration = state.integrations[id];
  if (integration) return { integration };
  const flow = state.integrationFlows[id];
  return flow ? { flow } : undefined;
}

/** @internal The most recently started run of an integration or flow. */
export function latestRunOf(state: TenantState, id: string): StoredRun | undefined {
  let latest: StoredRun | undefined;
  for (const run of Object.values(state.runs)) if (run.integrationId === id) latest = run;
  return latest;
}

/** @internal `latestRun` of an integration (§5.3). */
export function integrationLatestRunView(run: StoredRun): Record<string, unknown> {
  return {
    triggeredBy: run.triggeredBy,
    startDate: run.startDate,
    endDate: run.endDate,
    success: run.success,
    message: run.message,
    executionErrorCode: run.executionErrorCode,
    triggerSource: run.triggerSource,
  };
}

/** @internal Items created by the caller only, when `myIntegrations=1`. */
export function filterMine<T extends { createdBy: string }>(
  items: T[],
  query: URLSearchParams,
  user: UserRecord,
): T[] {
  const mine = query.get("myIntegrations");
  if (mine === null || mine === "0") return items;
  if (mine !== "1") reject("myIntegrations");
  return items.filter((item) => item.createdBy === user.displayName);
}

/** @internal `sortBy=name` / `-name`; creation order otherwise. v1 has no sortBy (§1). */
export function sortByName<T extends { name: string }>(items: T[], ctx: RouteContext): T[] {
  const sortBy = ctx.query.get("sortBy");
  if (sortBy === null || ctx.version === 1) return items;
  if (sortBy !== "name" && sortBy !== "-name") reject("sortBy");
  const sign = sortBy === "name" ? 1 : -1;
  return [...items].sort((a, b) => sign * a.name.localeCompare(b.name, "en"));
}

/** One page of `items`, as the request's `offset`/`limit` ask, within the tenant's page sizes. */
export function pageOf<T>(
  core: EmulatorCore,
  ctx: RouteContext,
  items: T[],
): ReturnType<typeof paginate<T>> {
  const sizes = { pageSize: core.options.defaultPageSize, maxPageSize: core.options.maxPageSize };
  return paginate(items, readPage(ctx.query, sizes));
}
