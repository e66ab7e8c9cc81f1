/**
 * Lookup functions for run history: the latest runs of an integration or flow with their
 * outcome and error count, and the error details of one run. They run in the program process
 * on every preview and update, and return Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RunError, RunRecord } from "../client";
import { RunStatusFields, runStatusFieldsOf } from "../client/records";
import { CloudWorksLookupError, lookupClient, step } from "./session";

/** The most runs one history lookup returns (one page of the history endpoint). */
export const MAX_RUN_HISTORY = 100;
const DEFAULT_RUN_HISTORY = 10;
const ERROR_READS_AT_ONCE = 4;

/** Arguments of {@link getCloudWorksRunHistory}: set exactly one of `integrationId` and `flowId`. */
export interface CloudWorksRunHistoryArgs {
  /** The integration whose runs to list (a `CloudWorksIntegration`'s `integrationId`). */
  integrationId?: pulumi.Input<string>;
  /** The flow whose runs to list (a `CloudWorksIntegrationFlow`'s `flowId`). */
  flowId?: pulumi.Input<string>;
  /** How many of the latest runs to return, 1–100; default 10. */
  limit?: pulumi.Input<number>;
}

/**
 * One run in a history, newest first: its status (start, end, success, CloudWorks' message such
 * as `Success` or `Process failed`, error code), and the fields below.
 */
export interface CloudWorksRunSummary extends RunStatusFields {
  /** The run ID, for {@link getCloudWorksRunErrors}. */
  runId: string;
  /** True while the run has not ended. */
  running: boolean;
  /** What started it: `manual` (the API and the UI), `scheduled`, `nux_dashboard`, … */
  triggerSource: string | null;
  /** Who started it. */
  triggeredBy: string | null;
  /**
   * How many error messages CloudWorks recorded for the run (one per kind of error per Anaplan
   * action; each counts the rows it hit, see {@link getCloudWorksRunErrors}). 0 for a run that
   * succeeded without an error code, and while it runs.
   */
  errorCount: number;
}

/** The result of {@link getCloudWorksRunHistory}. */
export interface CloudWorksRunHistoryResult {
  /** The integration or flow ID the history is of. */
  id: string;
  /** Its name. */
  name: string | null;
  /** How many runs it has had in all (the history may list fewer). */
  totalRuns: number;
  /** The latest runs, newest first. */
  runs: CloudWorksRunSummary[];
}

/** Arguments of {@link getCloudWorksRunErrors}. */
export interface CloudWorksRunErrorsArgs {
  /** The run, e.g. a `runId` from {@link getCloudWorksRunHistory} or a `CloudWorksIntegrationRun`. */
  runId: pulumi.Input<string>;
}

/** One error message of a run. */
export interface CloudWorksRunErrorMessage {
  /** The Anaplan action that reported it. */
  actionId: string | null;
  /** That action's name. */
  actionName: string | null;
  /** The error category, e.g. `hierarchyRowsProcessedWithFailures`. */
  type: string | null;
  /** The error text. */
  text: string | null;
  /** How many rows hit it. */
  occurrences: number | null;
  /** Whether CloudWorks kept a failure dump (rows in error) for this action. */
  failureDumpGenerated: boolean;
}

/** The result of {@link getCloudWorksRunErrors}: the run's status and its error messages. */
export interface CloudWorksRunErrorsResult extends RunStatusFields {
  /** The run. */
  runId: string;
  /** Every error message of the run (empty when it had none). */
  errors: CloudWorksRunErrorMessage[];
}

/**
 * The latest runs of an integration or a flow, newest first, each with its start, end,
 * outcome, trigger source and error count. Costs one history GET, plus one error GET for each
 * listed run that failed or has an error code (so a history of successes costs one call), plus
 * the login when nothing else logged in yet. Runs on every preview and update, so a preview
 * shows the runs as of now; until an integration made in the same update exists (its ID is
 * unknown in a preview), the result is unknown. Fails naming the ID when it is neither an
 * integration nor a flow.
 */
export function getCloudWorksRunHistory(
  args: CloudWorksRunHistoryArgs,
): pulumi.Output<CloudWorksRunHistoryResult> {
  const lookup = "getCloudWorksRunHistory";
  return pulumi.output(args).apply(async ({ integrationId, flowId, limit }) => {
    if ((integrationId === undefined) === (flowId === undefined)) {
      throw new CloudWorksLookupError(
        `${lookup}: set exactly one of integrationId and flowId (got ${integrationId === undefined ? "neither" : "both"}).`,
      );
    }
    const count = limit ?? DEFAULT_RUN_HISTORY;
    if (!Number.isInteger(count) || count < 1 || count > MAX_RUN_HISTORY) {
      throw new CloudWorksLookupError(
        `${lookup}: limit must be a whole number from 1 to ${MAX_RUN_HISTORY}, got ${count}.`,
      );
    }
    const id = (integrationId ?? flowId) as string;
    const noun = integrationId !== undefined ? "integration" : "flow";
    // CloudWorks documents one history endpoint, under /integrations/runs/{id}; a flow's runs are
    // recorded under the flow's ID (a flow run's integrationId is the flow), so it serves both.
    const history = await step(
      lookup,
      `reading the run history of ${noun} ${id}`,
      () => lookupClient().getRunHistory(id, { offset: 0, limit: count }),
      () =>
        `no ${noun} with ID ${id} exists in this tenant. Check the ID, and that the ` +
        "cloudworks:* configuration points at the tenant that holds it.",
    );
    const runs: CloudWorksRunSummary[] = [];
    // Error reads go a few at a time: a long history of failures must not burst the API.
    const listed = history.runs.slice(0, count);
    for (let start = 0; start < listed.length; start += ERROR_READS_AT_ONCE) {
      const batch = listed.slice(start, start + ERROR_READS_AT_ONCE);
      runs.push(...(await Promise.all(batch.map((run) => summarise(lookup, run)))));
    }
    return {
      id,
      name: history.name ?? null,
      totalRuns: history.totalRuns ?? runs.length,
      runs,
    };
  });
}

/**
 * The error details of one run: its status and every error message CloudWorks recorded, per
 * Anaplan action. Costs two GETs (status and errors), plus the login when nothing else logged
 * in yet. Runs on every preview and update. Fails naming the run ID when no run has it.
 */
export function getCloudWorksRunErrors(
  args: CloudWorksRunErrorsArgs,
): pulumi.Output<CloudWorksRunErrorsResult> {
  const lookup = "getCloudWorksRunErrors";
  return pulumi.output(args).apply(async ({ runId }) => {
    const missing = () =>
      `no run with ID ${runId} exists in this tenant. Take the ID from getCloudWorksRunHistory ` +
      "or a CloudWorksIntegrationRun's runId, and check that the cloudworks:* configuration " +
      "points at the tenant that ran it.";
    const status = await step(
      lookup,
      `reading run ${runId}`,
      () => lookupClient().getRunStatus(runId),
      missing,
    );
    const errors = await step(
      lookup,
      `reading the errors of run ${runId}`,
      () => lookupClient().getRunErrors(runId),
      missing,
    );
    return { runId, ...runStatusFieldsOf(status), errors: flatten(errors) };
  });
}

async function summarise(lookup: string, run: RunRecord): Promise<CloudWorksRunSummary> {
  const running = !run.endDate;
  const failed = !running && (run.success === false || (run.executionErrorCode ?? null) !== null);
  const errorCount = failed
    ? flatten(
        await step(lookup, `reading the errors of run ${run.id}`, () =>
          lookupClient().getRunErrors(run.id),
        ),
      ).length
    : 0;
  return {
    runId: run.id,
    ...runStatusFieldsOf(run),
    // A run that has not ended has no outcome, whatever a tenant reports meanwhile.
    success: running ? null : (run.success ?? null),
    running,
    triggerSource: run.triggerSource ?? null,
    triggeredBy: run.triggeredBy ?? null,
    errorCount,
  };
}

/** The error messages of a run's error entries, one item per message, with their action. */
function flatten(entries: RunError[]): CloudWorksRunErrorMessage[] {
  return entries.flatMap((entry) =>
    (entry.errorMessages ?? []).flatMap((action) =>
      (action.errorMessage ?? []).map((message) => ({
        actionId: action.actionId ?? null,
        actionName: action.actionName ?? null,
        type: message.type ?? null,
        text: message.localMessageText ?? null,
        occurrences: message.occurrences ?? null,
        failureDumpGenerated: action.failureDumpGenerated === true,
      })),
    ),
  );
}
