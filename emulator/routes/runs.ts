/** R1–R7: running and cancelling integrations, run status, history, errors and dumps (§5.4). */
import type { EmulatorCore } from "../core";
import { ApiError, Messages, SUCCESS_STATUS, success, type HandlerResult } from "../http";
import { paginate, readPage } from "../pagination";
import type { RouteContext, RouteDef } from "../router";
import type { StoredRun } from "../store";
import { caller, integrationOrFlow, notFound, schemaUrl } from "./common";

/** @internal A history entry (RunRecord). */
function runRecordView(run: StoredRun): Record<string, unknown> {
  return {
    id: run.id,
    triggeredBy: run.triggeredBy,
    lastRun: run.lastRun,
    startDate: run.startDate,
    endDate: run.endDate,
    success: run.success,
    message: run.message,
    executionErrorCode: run.executionErrorCode,
    traceId: run.traceId,
    triggerSource: run.triggerSource,
  };
}

function runStatusView(run: StoredRun): Record<string, unknown> {
  return {
    id: run.id,
    integrationId: run.integrationId,
    traceId: run.traceId,
    startDate: run.startDate,
    endDate: run.endDate,
    success: run.success,
    message: run.message,
    creationDate: run.creationDate,
    modificationDate: run.modificationDate,
    createdBy: run.createdBy,
    modifiedBy: run.modifiedBy,
    executionErrorCode: run.executionErrorCode,
    flowGroupId: run.flowGroupId,
    triggerSource: run.triggerSource,
  };
}

function csv(text: string): HandlerResult {
  return { status: 200, text, contentType: "text/csv" };
}

function history(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const id = ctx.params.integrationId;
  const target = integrationOrFlow(core.state, id) ?? notFound();
  // Apiary marks offset and limit as required here, but anaplan-sdk's live test suite calls it
  // without them and gets a list (reference §2.4): a real tenant defaults them, like the lists.
  const page = readPage(ctx.query, {
    pageSize: core.options.defaultPageSize,
    maxPageSize: core.options.maxPageSize,
  });
  const runs = Object.values(core.state.runs)
    .filter((run) => run.integrationId === id)
    .reverse();
  const { items } = paginate(runs, page);
  const owner = target.integration ?? target.flow;
  const header: Record<string, unknown> = { integrationId: id, name: owner?.name };
  if (target.integration) {
    header.integrationType = target.integration.integrationType;
    if (target.integration.processId !== null) header.processId = target.integration.processId;
    header.version = target.integration.version;
    header.workspaceId = target.integration.workspaceId;
    header.modelId = target.integration.modelId;
  }
  return success({
    history_of_runs: {
      ...header,
      schedule: owner?.schedule ?? null,
      creationDate: owner?.creationDate,
      modificationDate: owner?.modificationDate,
      createdBy: owner?.createdBy,
      modifiedBy: owner?.modifiedBy,
      status: 1,
      notificationId: owner?.notificationId ?? null,
      runs: items.map(runRecordView),
      totalRuns: runs.length,
    },
    meta: { schema: schemaUrl(ctx, "runs") },
  });
}

/** @internal Routes R1–R7. */
export function runRoutes(core: EmulatorCore): RouteDef[] {
  const run = (ctx: RouteContext): StoredRun => core.state.runs[ctx.params.runId] ?? notFound();
  return [
    {
      method: "POST",
      pattern: "/integrations/{integrationId}/run",
      auth: true,
      handler: (ctx) => {
        const user = caller(ctx);
        // The body is ignored: the SDK sends none, Postman `{}`.
        const integration = core.state.integrations[ctx.params.integrationId] ?? notFound();
        if (core.runs.isRunning(integration.integrationId))
          throw new ApiError(409, Messages.alreadyRunning);
        const started = core.runs.startIntegration(integration, user.displayName);
        core.markDirty();
        return success({ run: { id: started.id } });
      },
    },
    {
      method: "POST",
      pattern: "/integrations/{integrationId}/cancel",
      auth: true,
      handler: (ctx) => {
        const integration = core.state.integrations[ctx.params.integrationId] ?? notFound();
        if (!core.runs.cancel(integration.integrationId)) {
          throw new ApiError(
            409,
            `Integration ${integration.integrationId} is not in running state`,
          );
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
      },
    },
    {
      method: "GET",
      pattern: "/integrations/runs/{integrationId}",
      auth: true,
      handler: (ctx) => history(core, ctx),
    },
    {
      method: "GET",
      pattern: "/integrations/run/{runId}",
      auth: true,
      handler: (ctx) =>
        success({
          run: runStatusView(run(ctx)),
          // SETI live: this schema URL names 1/0 even under 2/0.
          meta: { schema: "https://api.cloudworks.anaplan.com/1/0/integrations/objects/run" },
        }),
    },
    {
      method: "GET",
      pattern: "/integrations/runerror/{runId}",
      auth: true,
      handler: (ctx) => {
        const errors = run(ctx).errors;
        // SETI live: an empty object, not an array, when there are no errors. A failed run's
        // errors are a list (Apiary, SETI) or, with runErrorsShape "object", the one object
        // anaplan-sdk reads from live tenants (§5.4).
        const failed =
          core.options.runErrorsShape === "object" && errors.length === 1 ? errors[0] : errors;
        return success({
          runs: errors.length > 0 ? failed : {},
          meta: { schema: schemaUrl(ctx, "runerror") },
        });
      },
    },
    {
      method: "GET",
      pattern: "/integrations/run/{runId}/dumps",
      auth: true,
      handler: (ctx) => {
        const dump = run(ctx).dump;
        if (dump === null) throw new ApiError(404, Messages.noDump);
        return csv(dump);
      },
    },
    {
      method: "GET",
      pattern: "/integrations/run/{runId}/process/import/{actionId}/dumps",
      auth: true,
      handler: (ctx) => {
        const dump = run(ctx).processDumps[ctx.params.actionId];
        if (dump === undefined) throw new ApiError(404, Messages.noDump);
        return csv(dump);
      },
    },
  ];
}
