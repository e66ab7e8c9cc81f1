/**
 * Reading objects the stack does not manage, with the real `pulumi` CLI against the emulator:
 * the static `get` of each resource class on objects made outside the stack (with the client,
 * as the UI would), the lookup functions by name and for run history, each failure's message,
 * and that a program without lookups still previews without a single API call. The tests run
 * in order on one stack (tests/engine/lookups), switching readers on and off by stack config.
 */
import { randomBytes } from "crypto";
import * as path from "path";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator";
import type { CloudWorksClient } from "../../provider/client";
import type {
  CloudWorksConnectionLookupResult,
  CloudWorksRunErrorsResult,
  CloudWorksRunHistoryResult,
} from "../../provider/lookups";
import { LocalStack, REPO_ROOT } from "../../scripts/localStack";
import {
  clientAt,
  flowStepInput,
  importIntegrationInput,
  MODEL_ID,
  WORKSPACE_ID,
} from "../client/support";
import { configureProvider, pulumiBinDir, requestsDuring, writes } from "./support";

jest.setTimeout(600_000);

const USERNAME = "platform@example.com";
const PASSWORD = `pw-${randomBytes(8).toString("hex")}`;
const S3_SECRET = `s3-secret-${randomBytes(8).toString("hex")}`;

let emulator: RunningEmulator;
let stack: LocalStack;
let client: CloudWorksClient;
/** The objects the "platform team" made outside the stack. */
const shared = { connectionId: "", importId: "", exportId: "", flowId: "" };
const runs = { succeeded: "", failed: "", flow: "" };

const importIntegration = (name: string, connectionId: string) =>
  importIntegrationInput(name, connectionId, "inbound/accounts.csv");

/** The shared objects as the emulator holds them, to prove the stack never wrote to them. */
function sharedState(): string {
  return JSON.stringify({
    connection: emulator.state.connections[shared.connectionId],
    integrations: [shared.importId, shared.exportId].map((id) => emulator.state.integrations[id]),
    flow: emulator.state.integrationFlows[shared.flowId],
    notifications: emulator.state.notifications,
  });
}

/** The program's `read` output: what each reader switched on returned. */
interface ReadOutputs {
  gotConnection: Record<string, unknown>;
  gotIntegration: Record<string, unknown>;
  gotFlow: Record<string, unknown>;
  foundConnection: CloudWorksConnectionLookupResult;
  foundIntegration: Record<string, unknown>;
  foundFlow: Record<string, unknown>;
  integrationHistory: CloudWorksRunHistoryResult;
  flowHistory: CloudWorksRunHistoryResult;
  runErrors: CloudWorksRunErrorsResult;
}

async function readOutputs(): Promise<ReadOutputs> {
  return (await stack.outputs()).read as ReadOutputs;
}

/** Sets the stack config keys given, and removes those set to undefined. */
async function configure(values: Record<string, string | undefined>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) await stack.pulumi(["config", "rm", key], { check: false });
    else await stack.setConfig(key, value);
  }
}

async function runAndWait(start: () => Promise<string>): Promise<string> {
  const runId = await start();
  await client.waitForRun(runId, { pollIntervalMs: 50, timeoutMs: 30_000 });
  return runId;
}

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    runDurationMs: 100,
    users: [{ username: USERNAME, password: PASSWORD }],
  });
  client = clientAt(emulator.url, {
    credentials: { kind: "basic", username: USERNAME, password: PASSWORD },
  });
  shared.connectionId = await client.createConnection({
    type: "AmazonS3",
    body: {
      name: "Platform Landing",
      bucketName: "platform-landing",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: S3_SECRET,
    },
  } as never);
  shared.importId = await client.createIntegration(
    importIntegration("Platform Load Accounts", shared.connectionId),
  );
  shared.exportId = await client.createIntegration(
    importIntegration("Platform Load Rates", shared.connectionId),
  );
  shared.flowId = await client.createFlow({
    name: "Platform Nightly",
    version: "2.0",
    type: "IntegrationFlow",
    steps: [flowStepInput(shared.importId, []), flowStepInput(shared.exportId, [shared.importId])],
  } as never);
  // One run of the flow (which runs the import as its first step), then two runs of the import
  // itself, the second failing with row errors.
  runs.flow = await runAndWait(() => client.runFlow(shared.flowId));
  runs.succeeded = await runAndWait(() => client.runIntegration(shared.importId));
  emulator.setRunOutcome(shared.importId, {
    success: false,
    message: "Import completed with failures",
    executionErrorCode: 12,
    errorText: "Invalid number: junk",
    once: true,
  });
  runs.failed = await runAndWait(() => client.runIntegration(shared.importId));

  stack = await LocalStack.create({
    programSource: path.join(REPO_ROOT, "tests", "engine", "lookups"),
    pulumiBinDir: pulumiBinDir(),
  });
  await configureProvider(stack, emulator.url, USERNAME, PASSWORD);
  await stack.setConfig("s3SecretAccessKey", S3_SECRET, true);
}, 600_000);

afterAll(async () => {
  client?.close();
  stack?.dispose();
  await emulator?.stop();
}, 600_000);

it("get reads a connection, an integration and a flow made outside the stack, with the outputs of managed ones, and up writes nothing to them", async () => {
  await configure({
    managedName: "Stack Owned",
    getConnectionId: shared.connectionId,
    getIntegrationId: shared.importId,
    getFlowId: shared.flowId,
  });
  const before = sharedState();
  const counts = await requestsDuring(emulator, () => stack.up());
  // The stack's only write is its own connection.
  expect(writes(counts)).toEqual(["POST /2/0/integrations/connections"]);
  expect(sharedState()).toBe(before);

  const read = await readOutputs();
  expect(read.gotConnection).toEqual({
    connectionId: shared.connectionId,
    name: "Platform Landing",
    type: "AmazonS3",
    bucketName: "platform-landing",
    status: 1,
    createdBy: expect.any(String),
  });
  expect(read.gotIntegration).toMatchObject({
    integrationId: shared.importId,
    name: "Platform Load Accounts",
    integrationType: "Import",
    latestRun: { success: false, triggerSource: "manual" },
    jobs: [
      {
        type: "AmazonS3ToAnaplan",
        connectionId: shared.connectionId,
        file: "inbound/accounts.csv",
        actionId: "112000000001",
        fileId: "113000000001",
      },
    ],
  });
  expect(read.gotFlow).toMatchObject({
    flowId: shared.flowId,
    name: "Platform Nightly",
    steps: [{ integrationId: shared.importId }, { integrationId: shared.exportId }],
  });

  // In state they are read resources: external, so no later operation may touch them.
  const { deployment, text } = await stack.exportState();
  const external = (deployment.resources ?? []).filter(
    (r) => (r as { external?: boolean }).external === true,
  );
  expect(external.map((r) => r.id).sort()).toEqual(
    [shared.connectionId, shared.importId, shared.flowId].sort(),
  );
  // The connection's secret was never read (CloudWorks does not return it), let alone stored.
  expect(text).not.toContain(S3_SECRET);
  expect(stack.transcript.join("\n")).not.toContain(S3_SECRET);
});

it("lookups by name and run history work in a preview and return the right objects after up", async () => {
  await configure({
    connectionName: "Platform Landing",
    integrationName: "Platform Load Accounts",
    flowName: "Platform Nightly",
    historyIntegrationId: shared.importId,
    historyFlowId: shared.flowId,
    runId: runs.failed,
  });
  const before = sharedState();
  // A preview runs the program, so the lookups run in it and read the lists and the history.
  const previewCounts = await requestsDuring(emulator, () => stack.preview());
  expect(previewCounts["GET /2/0/integrations/connections"]).toBeGreaterThanOrEqual(1);
  expect(previewCounts["GET /2/0/integrations"]).toBeGreaterThanOrEqual(1);
  expect(previewCounts["GET /2/0/integrationflows"]).toBeGreaterThanOrEqual(1);
  expect(previewCounts["GET /2/0/integrations/runs/{id}"]).toBe(2);
  expect(writes(previewCounts)).toEqual([]);

  const upCounts = await requestsDuring(emulator, () => stack.up());
  expect(writes(upCounts)).toEqual([]);
  expect(sharedState()).toBe(before);

  const read = await readOutputs();
  expect(read.foundConnection).toMatchObject({
    connectionId: shared.connectionId,
    name: "Platform Landing",
    type: "AmazonS3",
    bucketName: "platform-landing",
    workspaceId: null,
    status: 1,
  });
  expect(Object.keys(read.foundConnection)).not.toContain("secretAccessKey");
  expect(read.foundIntegration).toMatchObject({
    integrationId: shared.importId,
    name: "Platform Load Accounts",
    integrationType: "Import",
    workspaceId: WORKSPACE_ID,
    modelId: MODEL_ID,
    latestRun: { success: false, executionErrorCode: 12 },
  });
  expect(read.foundFlow).toMatchObject({
    flowId: shared.flowId,
    name: "Platform Nightly",
    stepsCount: 2,
  });

  // Two runs, newest first: the failure with its errors, then the success.
  const history = read.integrationHistory;
  expect(history).toMatchObject({ id: shared.importId, name: "Platform Load Accounts" });
  expect(history.totalRuns).toBe(
    Object.values(emulator.state.runs).filter((r) => r.integrationId === shared.importId).length,
  );
  expect(history.runs.map((r) => r.runId).slice(0, 2)).toEqual([runs.failed, runs.succeeded]);
  const [failed, succeeded] = history.runs;
  expect(failed).toMatchObject({
    success: false,
    running: false,
    message: "Import completed with failures",
    executionErrorCode: 12,
    triggerSource: "manual",
  });
  expect(failed.errorCount).toBeGreaterThanOrEqual(1);
  expect(typeof failed.startDate).toBe("string");
  expect(typeof failed.endDate).toBe("string");
  expect(succeeded).toMatchObject({ success: true, errorCount: 0, triggerSource: "manual" });
  expect(read.flowHistory.runs[0]).toMatchObject({ runId: runs.flow, success: true });

  expect(read.runErrors).toMatchObject({
    runId: runs.failed,
    success: false,
    message: "Import completed with failures",
    executionErrorCode: 12,
  });
  expect(read.runErrors.errors).toHaveLength(failed.errorCount);
  expect(read.runErrors.errors[0]).toMatchObject({
    actionId: "112000000001",
    text: "Invalid number: junk",
  });
  expect(JSON.stringify(await stack.exportState())).not.toContain(PASSWORD);
});

it("destroy forgets what get read and deletes only what the stack owns", async () => {
  const before = sharedState();
  const counts = await requestsDuring(emulator, () => stack.destroy());
  expect(writes(counts)).toEqual(["DELETE /2/0/integrations/connections/{id}"]);
  expect(sharedState()).toBe(before);
  expect(emulator.state.connections[shared.connectionId]).toBeDefined();
  expect(emulator.state.integrations[shared.importId]).toBeDefined();
  expect(emulator.state.integrationFlows[shared.flowId]).toBeDefined();
  expect(Object.values(emulator.state.connections).map((c) => c.body.name)).toEqual([
    "Platform Landing",
  ]);
});

/** Runs a preview that must fail, and returns everything it printed. */
async function failingPreview(): Promise<string> {
  const result = await stack.preview(false, false);
  expect(result.code).not.toBe(0);
  return `${result.stdout}\n${result.stderr}`;
}

it("get of an ID that does not exist fails naming the class and the ID", async () => {
  await configure({
    connectionName: undefined,
    integrationName: undefined,
    flowName: undefined,
    historyIntegrationId: undefined,
    historyFlowId: undefined,
    runId: undefined,
    getIntegrationId: undefined,
    getFlowId: undefined,
  });
  const missing = randomBytes(16).toString("hex");
  await configure({ getConnectionId: missing });
  expect(await failingPreview()).toContain(
    `CloudWorksConnection.get: no connection with ID ${missing} exists in this tenant`,
  );
  await configure({ getConnectionId: undefined, getIntegrationId: missing });
  expect(await failingPreview()).toContain(
    `CloudWorksIntegration.get: no integration with ID ${missing} exists in this tenant`,
  );
  await configure({ getIntegrationId: undefined, getFlowId: missing });
  expect(await failingPreview()).toContain(
    `CloudWorksIntegrationFlow.get: no flow with ID ${missing} exists in this tenant`,
  );
  await configure({ getFlowId: undefined });
});

// A lookup fails inside an apply; with the CLI and SDK used here the engine reports such a
// failure only after a minute or more (a plain program whose apply throws takes as long), so
// each case is its own test with its own generous timeout.
it("a lookup by name fails naming the name when no object has it, suggesting a case-only match", async () => {
  await configure({ connectionName: "Platform landing" });
  expect(await failingPreview()).toContain(
    'getCloudWorksConnection: no connection is named "Platform landing" among the 1 connection(s) this tenant lists. Did you mean "Platform Landing"?',
  );
  await configure({ connectionName: undefined });
}, 900_000);

it("a lookup by name fails listing the IDs when several objects have the name", async () => {
  // Names are unique in CloudWorks, but a lookup must not pick one of two at random.
  const twinId = randomBytes(16).toString("hex");
  emulator.state.integrations[twinId] = {
    ...emulator.state.integrations[shared.importId],
    integrationId: twinId,
  };
  try {
    await configure({ integrationName: "Platform Load Accounts" });
    const text = await failingPreview();
    expect(text).toContain(
      'getCloudWorksIntegration: 2 integrations are named "Platform Load Accounts"',
    );
    expect(text).toContain(shared.importId);
    expect(text).toContain(twinId);
  } finally {
    delete emulator.state.integrations[twinId];
  }
  await configure({ integrationName: undefined });
}, 900_000);

it("the run errors lookup fails naming the run ID when no run has it", async () => {
  const missingRun = randomBytes(16).toString("hex");
  await configure({ runId: missingRun });
  expect(await failingPreview()).toContain(
    `getCloudWorksRunErrors: no run with ID ${missingRun} exists in this tenant`,
  );
  await configure({ runId: undefined });
  expect(stack.transcript.join("\n")).not.toContain(PASSWORD);
}, 900_000);

it("a program without lookups still previews a no-change stack with no API call at all", async () => {
  // Only the managed connection is left in the program.
  await stack.up();
  const counts = await requestsDuring(emulator, () => stack.preview(true));
  expect(counts).toEqual({});
  await stack.destroy();
});
