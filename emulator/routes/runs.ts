/** R1–R7: running and cancelling integrations, run status, history, errors and dumps (§5.4). */
import type { EmulatorCore } from "../core";
import { ApiError, Messages, SUCCESS_STATUS, success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import type { StoredRun } from "../store";
import { caller, notFound, withSchema } from "./common";
import { integrationOf } from "./integrations";
import { pageOf } from "./listing";
import { RUN_FIELDS, runView } from "./runHistory";
import { integrationOrFlow } from "./tenant";

/** @internal R3: the run history of an integration or flow (§5.4). */
export function history(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const id = ctx.params.integrationId;
  const target = integrationOrFlow(core.state, id) ?? notFound();
  const runs = Object.values(core.state.runs)
    .filter((run) => run.integrationId === id)
    .reverse();
  // Apiary marks offset and limit as required here, but anaplan-sdk's live test suite calls it
  // without them and gets a list (reference §2.4): a real tenant defaults them, like the lists.
  const { items } = pageOf(core, ctx, runs);
  const owner = target.integration ?? target.flow;
  const header: Record<string, unknown> = { integrationId: id, name: owner?.name };
  if (target.integration) {
    header.integrationType = target.integration.integrationType;
    if (target.integration.processId !== null) header.processId = target.integration.processId;
    header.version = target.integration.version;
    header.workspaceId = target.integration.workspaceId;
    header.modelId = target.integration.modelId;
  }
  return withSchema(ctx, "runs", {
    history_of_runs: {
      ...header,
      schedule: owner?.schedule ?? null,
      creationDate: owner?.creationDate,
      modificationDate: owner?.modificationDate,
      createdBy: owner?.createdBy,
      modifiedBy: owner?.modifiedBy,
      status: 1,
      notificationId: owner?.notificationId ?? null,
      runs: items.map((run) => runView(run, RUN_FIELDS.record)),
      totalRuns: runs.length,
    },
  });
}

/** @internal R1: start a run of an integration (§5.4). */
export function start(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  // The body is ignored: the SDK sends none, Postman `{}`.
  const integration = integrationOf(core, ctx);
  if (core.runs.isRunning(integration.integrationId))
    throw new ApiError(409, Messages.alreadyRunning);
  const started = core.runs.startIntegration(integration, user.displayName);
  core.markDirty();
  return success({ run: { id: started.id } });
}

/** @internal R2: cancel an integration's run in flight (§5.4). */
export function cancel(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const integration = integrationOf(core, ctx);
  if (!core.runs.cancel(integration.integrationId)) {
    throw new ApiError(409, `Integration ${integration.integrationId} is not in running state`);
  }
  // Apiary's body, plus the `status` every other response has (§12).
  return {
    status: 200,
    json: {
      status: SUCCESS_STATUS,
      success: true,
      message: { integration_id: integration.integrationId, state: "cancelled" },
    },
  };
}

function runOf(core: EmulatorCore, ctx: RouteContext): StoredRun {
  return core.state.runs[ctx.params.runId] ?? notFound();
}

/** @internal R4: the status of one run (§5.4). */
export function status(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return success({
    run: runView(runOf(core, ctx), RUN_FIELDS.status),
    // SETI live: this schema URL names 1/0 even under 2/0.
    meta: { schema: "https://api.cloudworks.anaplan.com/1/0/integrations/objects/run" },
  });
}

/** @internal R5: the errors of one run (§5.4). */
export function runErrors(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const errors = runOf(core, ctx).errors;
  // SETI live: an empty object, not an array, when there are no errors. A failed run's
  // errors are a list (Apiary, SETI) or, with runErrorsShape "object", the one object
  // anaplan-sdk reads from live tenants (§5.4).
  const failed =
    core.options.runErrorsShape === "object" && errors.length === 1 ? errors[0] : errors;
  return withSchema(ctx, "runerror", { runs: errors.length > 0 ? failed : {} });
}

function csv(text: string): HandlerResult {
  return { status: 200, text, contentType: "text/csv" };
}

/** @internal R6: the CSV error dump of a run (§5.4). */
export function dump(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const text = runOf(core, ctx).dump;
  if (text === null) throw new ApiError(404, Messages.noDump);
  return csv(text);
}

/** @internal R7: the CSV error dump of one import inside a process run (§5.4). */
export function processDump(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const text = runOf(core, ctx).processDumps[ctx.params.actionId];
  if (text === undefined) throw new ApiError(404, Messages.noDump);
  return csv(text);
}
