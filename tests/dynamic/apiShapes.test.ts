/**
 * The API as live-tested clients see it (issue 13): each choice where our client and emulator
 * differed from what real tenants do, tested against the emulator over HTTP, in both shapes
 * where the evidence is split. A recording proxy between provider and emulator shows the exact
 * bodies we send.
 */
import { startEmulator } from "../../emulator";
import type { EmulatorOptions, RunningEmulator } from "../../emulator";
import {
  ConnectionProvider,
  FlowProvider,
  IntegrationProvider,
  RunProvider,
} from "../../provider/dynamic";
import { getCloudWorksClient } from "../../provider/dynamic/providerBase";
import { login, request } from "../emulator/support";
import { RecordedRequest, startRecordingProxy } from "../client/support";
import { configureFor, MODEL_ID, s3Connection, s3Import, WORKSPACE_ID } from "./support";

/** An emulator behind a loopback proxy that records every request the provider sends. */
interface Rig {
  emulator: RunningEmulator;
  sent: RecordedRequest[];
  stop(): Promise<void>;
}

async function startRig(options: EmulatorOptions = {}): Promise<Rig> {
  const emulator = await startEmulator({ port: 0, runDurationMs: 50, ...options });
  const proxy = await startRecordingProxy(emulator.url);
  configureFor(emulator, { "cloudworks:apiUrl": proxy.url });
  return {
    emulator,
    sent: proxy.requests,
    stop: async () => {
      await proxy.close();
      await emulator.stop();
    },
  };
}

function bodiesOf(rig: Rig, method: string, path: RegExp): Record<string, unknown>[] {
  return rig.sent
    .filter((r) => r.method === method && path.test(r.path))
    .map((r) => (r.body === "" ? undefined : JSON.parse(r.body)) as Record<string, unknown>);
}

const connections = new ConnectionProvider();
const integrations = new IntegrationProvider();
const flows = new FlowProvider();
const runs = new RunProvider();

async function importIntegration(name: string, connectionId: string, fileId = "113000000001") {
  return (await integrations.create(s3Import(name, connectionId, `source/${name}.csv`, fileId))).id;
}

describe("bodies we send", () => {
  let rig: Rig;
  let connectionId: string;
  beforeAll(async () => {
    rig = await startRig();
    connectionId = (await connections.create(s3Connection("Landing"))).id;
  });
  afterAll(() => rig.stop());

  it("sends a process integration without jobs as {name, version, workspaceId, modelId, processId}", async () => {
    // Evidence: SETI's live test created process integrations with exactly this body; jobs: []
    // and nuxVisible: false were never seen live.
    const inputs = {
      name: "Nightly process",
      workspaceId: WORKSPACE_ID,
      modelId: MODEL_ID,
      processId: "118000000001",
    };
    rig.sent.length = 0;
    const created = await integrations.create(inputs);
    expect(bodiesOf(rig, "POST", /\/integrations$/)).toEqual([{ ...inputs, version: "2.0" }]);
    // The emulator made a process integration of it, and a refresh sees no drift.
    const read = await integrations.read(created.id, created.outs);
    expect(read.inputs).toEqual(inputs);
    // nuxVisible is sent when it is true, and an update sends the same shape.
    rig.sent.length = 0;
    await integrations.update(created.id, inputs, { ...inputs, nuxVisible: true });
    expect(bodiesOf(rig, "PUT", /\/integrations\/[0-9a-f]{32}$/)).toEqual([
      { ...inputs, version: "2.0", nuxVisible: true },
    ]);
  });

  it("omits dependsOn on a flow's first step and chains the others; the API accepts both shapes", async () => {
    const first = await importIntegration("Accounts", connectionId);
    const second = await importIntegration("Details", connectionId);
    rig.sent.length = 0;
    const inputs = {
      name: "Accounts flow",
      steps: [{ integrationId: first }, { integrationId: second }],
    };
    const created = await flows.create(inputs);
    const [body] = bodiesOf(rig, "POST", /\/integrationflows$/);
    const steps = body.steps as Record<string, unknown>[];
    // Evidence: live-tested clients omit it on the first step; the SDK warns that a later step
    // without dependsOn leaves a corrupt flow.
    expect(steps[0]).not.toHaveProperty("dependsOn");
    expect(steps[1].dependsOn).toEqual([first]);
    // The older shape, `dependsOn: []` on the first step, is accepted too and reads the same.
    const olderId = await getCloudWorksClient().createFlow({
      ...body,
      name: "Older shape flow",
      steps: [{ ...steps[0], dependsOn: [] }, steps[1]],
    } as never);
    const older = await flows.read(olderId, { ...inputs, name: "Older shape flow" });
    const current = await flows.read(created.id, inputs);
    expect(older.inputs).toEqual({ ...current.inputs, name: "Older shape flow" });
  });

  it("always sends an export's overwrite (false unless set), so the server's default never decides", async () => {
    const inputs = {
      name: "Export accounts",
      workspaceId: WORKSPACE_ID,
      modelId: MODEL_ID,
      jobs: [
        {
          type: "AnaplanToAmazonS3" as const,
          connectionId,
          file: "exports/",
          actionId: "116000000001",
        },
      ],
    };
    rig.sent.length = 0;
    const created = await integrations.create(inputs);
    const [body] = bodiesOf(rig, "POST", /\/integrations$/);
    const job = (body.jobs as { targets: Record<string, unknown>[] }[])[0];
    expect(job.targets[0].overwrite).toBe(false);
    const read = await integrations.read(created.id, created.outs);
    expect(read.inputs).toEqual(inputs);
  });

  it("accepts any 12-digit import fileId: a 112… ID is sent and created", async () => {
    rig.sent.length = 0;
    const id = await importIntegration("Public example", connectionId, "112000000001");
    const [body] = bodiesOf(rig, "POST", /\/integrations$/);
    const job = (body.jobs as { targets: Record<string, unknown>[] }[])[0];
    expect(job.targets[0].fileId).toBe("112000000001");
    expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("run history without offset and limit", () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  });
  afterAll(() => rig.stop());

  it("answers with a list, as live clients that omit them get", async () => {
    const connectionId = (await connections.create(s3Connection("Landing"))).id;
    const integrationId = await importIntegration("Accounts", connectionId);
    const run = await runs.create({ integrationId });
    const token = await login(rig.emulator);
    const reply = await request(
      `${rig.emulator.url}/2/0/integrations/runs/${integrationId}`,
      "GET",
      {
        headers: { Authorization: `AnaplanAuthToken ${token}` },
      },
    );
    expect(reply.status).toBe(200);
    expect(reply.json.history_of_runs.runs.map((r: { id: string }) => r.id)).toEqual([run.id]);
    // Our client still sends both (documented as required), and gets the same list.
    const history = await getCloudWorksClient().getRunHistory(integrationId);
    expect(history.runs.map((r) => r.id)).toEqual([run.id]);
  });
});

describe.each(["list", "object"] as const)("a failed run's errors as %s", (shape) => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ runErrorsShape: shape });
  });
  afterAll(() => rig.stop());

  it("are read by the client and named in the deployment's error", async () => {
    const connectionId = (await connections.create(s3Connection("Landing"))).id;
    const integrationId = await importIntegration("Accounts", connectionId);
    rig.emulator.setRunOutcome(integrationId, {
      success: false,
      errorText: "Accounts: 2 rows failed (invalid number)",
    });
    await expect(runs.create({ integrationId })).rejects.toThrow(/2 rows failed/);
    const runId = Object.values(rig.emulator.state.runs).find(
      (r) => r.integrationId === integrationId,
    )!.id;
    const token = await login(rig.emulator);
    const reply = await request(`${rig.emulator.url}/2/0/integrations/runerror/${runId}`, "GET", {
      headers: { Authorization: `AnaplanAuthToken ${token}` },
    });
    expect(Array.isArray(reply.json.runs)).toBe(shape === "list");
    const errors = await getCloudWorksClient().getRunErrors(runId);
    expect(errors).toHaveLength(1);
    expect(errors[0].errorMessages[0].errorMessage[0].localMessageText).toMatch(/2 rows failed/);
  });
});

describe.each(["manual", "scheduled", "nux_dashboard"])(
  "runs whose triggerSource is %s",
  (source) => {
    let rig: Rig;
    beforeAll(async () => {
      rig = await startRig({ triggerSource: source });
    });
    afterAll(() => rig.stop());

    it("work the same: nothing of ours depends on the value", async () => {
      const connectionId = (await connections.create(s3Connection("Landing"))).id;
      const first = await importIntegration("Accounts", connectionId);
      const second = await importIntegration("Details", connectionId);
      const single = await runs.create({ integrationId: first });
      expect(single.outs.success).toBe(true);
      const flowId = (
        await flows.create({
          name: "Flow",
          steps: [{ integrationId: first }, { integrationId: second }],
        })
      ).id;
      const flowRun = await runs.create({ flowId });
      expect(flowRun.outs.success).toBe(true);
      const recorded = Object.values(rig.emulator.state.runs);
      expect(recorded.find((r) => r.id === single.id)?.triggerSource).toBe(source);
      const stepSource = source === "nux_dashboard" ? source : `${source}_inf`;
      expect(
        recorded
          .filter((r) => r.flowGroupId === flowId && r.integrationId !== flowId)
          .map((r) => r.triggerSource),
      ).toEqual([stepSource, stepSource]);
      // Reads that carry latestRun.triggerSource refresh cleanly.
      const created = { name: "Accounts" };
      const read = await integrations.read(first, created as never);
      expect(
        (read.props as { latestRun?: { triggerSource?: string } }).latestRun?.triggerSource,
      ).toBe(stepSource);
    });
  },
);

describe.each(["accept", "reject"] as const)(
  "a notification user the tenant does not know (%s)",
  (mode) => {
    let rig: Rig;
    const STRANGER = "0123456789abcdef0123456789abcdef";
    beforeAll(async () => {
      rig = await startRig({ unknownNotificationUsers: mode });
    });
    afterAll(() => rig.stop());

    it(
      mode === "accept"
        ? "is kept and read back with empty names, never null"
        : "fails the deployment naming the notification update",
      async () => {
        const connectionId = (await connections.create(s3Connection("Landing"))).id;
        const inputs = {
          name: "Accounts",
          workspaceId: WORKSPACE_ID,
          modelId: MODEL_ID,
          jobs: [
            {
              type: "AmazonS3ToAnaplan" as const,
              connectionId,
              file: "source/accounts.csv",
              actionId: "112000000001",
              fileId: "113000000001",
            },
          ],
          notifications: { channels: ["email" as const], fullFailure: [STRANGER] },
        };
        if (mode === "reject") {
          await expect(integrations.create(inputs)).rejects.toThrow(
            /notification.*400|400.*notification/is,
          );
          return;
        }
        const created = await integrations.create(inputs);
        const notification = await getCloudWorksClient().getNotification(
          created.outs.notificationId as string,
        );
        const users = notification.notifications.config[0].users as unknown as Record<
          string,
          unknown
        >[];
        expect(users).toEqual([{ userGuid: STRANGER, firstName: "", lastName: "" }]);
        const read = await integrations.read(created.id, created.outs);
        expect(read.inputs).toEqual(inputs);
      },
    );
  },
);
