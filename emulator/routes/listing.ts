/**
 * List parameters: `offset`/`limit` of every list, and the `myIntegrations` and `sortBy` that
 * the integration and flow lists take too.
 */
import type { EmulatorCore } from "../core";
import { paginate, readPage } from "../pagination";
import type { RouteContext } from "../router";
import type { UserRecord } from "../users";
import { reject } from "../validation";
import { caller } from "./common";

/** @internal Items created by the caller only, when `myIntegrations=1`. */
function filterMine<T extends { createdBy: string }>(
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
function sortByName<T extends { name: string }>(items: T[], ctx: RouteContext): T[] {
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

/** @internal One page of `items`, as the request's `offset`/`limit` ask, within the tenant's page sizes. */
export function pageOf<T>(
  core: EmulatorCore,
  ctx: RouteContext,
  items: T[],
): ReturnType<typeof paginate<T>> {
  const sizes = { pageSize: core.options.defaultPageSize, maxPageSize: core.options.maxPageSize };
  return paginate(items, readPage(ctx.query, sizes));
}
