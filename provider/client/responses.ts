// Typed views of the JSON CloudWorks answers with: the envelope and the fields the client reads
// itself are checked where they are read; the rest is trusted to have its documented shape.
import { isObject, JsonObject } from "./apiCall";
import { FlowDetail, Paging, RunError, RunHistory } from "./types";

/**
 * `value` as the documented response shape `T`. One of the two casts of the client's reads (the
 * other is {@link documentedItems}, its list form): the API is
 * trusted to answer with the shape shared/reference/cloudworks-api.md documents, and validating
 * every field would reject answers from tenants that add fields or leave optional ones out.
 * Checked JSON objects (`JsonObject`, a plain record) are not assignable to an interface, hence
 * the detour through `unknown`.
 * @internal
 */
export function asDocumented<T>(value: JsonObject): T {
  return value as unknown as T;
}

/**
 * The items of a list the client has checked to be an array, as the documented item type `T`:
 * the same trust as {@link asDocumented}, for each item of a list.
 * @internal
 */
export function documentedItems<T>(items: readonly unknown[]): T[] {
  return items as T[];
}

/**
 * `meta.paging` of a list response with each count kept only when it is a number; the pager
 * decides from these when to stop, so a malformed value must read as absent rather than be
 * trusted.
 * @internal
 */
export function pagingOf(meta: JsonObject | undefined): Partial<Paging> | undefined {
  const paging = meta?.paging;
  if (!isObject(paging)) return undefined;
  const count = (value: unknown) => (typeof value === "number" ? value : undefined);
  return {
    currentPageSize: count(paging.currentPageSize),
    totalSize: count(paging.totalSize),
    offset: count(paging.offset),
  };
}

/** `history_of_runs` of R3 with `runs` always a list. @internal */
export function runHistoryOf(history: JsonObject): RunHistory {
  return asDocumented<RunHistory>({
    ...history,
    runs: Array.isArray(history.runs) ? history.runs : [],
  });
}

/** `runs` of R5 as a list: `[]` for `{}` or nothing, a list of one for a lone error object. @internal */
export function runErrorsOf(runs: unknown): RunError[] {
  if (Array.isArray(runs)) {
    return documentedItems<RunError>(runs);
  }
  // Some tenants return one error object instead of a list; an empty object means no errors.
  if (isObject(runs) && Object.keys(runs).length > 0) {
    return [asDocumented<RunError>(runs)];
  }
  return [];
}

/** `integrationFlow` of F3 with `id` always set (from `integrationFlowId`, else the requested ID). @internal */
export function flowDetailOf(flow: JsonObject, flowId: string): FlowDetail {
  const id =
    typeof flow.id === "string"
      ? flow.id
      : typeof flow.integrationFlowId === "string"
        ? flow.integrationFlowId
        : flowId;
  return asDocumented<FlowDetail>({
    ...flow,
    id,
    steps: Array.isArray(flow.steps) ? flow.steps : [],
  });
}
