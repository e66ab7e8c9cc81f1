/** Asynchronous runs (§11.8): progress, outcomes, errors, dumps, cancel and flow runs. */
import type { RunOutcome } from "../../emulator";
import {
  exportIntegration,
  flowBody,
  importIntegration,
  processIntegration,
  useEmulatorWithApi,
  waitForRun,
} from "./support";

describe("simulated runs", () => {
  const harness = useEmulatorWithApi({ runDurationMs: 150 });
  let connectionId: string;
  beforeAll(async () => {
    connectionId = await harness.api.createConnection();
  });

  /** Makes integration `id`'s runs end with `outcome`, runs it once and waits for the end. */
  async function runEndingWith(
    id: string,
    outcome: RunOutcome,
  ): Promise<{ runId: string; run: Record<string, unknown> }> {
    harness.emu.setRunOutcome(id, outcome);
    const runId = (await harness.api.post(`/integrations/${id}/run`)).json.run.id;
    return { runId, run: (await waitForRun(harness.api, runId)).json.run };
  }

  it("reads Running with a null endDate until the run ends, then Success", async () => {
    const id = await harness.api.createIntegration(importIntegration(connectionId));
    const runId = (await harness.api.post(`/integrations/${id}/run`)).json.run.id;
    const running = (await harness.api.get(`/integrations/${id}`)).json.integration.latestRun;
    expect(running).toMatchObject({
      message: "Running",
      endDate: null,
      success: false,
      triggerSource: "manual",
      triggeredBy: "Demo User",
    });
    const status = (await harness.api.get(`/integrations/run/${runId}`)).json.run;
    expect(status).toMatchObject({ message: "Running", endDate: null });

    // A second run, a delete and a flow run of the busy step are refused while it runs.
    const again = await harness.api.post(`/integrations/${id}/run`);
    expect(again.status).toBe(409);
    expect(again.json.status.message).toBe("Integration is already running");
    const del = await harness.api.delete(`/integrations/${id}`);
    expect(del.status).toBe(409);
    expect(del.json.status.message).toBe("Integration is already running");

    await waitForRun(harness.api, runId);
    const done = (await harness.api.get(`/integrations/${id}`)).json.integration.latestRun;
    expect(done).toMatchObject({ message: "Success", success: true, executionErrorCode: null });
    expect(done.endDate).not.toBeNull();
    expect((await harness.api.delete(`/integrations/${id}`)).status).toBe(200);
  });

  it("fails an import as configured, with run errors and a CSV dump", async () => {
    const id = await harness.api.createIntegration(importIntegration(connectionId));
    const { runId, run: done } = await runEndingWith(id, {
      success: false,
      message: "Import completed with failures",
      executionErrorCode: 12,
      errorRows: [
        ["Products", "Price", "_Line_", "_Error_1_"],
        ["Widget", "abc", "2", "Invalid number: abc"],
      ],
    });
    expect(done).toMatchObject({
      success: false,
      message: "Import completed with failures",
      executionErrorCode: 12,
    });

    const errors = await harness.api.get(`/integrations/runerror/${runId}`);
    expect(errors.status).toBe(200);
    expect(errors.json.runs).toHaveLength(1);
    const entry = errors.json.runs[0];
    expect(entry).toMatchObject({ id: runId, createdBy: "Demo User" });
    expect(entry.taskId).toMatch(/^[0-9A-F]{32}$/);
    expect(entry.errorMessages[0]).toMatchObject({
      actionId: "112000000011",
      failureDumpGenerated: true,
    });
    expect(entry.errorMessages[0].errorMessage[0]).toMatchObject({
      type: "hierarchyRowsProcessedWithFailures",
      occurrences: 0,
      values: [],
      localMessageText: expect.stringContaining("1 failed"),
    });

    const dump = await harness.api.get(`/integrations/run/${runId}/dumps`);
    expect(dump.status).toBe(200);
    expect(dump.headers.get("content-type")).toContain("text/csv");
    expect(dump.text).toBe(
      '"Products","Price","_Line_","_Error_1_"\n"Widget","abc","2","Invalid number: abc"\n',
    );

    const history = (await harness.api.get(`/integrations/runs/${id}?offset=0&limit=5`)).json
      .history_of_runs;
    expect(history.runs[0]).toMatchObject({ id: runId, success: false, executionErrorCode: 12 });
  });

  it("uses a default failure message, code and dump, and `once` applies to one run only", async () => {
    const id = await harness.api.createIntegration(importIntegration(connectionId));
    harness.emu.setRunOutcome(id, { success: false, once: true });
    const first = (await harness.api.post(`/integrations/${id}/run`)).json.run.id;
    expect((await waitForRun(harness.api, first)).json.run).toMatchObject({
      success: false,
      message: "Process failed",
      executionErrorCode: 12,
    });
    expect((await harness.api.get(`/integrations/run/${first}/dumps`)).text).toContain(
      "Invalid number: junk",
    );
    const second = (await harness.api.post(`/integrations/${id}/run`)).json.run.id;
    expect((await waitForRun(harness.api, second)).json.run).toMatchObject({
      success: true,
      message: "Success",
    });
    const history = (await harness.api.get(`/integrations/runs/${id}?offset=0&limit=1`)).json
      .history_of_runs;
    expect(history.totalRuns).toBe(2);
    expect(history.runs.map((r: { id: string }) => r.id)).toEqual([second]);
  });

  it("serves per-action dumps of a failed process and no integration-level dump", async () => {
    const id = await harness.api.createIntegration(processIntegration(connectionId));
    const { runId } = await runEndingWith(id, {
      success: false,
      message: "Process failed",
      executionErrorCode: 39,
    });
    const processDump = await harness.api.get(
      `/integrations/run/${runId}/process/import/112000000021/dumps`,
    );
    expect(processDump.status).toBe(200);
    expect(processDump.text.split("\n")[0]).toContain("_Error_1_");
    expect(
      (await harness.api.get(`/integrations/run/${runId}/process/import/112000000099/dumps`))
        .status,
    ).toBe(404);
    expect((await harness.api.get(`/integrations/run/${runId}/dumps`)).status).toBe(404);
    const errors = (await harness.api.get(`/integrations/runerror/${runId}`)).json.runs[0]
      .errorMessages;
    expect(errors.map((e: { actionId: string }) => e.actionId)).toEqual([
      "112000000021",
      "116000000021",
    ]);
  });

  it("a failed export has run errors but no dump", async () => {
    const id = await harness.api.createIntegration(exportIntegration(connectionId));
    const { runId } = await runEndingWith(id, {
      success: false,
      message: "Export failed",
      executionErrorCode: 35,
    });
    expect(
      (await harness.api.get(`/integrations/runerror/${runId}`)).json.runs[0].errorMessages[0],
    ).toMatchObject({
      actionId: "116000000011",
      failureDumpGenerated: false,
    });
    const dump = await harness.api.get(`/integrations/run/${runId}/dumps`);
    expect(dump.json.status).toEqual({
      code: 404,
      message: "Your integration run was successful / no errors",
    });
  });

  it("runs flow steps in order, records flowGroupId, and stops on a failing step", async () => {
    const a = await harness.api.createIntegration(importIntegration(connectionId));
    const b = await harness.api.createIntegration(importIntegration(connectionId));
    const c = await harness.api.createIntegration(importIntegration(connectionId));
    const flowId = await harness.api.createFlow(flowBody([a, b, c]));
    harness.emu.setRunOutcome(b, { success: false, message: "Process failed" });
    const runId = (await harness.api.post(`/integrationflows/${flowId}/run`)).json.run.id;
    // Busy while it runs: no second flow run, no run of a step.
    const again = await harness.api.post(`/integrationflows/${flowId}/run`);
    expect(again.status).toBe(409);
    const flowRun = (await waitForRun(harness.api, runId)).json.run;
    expect(flowRun).toMatchObject({
      integrationId: flowId,
      flowGroupId: flowId,
      success: false,
      message: "Integration flow failed",
    });
    const stepRuns = Object.values(harness.emu.state.runs).filter(
      (r) => r.flowGroupId === flowId && r.integrationId !== flowId,
    );
    // failure → stop: c never ran.
    expect(stepRuns.map((r) => [r.integrationId, r.success])).toEqual([
      [a, true],
      [b, false],
    ]);
    const stepRunStatus = (await harness.api.get(`/integrations/run/${stepRuns[0].id}`)).json.run;
    expect(stepRunStatus.flowGroupId).toBe(flowId);
    const detail = (await harness.api.get(`/integrationflows/${flowId}`)).json.integrationFlow;
    expect(detail.latestRun).toMatchObject({ id: runId, success: false });
    expect(detail.steps[0].latestRun).toMatchObject({ success: true });
  });

  it("continues past a failure when the step's strategy is continue, and honours flow outcomes", async () => {
    const a = await harness.api.createIntegration(importIntegration(connectionId));
    const b = await harness.api.createIntegration(importIntegration(connectionId));
    const body = flowBody([a, b]) as { steps: { exceptionBehavior: unknown }[] };
    body.steps[0].exceptionBehavior = [{ type: "failure", strategy: "continue" }];
    const flowId = await harness.api.createFlow(body);
    harness.emu.setRunOutcome(a, { success: false });
    const runId = (await harness.api.post(`/integrationflows/${flowId}/run`)).json.run.id;
    await waitForRun(harness.api, runId);
    const ran = Object.values(harness.emu.state.runs).filter(
      (r) => r.flowGroupId === flowId && r.integrationId !== flowId,
    );
    expect(ran.map((r) => r.integrationId)).toEqual([a, b]);

    harness.emu.setRunOutcome(a, null);
    harness.emu.setRunOutcome(flowId, {
      success: false,
      message: "Flow broke",
      executionErrorCode: 38,
    });
    const second = (await harness.api.post(`/integrationflows/${flowId}/run`, { stepsToRun: [b] }))
      .json.run.id;
    expect((await waitForRun(harness.api, second)).json.run).toMatchObject({
      success: false,
      message: "Flow broke",
      executionErrorCode: 38,
    });
  });
});
