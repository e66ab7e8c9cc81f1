/** Helpers shared by the CloudWorks route modules. */
import type { EmulatorCore } from "../core";
import { paginate, readPage } from "../pagination";
import { ApiError, Messages } from "../http";
import type { RouteContext } from "../router";
import { isoDate } from "../formats";
import type { AuditFields, StoredFlow, StoredIntegration, StoredRun, TenantState } from "../store";
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

/**
 * @internal The audit fields of a new integration or flow, in the order their stored records
 * and GETs list them; created and modified share one timestamp.
 */
export function creationStamp(user: UserRecord): AuditFields {
  const now = isoDate();
  return {
    createdBy: user.displayName,
    creationDate: now,
    modificationDate: now,
    modifiedBy: user.displayName,
  };
}

/** @internal The audit fields a change updates (connections, integrations, flows). */
export function modificationStamp(
  user: UserRecord,
): Pick<AuditFields, "modificationDate" | "modifiedBy"> {
  return { modificationDate: isoDate(), modifiedBy: user.displayName };
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

/**
 * @internal The fields each read of a run shows, in the order the API lists them: the views
 * differ only in which fields and in what order, so they are data, not code.
 */
export const RUN_FIELDS = {
  /** `latestRun` of an integration (§5.3); a flow's adds `id` and `lastRun` in front. */
  latest: [
    "triggeredBy",
    "startDate",
    "endDate",
    "success",
    "message",
    "executionErrorCode",
    "triggerSource",
  ],
  /** An entry of the run history (RunRecord, §5.4). */
  record: [
    "id",
    "triggeredBy",
    "lastRun",
    "startDate",
    "endDate",
    "success",
    "message",
    "executionErrorCode",
    "traceId",
    "triggerSource",
  ],
  /** `GET /integrations/run/{runId}` (§5.4). */
  status: [
    "id",
    "integrationId",
    "traceId",
    "startDate",
    "endDate",
    "success",
    "message",
    "creationDate",
    "modificationDate",
    "createdBy",
    "modifiedBy",
    "executionErrorCode",
    "flowGroupId",
    "triggerSource",
  ],
} as const satisfies Record<string, readonly (keyof StoredRun)[]>;

/** @internal A run as one read shows it: the given fields of the stored run, in that order. */
export function runView(
  run: StoredRun,
  fields: readonly (keyof StoredRun)[],
): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, run[field]]));
}

/** @internal `latestRun` of an integration (§5.3). */
export function integrationLatestRunView(run: StoredRun): Record<string, unknown> {
  return runView(run, RUN_FIELDS.latest);
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

/**
 * @internal A page of integrations or flows as a list request asks: the caller's only with
 * `myIntegrations=1`, then sorted, then paged (the order in which a bad parameter is reported).
 */
export function listPage<T extends { createdBy: string; name: string }>(
  core: EmulatorCore,
  ctx: RouteContext,
  items: T[],
): ReturnType<typeof paginate<T>> {
  return pageOf(core, ctx, sortByName(filterMine(items, ctx.query, caller(ctx)), ctx));
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
