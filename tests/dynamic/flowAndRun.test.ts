/**
 * Flows and runs against the emulator: flow lifecycle with drift, and runs that wait for the
 * outcome, fail the deployment with CloudWorks' error details, and touch nothing on delete.
 */
import type { RunningEmulator } from "../../emulator";
import {
  ConnectionProvider,
  FlowProvider,
  IntegrationProvider,
  RunProvider,
} from "../../provider/dynamic";
import type { FlowInputs } from "../../provider/dynamic/inputs";
import {
  configureFor,
  MODEL_ID,
  s3Connection,
  startProviderHarness,
  useProviderHarness,
  totalRequests,
  WORKSPACE_ID,
} from "./support";

const flows = new FlowProvider();
const runs = new RunProvider();
const harness = useProviderHarness({ runDurationMs: 100 });
let first: string;
let second: string;

beforeEach(async () => {
  const connectionId = (await new ConnectionProvider().create(s3Connection("Landing"))).id;
  const integrations = new IntegrationProvider();
  const make = async (name: string, actionId: string, fileId: string) =>
    (
      await integrations.create({
        name,
        workspaceId: WORKSPACE_ID,
        modelId: MODEL_ID,
        jobs: [
          { type: "AmazonS3ToAnaplan", connectionId, file: `source/${name}.csv`, actionId, fileId },
        ],
      })
    ).id;
  first = await make("Accounts", "112000000001", "113000000001");
  second = await make("AccountDetails", "112000000002", "113000000002");
});

function flowInputs(overrides: Partial<FlowInputs> = {}): FlowInputs {
  return {
    name: "Accounts flow",
    steps: [{ integrationId: first }, { integrationId: second }],
    ...overrides,
  };
}

describe("integration flows", () => {
  it("creates sequential steps, reads them back unchanged, updates and deletes", async () => {
    const created = await flows.create(flowInputs());
    const stored = harness.emulator.state.integrationFlows[created.id] as unknown as {
      steps: { referrer: string; dependsOn: string[] }[];
    };
    expect(stored.steps.map((s) => s.referrer)).toEqual([first, second]);
    // Steps run one after another: the SDK warns that a step without dependsOn corrupts a flow.
    expect(stored.steps[1].dependsOn).toEqual([first]);
    const read = await flows.read!(created.id, created.outs as never);
    expect(read.props).toEqual(created.outs);

    const reordered = flowInputs({
      steps: [{ integrationId: second }, { integrationId: first, onFailure: "continue" }],
    });
    expect((await flows.diff!(created.id, flowInputs(), reordered)).changes).toBe(true);
    await flows.update!(created.id, flowInputs(), reordered);
    const after = harness.emulator.state.integrationFlows[created.id] as unknown as {
      steps: { referrer: string }[];
    };
    expect(after.steps.map((s) => s.referrer)).toEqual([second, first]);

    await flows.delete!(created.id, reordered);
    expect(harness.emulator.state.integrationFlows[created.id]).toBeUndefined();
    await expect(flows.delete!(created.id, reordered)).resolves.toBeUndefined();
  });

  it("detects a step skipped in the UI as drift, and a flow deleted in the UI as gone", async () => {
    const created = await flows.create(flowInputs());
    const stored = harness.emulator.state.integrationFlows[created.id] as unknown as {
      steps: { isSkipped: boolean }[];
    };
    stored.steps[1].isSkipped = true;
    const read = await flows.read!(created.id, created.outs as never);
    expect((read.inputs as unknown as FlowInputs).steps[1]).toMatchObject({
      integrationId: second,
      isSkipped: true,
    });
    expect((await flows.diff!(created.id, read.inputs as never, flowInputs())).changes).toBe(true);
    delete harness.emulator.state.integrationFlows[created.id];
    expect((await flows.read!(created.id, created.outs as never)).id).toBe("");
  });
});

describe("runs", () => {
  it("runs an integration, waits for it, and reports the outcome", async () => {
    const result = await runs.create({ integrationId: first, triggers: { file: "etag-1" } });
    expect(result.outs).toMatchObject({ runId: result.id, success: true, message: "Success" });
    expect(result.outs?.endDate).toEqual(expect.any(String));
  });

  it("runs a flow", async () => {
    const flow = await flows.create(flowInputs());
    const result = await runs.create({ flowId: flow.id });
    expect(result.outs).toMatchObject({ success: true });
  });

  it("fails the deployment with the run's error details when the run fails", async () => {
    harness.emulator.setRunOutcome(first, {
      success: false,
      message: "Process failed",
      executionErrorCode: 12,
      errorText: "3 rows failed: invalid date in column Start",
    });
    await expect(runs.create({ integrationId: first })).rejects.toThrow(
      /run [0-9a-f]{32} failed: Process failed \(executionErrorCode 12\).*invalid date in column Start/,
    );
  });

  it("records a failed run without failing when failOnError is false", async () => {
    harness.emulator.setRunOutcome(first, { success: false, message: "Process failed" });
    const result = await runs.create({ integrationId: first, failOnError: false });
    expect(result.outs).toMatchObject({ success: false, message: "Process failed" });
  });

  it("gives up after its timeout, keeping the run ID for the engine", async () => {
    const slow = await startProviderHarness({ runDurationMs: 5000 });
    try {
      await expect(
        runs.create({ integrationId: await copyIntegrationTo(slow), timeoutSeconds: 1 }),
      ).rejects.toMatchObject({
        message: expect.stringMatching(/did not finish/),
        id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    } finally {
      await slow.stop();
      configureFor(harness.emulator);
    }
  });

  it("starts a new run only when its target or triggers change", async () => {
    const olds = { integrationId: first, triggers: { file: "etag-1" } };
    expect((await runs.diff!("r", olds, { ...olds })).changes).toBe(false);
    expect(
      (await runs.diff!("r", olds, { integrationId: first, triggers: { file: "etag-2" } }))
        .replaces,
    ).toEqual(["triggers"]);
    expect((await runs.diff!("r", olds, { ...olds, integrationId: second })).replaces).toEqual([
      "integrationId",
    ]);
    const inPlace = await runs.diff!("r", olds, { ...olds, timeoutSeconds: 60 });
    expect(inPlace).toMatchObject({ changes: true, replaces: [] });
  });

  it("deleting a run touches nothing in CloudWorks", async () => {
    harness.emulator.resetCounts();
    await runs.delete!("0".repeat(32), { integrationId: first });
    expect(totalRequests(harness.emulator)).toBe(0);
  });
});

/** Creates a connection and an integration on another emulator and points the provider at it. */
async function copyIntegrationTo(other: RunningEmulator): Promise<string> {
  configureFor(other);
  const connectionId = (await new ConnectionProvider().create(s3Connection("Slow"))).id;
  return (
    await new IntegrationProvider().create({
      name: "Slow",
      workspaceId: WORKSPACE_ID,
      modelId: MODEL_ID,
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          connectionId,
          file: "a.csv",
          actionId: "112000000001",
          fileId: "113000000001",
        },
      ],
    })
  ).id;
}
