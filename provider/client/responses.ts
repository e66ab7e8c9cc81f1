// Typed views of the JSON CloudWorks answers with: the envelope and the fields the client reads
// itself are checked where they are read; the rest is trusted to have its documented shape.
import { isObject, JsonObject } from "./apiCall";
import { FlowDetail, RunError, RunHistory } from "./types";

/**
 * `value` as the documented response shape `T`. The only cast of the client's reads: the API is
 * trusted to answer with the shape shared/reference/cloudworks-api.md documents, and validating
 * every field would reject answers from tenants that add fields or leave optional ones out.
 * Checked JSON objects (`JsonObject`, a plain record) are not assignable to an interface, hence
 * the detour through `unknown`.
 * @internal
 */
export function asDocumented<T>(value: JsonObject): T {
  return value as unknown as T;
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
    return runs as RunError[];
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
