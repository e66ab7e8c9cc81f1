import type * as pulumi from "@pulumi/pulumi";
import type { RunStatus } from "../client";
import { sleep } from "../client/http";
import { runStatusFieldsOf } from "../client/records";
import { compact, deepEqual } from "./equality";
import { describeError, hasStatus, operationError, ResourceOperationError } from "./errors";
import { Created, RunInputs, RunOutputs } from "./inputs";
import { runPollMaxMs } from "./settings";
import { CloudWorksProvider, getCloudWorksClient } from "./providerBase";
import { checkRun } from "./runRules";
import { containsUnknown } from "./unknowns";

const KIND = "CloudWorksIntegrationRun";
const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * Runs an integration or flow when created, and again whenever its target or `triggers` change
 * (a change replaces the resource, and a replacement is a new run). Deleting it touches nothing
 * in CloudWorks: a run is history, not an object to remove.
 */
export class RunProvider extends CloudWorksProvider<RunInputs, RunOutputs> {
  constructor() {
    super(checkRun);
  }

  async diff(_id: string, olds: RunOutputs, news: RunInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaceFields = (["integrationId", "flowId", "triggers"] as const).filter(
      (field) => containsUnknown(news[field]) || !deepEqual(olds[field], news[field]),
    );
    const updateFields = (["timeoutSeconds", "failOnError"] as const).filter(
      (field) => !deepEqual(olds[field], news[field]),
    );
    return {
      changes: replaceFields.length + updateFields.length > 0,
      replaces: [...replaceFields],
    };
  }

  async create(inputs: RunInputs): Promise<Created<RunOutputs>> {
    const target = inputs.integrationId
      ? `integration ${inputs.integrationId}`
      : `flow ${inputs.flowId}`;
    const timeoutMs = (inputs.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const deadline = Date.now() + timeoutMs;
    let runId: string;
    try {
      runId = await startWhenIdle(inputs, deadline);
    } catch (error) {
      throw operationError(KIND, target, "start", error);
    }
    let status: RunStatus;
    try {
      status = await waitForRunEnd(runId, Math.max(deadline, Date.now() + 1000));
    } catch (error) {
      throw new ResourceOperationError(
        `${KIND} for ${target}: run ${runId} did not finish: ${describeError(error)}`,
        {
          id: runId,
          properties: outputsFor(runId, inputs, undefined),
          reasons: [describeError(error)],
        },
      );
    }
    const outs = outputsFor(runId, inputs, status);
    if (!status.success && inputs.failOnError !== false) {
      const details = await runErrorSummary(runId);
      throw new ResourceOperationError(
        `${KIND} for ${target}: run ${runId} failed: ${status.message ?? "no message"}` +
          (status.executionErrorCode !== undefined && status.executionErrorCode !== null
            ? ` (executionErrorCode ${status.executionErrorCode})`
            : "") +
          (details ? `. ${details}` : ""),
      );
    }
    return { id: runId, outs };
  }

  async read(id: string, props?: RunOutputs): Promise<pulumi.dynamic.ReadResult<RunOutputs>> {
    // A run is immutable history; refresh keeps what was recorded unless the run record is gone
    // from CloudWorks, which only means history was purged, not that anything must be redone.
    return { id, props };
  }

  async update(
    id: string,
    _olds: RunOutputs,
    news: RunInputs,
  ): Promise<pulumi.dynamic.UpdateResult<RunOutputs>> {
    // Only timeoutSeconds and failOnError change in place; they matter for the next run only.
    const client = getCloudWorksClient();
    let status: RunStatus | undefined;
    try {
      status = await client.getRunStatus(id);
    } catch (error) {
      if (!hasStatus(error, 404)) throw operationError(KIND, id, "update", error);
    }
    return { outs: outputsFor(id, news, status) };
  }

  async delete(_id: string, _props: RunOutputs): Promise<void> {
    // Deliberately nothing: a run is history in CloudWorks, not an object to remove.
  }
}

/** How often to ask again when CloudWorks says the target is still running another run. */
const BUSY_RETRY_MS = 2000;

/**
 * Starts the run. CloudWorks refuses a run while another run of the same target is in flight
 * (409 "already running"): a schedule fired, someone clicked Run, or an earlier deployment was
 * interrupted mid-run. Waiting for that run to end and then starting ours is what a user would
 * do by hand; failing would make the deployment depend on timing.
 */
async function startWhenIdle(inputs: RunInputs, deadline: number): Promise<string> {
  const client = getCloudWorksClient();
  for (;;) {
    try {
      return inputs.integrationId
        ? await client.runIntegration(inputs.integrationId)
        : // check requires one of the two; a blank flowId fails the client's own ID check.
          await client.runFlow(inputs.flowId ?? "");
    } catch (error) {
      if (!hasStatus(error, 409) || Date.now() + BUSY_RETRY_MS > deadline) throw error;
      await sleep(BUSY_RETRY_MS);
    }
  }
}

/** The first wait between run status requests. */
const FIRST_POLL_MS = 250;

/**
 * The waits between run status requests: 250 ms, doubling up to `maxMs` (5 s by default). Most
 * runs are either short (a small import, the emulator's 300 ms) or take minutes; a short run is
 * seen ending within a few hundred ms, and a long one costs a request every 5 s, as before.
 *
 * @param maxMs the longest wait (`cloudworks:runPollMaxSeconds`)
 * @param count how many waits to list
 * @internal
 */
export function pollDelays(maxMs: number, count: number): number[] {
  const delays: number[] = [];
  let delay = Math.min(FIRST_POLL_MS, maxMs);
  for (let i = 0; i < count; i++) {
    delays.push(delay);
    delay = Math.min(delay * 2, maxMs);
  }
  return delays;
}

/** Polls the run status (R4) until `endDate` is set, backing off as {@link pollDelays} says. */
async function waitForRunEnd(runId: string, deadline: number): Promise<RunStatus> {
  const client = getCloudWorksClient();
  const maxMs = runPollMaxMs();
  for (let polls = 1; ; polls++) {
    const status = await client.getRunStatus(runId);
    if (status.endDate) return status;
    const delay = pollDelays(maxMs, polls)[polls - 1];
    if (Date.now() + delay > deadline) {
      throw new Error(
        `the run was still in progress when timeoutSeconds ran out; raise timeoutSeconds, or follow run ${runId} in CloudWorks`,
      );
    }
    await sleep(delay);
  }
}

function outputsFor(runId: string, inputs: RunInputs, status: RunStatus | undefined): RunOutputs {
  return compact({
    ...inputs,
    runId,
    ...runStatusFieldsOf(status ?? {}),
    traceId: status?.traceId ?? null,
  });
}

/** Summarises a failed run's error records in one line (first few messages). */
async function runErrorSummary(runId: string): Promise<string | undefined> {
  try {
    const errors = await getCloudWorksClient().getRunErrors(runId);
    const texts: string[] = [];
    // Read defensively: tenants leave parts of an error record out.
    for (const run of errors) {
      for (const group of run.errorMessages ?? []) {
        const action = group.actionName ? `${String(group.actionName)}: ` : "";
        for (const message of group.errorMessage ?? []) {
          texts.push(`${action}${String(message.localMessageText ?? message.type ?? "error")}`);
        }
      }
    }
    return texts.length > 0
      ? `Errors: ${texts.slice(0, 5).join("; ")}${texts.length > 5 ? ` (+${texts.length - 5} more)` : ""}`
      : undefined;
  } catch {
    return undefined;
  }
}
