// Every client function against the real emulator, over HTTP on 127.0.0.1.
import { RunningEmulator, startEmulator } from "../../emulator";
import {
  CloudWorksApiError,
  CloudWorksClient,
  IntegrationInput,
  NotificationInput,
  Schedule,
} from "../../provider/client";
import {
  clientAt,
  flowStepInput,
  importIntegrationInput,
  MODEL_ID as MODEL,
  rejectionOf,
  S3_SECRET,
  s3ConnectionInput,
  startEmulatorAndClient,
  stopEmulatorAndClient,
  WORKSPACE_ID as WORKSPACE,
} from "./support";

const SAS_TOKEN = "sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01&sig=Zm9vYmFyYmF6cXV4";
const GBQ_PRIVATE_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

let emulator: RunningEmulator;
let client: CloudWorksClient;

beforeAll(async () => {
  ({ emulator, client } = await startEmulatorAndClient({ runDurationMs: 150 }));
});

afterAll(() => stopEmulatorAndClient(emulator, client));

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, CloudWorksApiError);
const s3Connection = (name: string) => s3ConnectionInput(name, "landing-zone");
const importIntegration = (name: string, connectionId: string) =>
  importIntegrationInput(name, connectionId, "inbound/sales.csv");

function processIntegration(name: string, connectionId: string): IntegrationInput {
  return {
    name,
    version: "2.0",
    workspaceId: WORKSPACE,
    modelId: MODEL,
    processId: "118000000001",
    jobs: [
      {
        type: "AmazonS3ToAnaplan",
        sources: [{ type: "AmazonS3", connectionId, file: "inbound/prices.csv" }],
        targets: [{ type: "Anaplan", actionId: "112000000002", fileId: "113000000002" }],
      },
    ],
  };
}

describe("connections (C1–C5)", () => {
  test("create, list, get, update, patch and delete", async () => {
    const s3 = await client.createConnection(s3Connection("Sales S3"));
    const azure = await client.createConnection({
      type: "AzureBlob",
      body: {
        name: "Sales Azure",
        storageAccountName: "salesacct",
        sasToken: SAS_TOKEN,
        containerName: "inbound",
        authMethod: "SAS-based",
      },
    });
    const bigQuery = await client.createConnection({
      type: "GoogleBigQuery",
      body: {
        name: "Sales BQ",
        dataset: "sales",
        serviceAccountKey: {
          type: "service_account",
          projectId: "proj-1",
          privateKeyId: "0123456789abcdef0123456789abcdef01234567",
          privateKey: GBQ_PRIVATE_KEY,
          clientEmail: "cw@proj-1.iam.gserviceaccount.com",
          clientId: "123456789012345678901",
          authUri: "https://accounts.google.com/o/oauth2/auth",
          tokenUri: "https://oauth2.googleapis.com/token",
          authProviderX509CertUrl: "https://www.googleapis.com/oauth2/v1/certs",
          clientX509CertUrl: "https://www.googleapis.com/robot/v1/metadata/x509/cw",
        },
      },
    });
    for (const id of [s3, azure, bigQuery]) {
      expect(id).toMatch(/^[0-9a-f]{32}$/);
    }

    const listed = await client.listConnections();
    expect(listed.map((c) => c.connectionId).sort()).toEqual([s3, azure, bigQuery].sort());
    const text = JSON.stringify(listed);
    for (const secret of [S3_SECRET, SAS_TOKEN, "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"]) {
      expect(text).not.toContain(secret);
    }

    const found = await client.getConnection(s3);
    expect(found).toMatchObject({
      connectionId: s3,
      connectionType: "AmazonS3",
      body: { name: "Sales S3", bucketName: "landing-zone" },
      status: 1,
    });
    await expect(client.getConnection("0".repeat(32))).resolves.toBeUndefined();

    await client.updateConnection(s3, {
      ...s3Connection("Sales S3 v2").body,
      bucketName: "landing-zone-2",
    });
    expect((await client.getConnection(s3))?.body).toEqual({
      name: "Sales S3 v2",
      bucketName: "landing-zone-2",
    });

    await client.patchConnection(azure, { name: "Sales Azure v2" });
    expect((await client.getConnection(azure))?.body.name).toBe("Sales Azure v2");

    await client.deleteConnection(bigQuery);
    await expect(client.getConnection(bigQuery)).resolves.toBeUndefined();
  });

  test("the server's credential check surfaces as a 400 with its message", async () => {
    const error = await rejection(
      client.createConnection({
        type: "AmazonS3",
        body: { ...s3Connection("Bad creds").body, secretAccessKey: "INVALID-secret-value" },
      }),
    );
    expect(error.message).toBe(
      "CloudWorks POST /2/0/integrations/connections failed: 400 Credentials are invalid",
    );
    expect(error.mayHaveCommitted).toBe(false);
  });

  test("patchConnection refuses an empty patch before calling the API", async () => {
    await expect(client.patchConnection("a".repeat(32), {})).rejects.toThrow(
      "patchConnection needs at least one field to change",
    );
  });
});

describe("integrations (I1–I5)", () => {
  test("create, list (filters, sort), get with jobs, update and delete", async () => {
    const connectionId = await client.createConnection(s3Connection("Integration source"));
    const alpha = await client.createIntegration(importIntegration("Alpha import", connectionId));
    const beta = await client.createIntegration({
      name: "Beta export",
      version: "2.0",
      workspaceId: WORKSPACE,
      modelId: MODEL,
      jobs: [
        {
          type: "AnaplanToAmazonS3",
          sources: [{ type: "Anaplan", actionId: "116000000001" }],
          targets: [{ type: "AmazonS3", connectionId, file: "exports/", overwrite: true }],
        },
      ],
    });
    const gamma = await client.createIntegration(processIntegration("Gamma process", connectionId));

    const ascending = await client.listIntegrations({ sortBy: "name" });
    const ours = (list: { integrationId: string }[]) =>
      list.map((i) => i.integrationId).filter((id) => [alpha, beta, gamma].includes(id));
    expect(ours(ascending)).toEqual([alpha, beta, gamma]);
    expect(ours(await client.listIntegrations({ sortBy: "-name" }))).toEqual([gamma, beta, alpha]);
    expect(ours(await client.listIntegrations({ myIntegrations: true }))).toHaveLength(3);
    expect(ascending.find((i) => i.integrationId === beta)?.integrationType).toBe("Export");

    const detail = await client.getIntegration(alpha);
    expect(detail).toMatchObject({ integrationId: alpha, name: "Alpha import", modelId: MODEL });
    expect(detail.notificationId).toMatch(/^[0-9a-f]{32}$/);
    expect(detail.jobs?.[0].sources[0]).toMatchObject({
      type: "AmazonS3",
      connectionId,
      file: "inbound/sales.csv",
      connectionName: "Integration source",
    });

    await client.updateIntegration(alpha, importIntegration("Alpha import renamed", connectionId));
    expect((await client.getIntegration(alpha)).name).toBe("Alpha import renamed");

    await client.deleteIntegration(beta);
    const error = await rejection(client.getIntegration(beta));
    expect(error.status).toBe(404);

    // Referenced connections cannot be deleted: the 409 is reported, not retried.
    const conflict = await rejection(client.deleteConnection(connectionId));
    expect(conflict).toMatchObject({ status: 409, mayHaveCommitted: false, attempts: 1 });
  });
});

describe("runs (R1–R7)", () => {
  let connectionId: string;
  beforeAll(async () => {
    connectionId = await client.createConnection(s3Connection("Run source"));
  });

  test("run, status, wait, history, errors and dumps of a successful run", async () => {
    const integrationId = await client.createIntegration(importIntegration("Run ok", connectionId));
    const runId = await client.runIntegration(integrationId);
    expect(runId).toMatch(/^[0-9a-f]{32}$/);

    const running = await client.getRunStatus(runId);
    expect(running).toMatchObject({ id: runId, integrationId, endDate: null });

    const final = await client.waitForRun(runId, { pollIntervalMs: 50, timeoutMs: 10_000 });
    expect(final).toMatchObject({ id: runId, success: true, message: "Success" });
    expect(final.endDate).toEqual(expect.any(String));

    const history = await client.getRunHistory(integrationId, { offset: 0, limit: 10 });
    expect(history.integrationId).toBe(integrationId);
    expect(history.totalRuns).toBe(1);
    expect(history.runs[0]).toMatchObject({
      id: runId,
      success: true,
      lastRun: expect.any(Number),
    });

    await expect(client.getRunErrors(runId)).resolves.toEqual([]);
    await expect(client.getRunDumps(runId)).resolves.toBeUndefined();
  });

  test("errors and dumps of a failed import and of a failed process", async () => {
    const importId = await client.createIntegration(importIntegration("Run fails", connectionId));
    emulator.setRunOutcome(importId, {
      success: false,
      errorRows: [
        ["Product", "Error"],
        ["P-1", "Unknown item"],
      ],
    });
    const runId = await client.runIntegration(importId);
    const final = await client.waitForRun(runId, { pollIntervalMs: 50, timeoutMs: 10_000 });
    expect(final.success).toBe(false);
    const errors = await client.getRunErrors(runId);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].errorMessages[0].actionId).toBe("112000000001");
    const dump = await client.getRunDumps(runId);
    expect(dump).toContain("P-1");

    const processId = await client.createIntegration(
      processIntegration("Process fails", connectionId),
    );
    emulator.setRunOutcome(processId, {
      success: false,
      errorRows: [
        ["Price", "Error"],
        ["9", "bad"],
      ],
    });
    const processRun = await client.runIntegration(processId);
    await client.waitForRun(processRun, { pollIntervalMs: 50, timeoutMs: 10_000 });
    await expect(client.getProcessRunDumps(processRun, "112000000002")).resolves.toContain("bad");
  });

  test("cancel a running integration; cancelling an idle one is a 409", async () => {
    const integrationId = await client.createIntegration(
      importIntegration("Run cancel", connectionId),
    );
    const runId = await client.runIntegration(integrationId);
    await client.cancelIntegration(integrationId);
    const final = await client.waitForRun(runId, { pollIntervalMs: 50, timeoutMs: 10_000 });
    expect(final.message).toBe("Cancelled");
    const error = await rejection(client.cancelIntegration(integrationId));
    expect(error.status).toBe(409);
  });

  test("waitForRun gives up with a timeout error", async () => {
    const slow = await startEmulator({ port: 0, runDurationMs: 5000 });
    const slowClient = clientAt(slow.url);
    try {
      const source = await slowClient.createConnection(s3Connection("Slow source"));
      const integrationId = await slowClient.createIntegration(importIntegration("Slow", source));
      const runId = await slowClient.runIntegration(integrationId);
      const error = await rejection(
        slowClient.waitForRun(runId, { pollIntervalMs: 50, timeoutMs: 200 }),
      );
      expect(error.kind).toBe("timeout");
      expect(error.message).toContain(`run ${runId} did not finish within 200 ms`);
    } finally {
      slowClient.close();
      await slow.stop();
    }
  });
});

describe("schedules (S1–S4)", () => {
  test("create, update through all five types, enable/disable and delete", async () => {
    const connectionId = await client.createConnection(s3Connection("Schedule source"));
    const integrationId = await client.createIntegration(
      importIntegration("Scheduled", connectionId),
    );
    const common = { name: "Nightly", startDate: "2030-01-01", timezone: "Europe/London" };
    const daily: Schedule = { ...common, type: "daily", time: "02:00" };
    const scheduleId = await client.createSchedule(integrationId, daily);
    if (scheduleId !== undefined) {
      expect(scheduleId).toMatch(/^[0-9a-f]{32}$/);
    }
    expect((await client.getIntegration(integrationId)).schedule).toMatchObject({
      type: "daily",
      time: "02:00",
    });

    const variants: Schedule[] = [
      { ...common, type: "weekly", time: "03:30", daysOfWeek: [1, 3] },
      {
        ...common,
        type: "hourly",
        repeatEvery: 2,
        fromTime: "08:00",
        toTime: "18:00",
        daysOfWeek: [1, 2, 3, 4, 5],
      },
      { ...common, type: "monthly_specific_day", time: "04:00", dayOfMonth: 15 },
      {
        ...common,
        type: "monthly_relative_weekday",
        time: "05:00",
        dayOfWeek: 3,
        repeatEvery: 2,
        endDate: "2031-01-01",
      },
    ];
    for (const schedule of variants) {
      await client.updateSchedule(integrationId, schedule);
      expect((await client.getIntegration(integrationId)).schedule).toMatchObject(schedule);
    }

    await client.setScheduleStatus(integrationId, "disabled");
    expect((await client.getIntegration(integrationId)).schedule?.status).toBe("Inactive");
    await client.setScheduleStatus(integrationId, "enabled");
    expect((await client.getIntegration(integrationId)).schedule?.status).toBe("Active");

    await client.deleteSchedule(integrationId);
    expect((await client.getIntegration(integrationId)).schedule ?? null).toBeNull();
  });
});

describe("notifications (N1–N4)", () => {
  test("adopt the auto-created config, update, delete and create", async () => {
    const connectionId = await client.createConnection(s3Connection("Notify source"));
    const integrationId = await client.createIntegration(
      importIntegration("Notified", connectionId),
    );
    const notificationId = (await client.getIntegration(integrationId)).notificationId as string;
    const demoGuid = emulator.users[0].userGuid;

    const input: NotificationInput = {
      integrationIds: [integrationId],
      channels: ["email", "in_app"],
      notifications: { config: [{ type: "full_failure", users: [demoGuid] }] },
    };
    await client.updateNotification(notificationId, input);
    const read = await client.getNotification(notificationId);
    expect(read).toMatchObject({
      notificationId,
      integrationIds: [integrationId],
      channels: ["email", "in_app"],
    });
    expect(read.notifications.config[0]).toMatchObject({
      type: "full_failure",
      users: [expect.objectContaining({ userGuid: demoGuid, firstName: "Demo" })],
    });

    await client.deleteNotification(notificationId);
    expect((await rejection(client.getNotification(notificationId))).status).toBe(404);

    const created = await client.createNotification(input);
    expect(created).toMatch(/^[0-9a-f]{32}$/);
    expect((await client.getNotification(created)).integrationIds).toEqual([integrationId]);
  });
});

describe("integration flows (F1–F6)", () => {
  test("create, list, get, update, run (all and some steps) and delete", async () => {
    const connectionId = await client.createConnection(s3Connection("Flow source"));
    const first = await client.createIntegration(importIntegration("Flow step one", connectionId));
    const second = await client.createIntegration(
      processIntegration("Flow step two", connectionId),
    );
    const step = flowStepInput;
    const flowInput = {
      name: "Nightly flow",
      version: "2.0" as const,
      type: "IntegrationFlow" as const,
      steps: [step(first, []), step(second, [first])],
    };
    const flowId = await client.createFlow(flowInput);
    expect(flowId).toMatch(/^[0-9a-f]{32}$/);

    const listed = await client.listFlows({ sortBy: "name" });
    expect(listed.find((f) => f.id === flowId)).toMatchObject({
      name: "Nightly flow",
      stepsCount: 2,
    });
    expect((await client.listFlows({ myIntegrations: true })).map((f) => f.id)).toContain(flowId);

    const detail = await client.getFlow(flowId);
    expect(detail.id).toBe(flowId);
    expect(detail.steps.map((s) => s.referrer)).toEqual([first, second]);

    await client.updateFlow(flowId, { ...flowInput, name: "Nightly flow v2" });
    expect((await client.getFlow(flowId)).name).toBe("Nightly flow v2");

    const runId = await client.runFlow(flowId);
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    await waitUntilIdle(flowId);
    const partialRun = await client.runFlow(flowId, [second]);
    expect(partialRun).toMatch(/^[0-9a-f]{32}$/);
    await waitUntilIdle(flowId);

    await client.deleteFlow(flowId);
    expect((await rejection(client.getFlow(flowId))).status).toBe(404);
  });

  async function waitUntilIdle(flowId: string): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const flow = await client.getFlow(flowId);
      if (flow.latestRun?.endDate) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("flow did not finish");
  }
});

describe("pagination against the emulator", () => {
  test("collects every page, and copes with the server capping limit", async () => {
    const paged = await startEmulator({ port: 0, maxPageSize: 2 });
    const pagedClient = clientAt(paged.url, { pageSize: 3 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        ids.push(await pagedClient.createConnection(s3Connection(`Paged ${i}`)));
      }
      paged.resetCounts();
      const all = await pagedClient.listConnections();
      expect(all.map((c) => c.connectionId).sort()).toEqual([...ids].sort());
      // 7 items, pages silently capped at 2: offsets 0, 2, 4, 6.
      expect(paged.requestCounts()["GET /2/0/integrations/connections"]).toBe(4);
    } finally {
      pagedClient.close();
      await paged.stop();
    }
  });
});
