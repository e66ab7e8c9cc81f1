/**
 * Simulated asynchronous runs (§11.8): a run reads `Running` with a null `endDate` until its
 * timer fires, then ends the way the test asked (default: success). Flows run their enabled
 * steps one after another and record `flowGroupId` on each step's run.
 */
import { epochSeconds, isoDate, newId, newTaskId } from "./formats";
import type {
  StoredFlow,
  StoredFlowStep,
  StoredIntegration,
  StoredRun,
  StoredRunError,
  TenantState,
} from "./store";
import type { RunOutcome } from "./types";

/** @internal What the run engine needs from the emulator. */
export interface RunHost {
  /** The live tenant. */
  readonly state: TenantState;
  /** Duration of one integration run. */
  readonly runDurationMs: number;
  /** `triggerSource` of runs the API starts (see EmulatorOptions.triggerSource). */
  readonly triggerSource: string;
  /** Called before a timer mutates state: pick up changes another process wrote. */
  beforeChange(): void;
  /** Called after a timer mutated state: persist it. */
  changed(): void;
}

/** @internal The dump served for a failed import when the test gave no rows (Apiary's example). */
const DEFAULT_DUMP_ROWS: string[][] = [
  ["Demo List", "name", "email", "planet", "_Line_", "_Error_1_"],
  ["a", "", "junk", "", "2", "Invalid number: junk"],
  ["b", "", "twelve", "", "3", "Invalid number: twelve"],
];

/** @internal Anaplan dumps quote every field. */
function toCsv(rows: string[][]): string {
  return (
    rows.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(",")).join("\n") +
    "\n"
  );
}

interface ActionRef {
  actionId: string;
  isImport: boolean;
}

/** The Anaplan actions a failed run reports errors for. */
function actionsOf(integration: StoredIntegration): ActionRef[] {
  const actions: ActionRef[] = [];
  for (const job of integration.jobs) {
    const anaplanTarget = job.targets.find((t) => t.type === "Anaplan");
    const anaplanSource = job.sources.find((s) => s.type === "Anaplan");
    if (anaplanTarget?.actionId) actions.push({ actionId: anaplanTarget.actionId, isImport: true });
    else if (anaplanSource?.actionId)
      actions.push({ actionId: anaplanSource.actionId, isImport: false });
  }
  if (actions.length === 0 && integration.processId) {
    actions.push({ actionId: integration.processId, isImport: false });
  }
  return actions;
}

/**
 * The `triggerSource` of an integration run a flow step started. Live values pair `manual` with
 * `manual_inf` and `scheduled` with `scheduled_inf` (§5.3); our reading of `_inf` is "in
 * flow", which no source confirms. Other sources are kept as they are.
 */
function stepTriggerSource(source: string): string {
  return source === "manual" || source === "scheduled" ? `${source}_inf` : source;
}

/** @internal Starts, finishes and cancels simulated runs. */
export class RunEngine {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly onDone = new Map<string, (run: StoredRun) => void>();
  private readonly outcomes = new Map<string, RunOutcome>();
  private closed = false;

  constructor(private readonly host: RunHost) {}

  /** Decide how runs of an integration or flow end; null restores success. */
  setOutcome(id: string, outcome: RunOutcome | null): void {
    if (outcome === null) this.outcomes.delete(id);
    else this.outcomes.set(id, { ...outcome });
  }

  /** Forget every configured outcome (tenant reset). */
  clearOutcomes(): void {
    this.outcomes.clear();
  }

  /** The run of an integration or flow that has not ended yet. */
  runningRun(id: string): StoredRun | undefined {
    return Object.values(this.host.state.runs).find(
      (run) => run.integrationId === id && run.endDate === null,
    );
  }

  /** Whether an integration or flow has a run in flight. */
  isRunning(id: string): boolean {
    return this.runningRun(id) !== undefined;
  }

  /** Start a run of an integration; `flowGroupId` is set when a flow step started it. */
  startIntegration(
    integration: StoredIntegration,
    triggeredBy: string,
    flowGroupId: string | null = null,
    onDone?: (run: StoredRun) => void,
  ): StoredRun {
    const run = this.newRun(
      integration.integrationId,
      flowGroupId,
      triggeredBy,
      flowGroupId === null ? this.host.triggerSource : stepTriggerSource(this.host.triggerSource),
    );
    if (onDone) this.onDone.set(run.id, onDone);
    this.schedule(run.id, this.host.runDurationMs);
    return run;
  }

  /** Start a flow run; its steps run in order, each taking the run duration. */
  startFlow(flow: StoredFlow, triggeredBy: string, steps: StoredFlowStep[]): StoredRun {
    const flowRun = this.newRun(flow.id, flow.id, triggeredBy, this.host.triggerSource);
    setImmediate(() => this.runStep(flowRun.id, flow.id, steps, 0, 0, triggeredBy));
    return flowRun;
  }

  /** Cancel an in-flight integration run; false when none is running. */
  cancel(integrationId: string): boolean {
    const run = this.runningRun(integrationId);
    if (!run) return false;
    clearTimeout(this.timers.get(run.id));
    this.timers.delete(run.id);
    this.end(run, { success: false, message: "Cancelled", executionErrorCode: null });
    this.host.changed();
    this.notifyDone(run);
    return true;
  }

  /**
   * Runs left `Running` in a state file by a stopped emulator would never end; give them the
   * rest of their duration and finish them normally.
   */
  resumeOrphans(): void {
    for (const run of Object.values(this.host.state.runs)) {
      if (run.endDate !== null || this.timers.has(run.id)) continue;
      const remaining = Date.parse(run.startDate) + this.host.runDurationMs - Date.now();
      this.schedule(run.id, Math.max(0, remaining));
    }
  }

  /** Emulator stop: no timer or pending flow step may touch the tenant afterwards. */
  close(): void {
    this.closed = true;
    this.stopAll();
  }

  /** Stop every timer (emulator stop or tenant reset); runs keep their current record. */
  stopAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.onDone.clear();
  }

  private newRun(
    integrationId: string,
    flowGroupId: string | null,
    triggeredBy: string,
    triggerSource: string,
  ): StoredRun {
    const now = Date.now();
    const date = isoDate(now);
    const run: StoredRun = {
      id: newId(),
      integrationId,
      flowGroupId,
      traceId: newId(),
      triggeredBy,
      triggerSource,
      startDate: date,
      endDate: null,
      lastRun: epochSeconds(now),
      // The SDK models `success` as a bool, so a running run reads false until it ends.
      success: false,
      message: "Running",
      executionErrorCode: null,
      creationDate: date,
      modificationDate: date,
      createdBy: triggeredBy,
      modifiedBy: triggeredBy,
      errors: [],
      dump: null,
      processDumps: {},
    };
    this.host.state.runs[run.id] = run;
    return run;
  }

  private schedule(runId: string, delayMs: number): void {
    const timer = setTimeout(() => this.finish(runId), delayMs);
    timer.unref();
    this.timers.set(runId, timer);
  }

  private takeOutcome(id: string): RunOutcome | undefined {
    const outcome = this.outcomes.get(id);
    if (outcome?.once) this.outcomes.delete(id);
    return outcome;
  }

  private finish(runId: string): void {
    this.timers.delete(runId);
    if (this.closed) return;
    this.host.beforeChange();
    const run = this.host.state.runs[runId];
    if (!run || run.endDate !== null) return;
    const outcome = this.takeOutcome(run.integrationId) ?? { success: true };
    this.end(run, outcome);
    const integration = this.host.state.integrations[run.integrationId];
    if (!outcome.success && integration) this.recordErrors(run, integration, outcome);
    this.host.changed();
    this.notifyDone(run);
  }

  private end(run: StoredRun, outcome: RunOutcome): void {
    const date = isoDate();
    run.endDate = date;
    run.modificationDate = date;
    run.success = outcome.success;
    run.message = outcome.message ?? (outcome.success ? "Success" : "Process failed");
    run.executionErrorCode =
      outcome.executionErrorCode !== undefined
        ? outcome.executionErrorCode
        : outcome.success
          ? null
          : 12;
  }

  private recordErrors(run: StoredRun, integration: StoredIntegration, outcome: RunOutcome): void {
    const rows = outcome.errorRows ?? DEFAULT_DUMP_ROWS;
    const failed = Math.max(0, rows.length - 1);
    const csv = toCsv(rows);
    const actions = actionsOf(integration);
    const entry: StoredRunError = {
      id: run.id,
      errorMessages: actions.map(({ actionId, isImport }) => {
        const actionName = `${isImport ? "Import" : integration.processId ? "Process" : "Export"} ${actionId}`;
        return {
          errorMessage: [
            {
              localMessageText:
                outcome.errorText ??
                (isImport
                  ? `${actionName}: 0 (0/${failed}) rows successful, 0 (0/0) rows has warnings, ${failed} failed, 0 ignored`
                  : run.message),
              occurrences: 0,
              type: isImport ? "hierarchyRowsProcessedWithFailures" : "actionFailed",
              values: [],
            },
          ],
          actionId,
          actionName,
          failureDumpGenerated: isImport,
        };
      }),
      taskId: newTaskId(),
      creationDate: run.endDate ?? isoDate(),
      modificationDate: run.endDate ?? isoDate(),
      createdBy: run.triggeredBy,
      modifiedBy: run.triggeredBy,
    };
    run.errors = [entry];
    if (integration.integrationType === "Import") run.dump = csv;
    if (integration.integrationType === "Process") {
      for (const action of actions) if (action.isImport) run.processDumps[action.actionId] = csv;
    }
  }

  private notifyDone(run: StoredRun): void {
    const callback = this.onDone.get(run.id);
    this.onDone.delete(run.id);
    callback?.(run);
  }

  private runStep(
    flowRunId: string,
    flowId: string,
    steps: StoredFlowStep[],
    index: number,
    failures: number,
    triggeredBy: string,
  ): void {
    if (this.closed) return;
    this.host.beforeChange();
    const flowRun = this.host.state.runs[flowRunId];
    if (!flowRun || flowRun.endDate !== null) return;
    if (index >= steps.length) {
      this.finishFlow(flowRun, failures);
      return;
    }
    const step = steps[index];
    const after = (ok: boolean): void => {
      if (!ok) {
        const strategy =
          step.exceptionBehavior.find((b) => b.type === "failure")?.strategy ?? "stop";
        if (strategy === "stop") {
          this.finishFlow(flowRun, failures + 1);
          return;
        }
      }
      this.runStep(flowRunId, flowId, steps, index + 1, failures + (ok ? 0 : 1), triggeredBy);
    };
    const integration = this.host.state.integrations[step.referrer];
    if (!integration || this.isRunning(integration.integrationId)) {
      // A step deleted out of band, or already busy, fails like a failed run would.
      setImmediate(() => after(false));
      return;
    }
    this.startIntegration(integration, triggeredBy, flowId, (run) => after(run.success));
    this.host.changed();
  }

  private finishFlow(flowRun: StoredRun, failures: number): void {
    if (this.closed) return;
    this.host.beforeChange();
    const current = this.host.state.runs[flowRun.id];
    if (!current || current.endDate !== null) return;
    const outcome =
      this.takeOutcome(current.integrationId) ??
      (failures === 0
        ? { success: true }
        : { success: false, message: "Integration flow failed", executionErrorCode: null });
    this.end(current, outcome);
    this.host.changed();
  }
}
