/** F1–F6: integration flows (§7b). */
import type { EmulatorCore } from "../core";
import { flowStepDate, newId } from "../formats";
import { ApiError, Messages, success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import type { StoredFlow, StoredFlowStep, StoredRun } from "../store";
import type { UserRecord } from "../users";
import {
  isObject,
  optionalBoolean,
  reject,
  requireName,
  requireObject,
  requireString,
  requireVersion2,
} from "../validation";
import { caller, duplicateName, jsonBody, notFound, schemaUrl, withSchema } from "./common";
import { listPage } from "./listing";
import { addToTenant, removeFromTenant } from "./membership";
import { integrationLatestRunView, latestRunOf } from "./runHistory";
import { creationStamp, integrationNameTaken, modificationStamp } from "./tenant";

const TOO_FEW_STEPS = "Integration flow has to have at least two enabled steps.";
/** The SDK's upper bound on steps. */
const MAX_STEPS = 100;
const DEFAULT_EXCEPTION_BEHAVIOR = [
  { type: "failure", strategy: "stop" },
  { type: "partial_success", strategy: "continue" },
];

interface ParsedFlow {
  name: string;
  nuxVisible: boolean;
  steps: Pick<
    StoredFlowStep,
    "type" | "referrer" | "dependsOn" | "isSkipped" | "exceptionBehavior"
  >[];
}

function parseExceptionBehavior(value: unknown): { type: string; strategy: string }[] {
  if (value === undefined || value === null)
    return DEFAULT_EXCEPTION_BEHAVIOR.map((b) => ({ ...b }));
  if (!Array.isArray(value)) return reject();
  return value.map((raw) => {
    const item = requireObject(raw);
    if (item.type !== "failure" && item.type !== "partial_success") reject();
    if (item.strategy !== "stop" && item.strategy !== "continue") reject();
    return { type: item.type as string, strategy: item.strategy as string };
  });
}

function parseFlow(core: EmulatorCore, ctx: RouteContext, exceptId?: string): ParsedFlow {
  const input = requireObject(jsonBody(ctx));
  requireVersion2(input);
  if (input.type !== "IntegrationFlow") reject();
  const name = requireName(input);
  const nuxVisible = optionalBoolean(input, "nuxVisible") ?? false;
  if (!Array.isArray(input.steps) || input.steps.length > MAX_STEPS) reject();
  const steps = input.steps.map((raw) => {
    const step = requireObject(raw);
    if (step.type !== "Integration") reject();
    const dependsOn = step.dependsOn ?? [];
    if (!Array.isArray(dependsOn) || dependsOn.some((d) => typeof d !== "string")) reject();
    return {
      type: "Integration",
      referrer: requireString(step, "referrer"),
      dependsOn: [...(dependsOn as string[])],
      isSkipped: optionalBoolean(step, "isSkipped") ?? false,
      exceptionBehavior: parseExceptionBehavior(step.exceptionBehavior),
    };
  });
  const referrers = steps.map((s) => s.referrer);
  if (new Set(referrers).size !== referrers.length) reject();
  if (steps.some((s) => s.dependsOn.some((d) => !referrers.includes(d) || d === s.referrer)))
    reject();
  if (steps.filter((s) => !s.isSkipped).length < 2) reject(TOO_FEW_STEPS);
  if (referrers.some((id) => !core.state.integrations[id])) notFound();
  if (integrationNameTaken(core.state, name, exceptId)) duplicateName(core);
  return { name, nuxVisible, steps };
}

function storedSteps(
  parsed: ParsedFlow,
  user: UserRecord,
  previous: StoredFlowStep[] = [],
): StoredFlowStep[] {
  const now = flowStepDate();
  return parsed.steps.map((step) => {
    const before = previous.find((p) => p.referrer === step.referrer);
    return {
      ...step,
      createdBy: before?.createdBy ?? user.displayName,
      createdDate: before?.createdDate ?? now,
      modifiedDate: now,
      modifiedBy: user.displayName,
    };
  });
}

function flowLatestRunView(run: StoredRun): Record<string, unknown> {
  return { id: run.id, lastRun: run.lastRun, ...integrationLatestRunView(run) };
}

function flowSummary(core: EmulatorCore, flow: StoredFlow): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: flow.id,
    name: flow.name,
    createdBy: flow.createdBy,
    creationDate: flow.creationDate,
    modificationDate: flow.modificationDate,
    modifiedBy: flow.modifiedBy,
    notificationId: flow.notificationId,
    nuxVisible: flow.nuxVisible,
    stepsCount: flow.steps.length,
  };
  const latest = latestRunOf(core.state, flow.id);
  if (latest) view.latestRun = flowLatestRunView(latest);
  if (flow.schedule) view.schedule = { ...flow.schedule };
  return view;
}

function flowDetail(core: EmulatorCore, flow: StoredFlow): Record<string, unknown> {
  return {
    ...flowSummary(core, flow),
    steps: flow.steps.map((step) => {
      const integration = core.state.integrations[step.referrer];
      const latest = latestRunOf(core.state, step.referrer);
      const view: Record<string, unknown> = {
        referrer: step.referrer,
        name: integration?.name ?? null,
        type: integration?.integrationType ?? null,
        createdBy: step.createdBy,
        createdDate: step.createdDate,
        modifiedDate: step.modifiedDate,
        modifiedBy: step.modifiedBy,
        modelId: integration?.modelId ?? null,
        workspaceId: integration?.workspaceId ?? null,
        dependsOn: [...step.dependsOn],
        isSkipped: step.isSkipped,
        exceptionBehavior: step.exceptionBehavior.map((b) => ({ ...b })),
        // False when the step's integration was deleted out of band.
        accessible: integration !== undefined,
      };
      if (latest) view.latestRun = { lastRun: latest.lastRun, ...integrationLatestRunView(latest) };
      return view;
    }),
  };
}

/** The flow the path's `integrationFlowId` names, or 404 "Resource not found". */
function flowOf(core: EmulatorCore, ctx: RouteContext): StoredFlow {
  return core.state.integrationFlows[ctx.params.integrationFlowId] ?? notFound();
}

function isBusy(core: EmulatorCore, flow: StoredFlow): boolean {
  return core.runs.isRunning(flow.id) || flow.steps.some((s) => core.runs.isRunning(s.referrer));
}

/** @internal F1: create an integration flow (§7b). */
export function create(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  const parsed = parseFlow(core, ctx);
  const flow: StoredFlow = {
    id: newId(),
    name: parsed.name,
    version: "2.0",
    type: "IntegrationFlow",
    nuxVisible: parsed.nuxVisible,
    notificationId: null,
    schedule: null,
    steps: storedSteps(parsed, user),
    ...creationStamp(user),
  };
  addToTenant(core, core.state.integrationFlows, flow.id, flow);
  return success({ integrationFlow: { integrationFlowId: flow.id } });
}

/** @internal F6: run a flow, all its enabled steps or those named in `stepsToRun` (§7b). */
export function run(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  const flow = flowOf(core, ctx);
  const input = jsonBody(ctx);
  let wanted: string[] | undefined;
  if (input !== undefined) {
    if (!isObject(input)) reject();
    const stepsToRun = input.stepsToRun;
    if (stepsToRun !== undefined && stepsToRun !== null) {
      if (!Array.isArray(stepsToRun) || stepsToRun.length === 0) reject();
      if (
        stepsToRun.some(
          (id) => typeof id !== "string" || !flow.steps.some((s) => s.referrer === id),
        )
      )
        reject();
      wanted = stepsToRun as string[];
    }
  }
  const steps = flow.steps.filter(
    (s) => !s.isSkipped && (wanted === undefined || wanted.includes(s.referrer)),
  );
  if (steps.length === 0) reject();
  if (isBusy(core, flow)) throw new ApiError(409, Messages.alreadyRunning);
  const started = core.runs.startFlow(flow, user.displayName, steps);
  core.markDirty();
  return success({ run: { id: started.id } });
}

/** @internal F2: a page of flows, without their steps (§7b). */
export function list(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const page = listPage(core, ctx, Object.values(core.state.integrationFlows));
  return success({
    integrationFlows: page.items.map((flow) => flowSummary(core, flow)),
    meta: { paging: page.paging, schema: schemaUrl(ctx, "integrationflows") },
  });
}

/** @internal F3: one flow with its steps (§7b). */
export function read(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return withSchema(ctx, "integrationflows", {
    integrationFlow: flowDetail(core, flowOf(core, ctx)),
  });
}

/** @internal F4: replace a flow with a full body (§7b). */
export function replace(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  const flow = flowOf(core, ctx);
  const parsed = parseFlow(core, ctx, flow.id);
  Object.assign(
    flow,
    {
      name: parsed.name,
      nuxVisible: parsed.nuxVisible,
      steps: storedSteps(parsed, user, flow.steps),
    },
    modificationStamp(user),
  );
  core.markDirty();
  return success();
}

/** @internal F5: delete a flow while neither it nor one of its steps runs (§7b). */
export function remove(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const flow = flowOf(core, ctx);
  // SDK doc: a flow cannot be deleted while it or one of its steps runs.
  if (isBusy(core, flow)) throw new ApiError(409, Messages.alreadyRunning);
  removeFromTenant(core, core.state.integrationFlows, flow.id);
  return success();
}
