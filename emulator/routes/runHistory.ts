/**
 * The run history of integrations and flows: its latest entry, how each read shows a run
 * (§5.3, §5.4), and its removal with its owner.
 */
import type { StoredRun, TenantState } from "../store";

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

/** @internal Drop the history of a deleted integration or flow: no read can reach it any more. */
export function forgetRuns(state: TenantState, id: string): void {
  for (const run of Object.values(state.runs)) {
    if (run.integrationId === id) delete state.runs[run.id];
  }
}
