/**
 * One `pulumi up` converges under faults, with the real CLI against the emulator: a stack of 52
 * CloudWorks objects is created, half of it updated, and destroyed, each by a single command
 * while about 20% of all API and login requests fail (500, 503, 429 with Retry-After, resets,
 * commit-then-fail, dropped responses); an emulator restart in the middle of an `up` is ridden
 * out by that `up`. After each step the tenant holds exactly what the state records.
 *
 * The faults are seeded (emulator fault rules with `seed`): the same seed fails the same
 * occurrences of each route on every run, so a failure here can be replayed. The seeds are in
 * SEEDS; `CLOUDWORKS_FAULT_SEED=<n>` shifts all of them to explore other schedules.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../emulator";
import type { EmulatorOptions, FaultRule, RunningEmulator } from "../../emulator";
import { CommandResult, LocalStack, StateDeployment } from "../../scripts/localStack";
import { NOTIFY_USER, pulumiBinDir, SECRETS } from "./support";

jest.setTimeout(900_000);

const SEED_SHIFT = Number(process.env.CLOUDWORKS_FAULT_SEED ?? 0);
/** The fault schedule of each step. */
const SEEDS = { create: 1201 + SEED_SHIFT, update: 1202 + SEED_SHIFT, destroy: 1203 + SEED_SHIFT };

/**
 * About 20% of requests fail: 1 − 0.94 · 0.97⁵ ≈ 19%. Rules apply to every path, the login
 * included, and fire independently of each other (the first firing one wins).
 */
const MIXED_FAULTS: FaultRule[] = [
  { kind: "status", status: 500, percent: 6 },
  { kind: "status", status: 503, percent: 3 },
  { kind: "status", status: 429, retryAfterSeconds: 1, percent: 3 },
  { kind: "reset", percent: 3 },
  { kind: "commitThenFail", percent: 3 },
  { kind: "drop", percent: 3 },
];

const USERNAME = "demo@example.com";

let stateDir: string;
let emulatorOptions: EmulatorOptions;
let emulator: RunningEmulator;
let stack: LocalStack;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-faults-"));
  emulatorOptions = {
    runDurationMs: 200,
    stateFile: path.join(stateDir, "tenant.json"),
    users: [{ username: USERNAME, password: SECRETS.password }],
  };
  emulator = await startEmulator({ port: 0, ...emulatorOptions });
  stack = await LocalStack.create({
    programSource: path.join(__dirname, "faultsProgram"),
    pulumiBinDir: pulumiBinDir(),
  });
  const config: [string, string, boolean][] = [
    ["cloudworks:apiUrl", emulator.url, false],
    ["cloudworks:authUrl", emulator.url, false],
    ["cloudworks:username", USERNAME, false],
    ["cloudworks:password", SECRETS.password, true],
    ["notifyUserGuid", NOTIFY_USER, false],
    ["s3SecretAccessKey", SECRETS.s3SecretAccessKey, true],
    ["revision", "0", false],
  ];
  for (const [key, value, secret] of config) await stack.setConfig(key, value, secret);
}, 900_000);

afterAll(async () => {
  await emulator?.stop();
  stack?.dispose();
  if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
}, 120_000);

/** Runs a CLI command with the seeded mixed faults on; fails with the seed and output if it fails. */
async function underFaults(
  seed: number,
  command: () => Promise<CommandResult>,
): Promise<CommandResult> {
  emulator.faults.clear();
  emulator.resetCounts();
  for (const rule of MIXED_FAULTS) emulator.faults.add({ ...rule, seed });
  const result = await command();
  const fired = emulator.faults.list().reduce((sum, rule) => sum + rule.fired, 0);
  const requests = Object.values(emulator.requestCounts()).reduce((sum, n) => sum + n, 0);
  emulator.faults.clear();
  console.log(`seed ${seed}: exit code ${result.code}, ${fired} faults in ${requests} requests`);
  if (result.code !== 0) {
    throw new Error(
      `seed ${seed}: pulumi exited with ${result.code} (${fired} faults in ${requests} requests)\n` +
        `${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`,
    );
  }
  // Guard against a vacuous pass: the schedule must really have failed a good share of requests.
  expect(fired).toBeGreaterThanOrEqual(Math.floor(requests * 0.08));
  return result;
}

/** What the program declares at a revision, by object name (mirrors faultsProgram/index.ts). */
function expectedObjects(revision: number) {
  const pad = (n: number) => String(n).padStart(2, "0");
  const connections = new Map<string, string>();
  for (let c = 1; c <= 10; c++) {
    const suffix = revision === 1 && c % 2 === 1 ? "-v1" : revision === 2 && c <= 4 ? "-v2" : "";
    connections.set(`Faults S3 ${pad(c)}`, `faults-landing-${pad(c)}${suffix}`);
  }
  const integrations = new Map<
    string,
    { file: string; connection: string; schedule?: { time: string; status: string } }
  >();
  for (let i = 1; i <= 40; i++) {
    const suffix =
      revision === 1 && i % 2 === 0 ? "-v1" : revision === 2 && i % 4 === 1 ? "-v2" : "";
    integrations.set(`Faults Import ${pad(i)}`, {
      file: `source/part-${pad(i)}${suffix}.csv`,
      connection: `Faults S3 ${pad(((i - 1) % 10) + 1)}`,
      schedule:
        i % 4 === 0
          ? {
              time: revision === 1 && i % 8 === 0 ? "03:30" : "02:00",
              status: i % 8 !== 4 ? "Active" : "Inactive",
            }
          : undefined,
    });
  }
  const flows = new Map<string, string[]>();
  for (const f of [0, 1]) {
    const order = revision === 1 && f === 1 ? [2, 1, 0] : [0, 1, 2];
    flows.set(
      `Faults Flow ${f + 1}`,
      order.map((s) => `Faults Import ${pad(f * 3 + s + 1)}`),
    );
  }
  return { connections, integrations, flows };
}

type StateResource = NonNullable<StateDeployment["resources"]>[number];

/** The stack's CloudWorks objects in state, by the prefix of their Pulumi name. */
function stateObjects(deployment: StateDeployment, prefix: string): StateResource[] {
  return (deployment.resources ?? []).filter((r) => new RegExp(`::${prefix}-\\d+$`).test(r.urn));
}

/**
 * The tenant equals the state: every object in state exists with the declared content, no object
 * exists twice or outside the state, and nothing is pending.
 */
async function expectTenantEqualsState(revision: number): Promise<void> {
  const { deployment } = await stack.exportState();
  expect(deployment.pending_operations ?? []).toEqual([]);
  const expected = expectedObjects(revision);
  const tenant = emulator.state;

  const connectionIds = stateObjects(deployment, "conn").map((r) => r.id);
  expect(Object.keys(tenant.connections).sort()).toEqual([...connectionIds].sort());
  const connectionName = new Map<string, string>();
  for (const [id, stored] of Object.entries(tenant.connections)) {
    connectionName.set(id, stored.body.name);
    expect(stored.body.bucketName).toBe(expected.connections.get(stored.body.name));
  }
  expect([...connectionName.values()].sort()).toEqual([...expected.connections.keys()].sort());

  const integrationIds = stateObjects(deployment, "int").map((r) => r.id);
  expect(Object.keys(tenant.integrations).sort()).toEqual([...integrationIds].sort());
  const integrationName = new Map<string, string>();
  for (const [id, stored] of Object.entries(tenant.integrations)) {
    integrationName.set(id, stored.name);
    const want = expected.integrations.get(stored.name);
    expect(want).toBeDefined();
    const source = stored.jobs[0].sources[0];
    expect({ name: stored.name, file: source.file }).toEqual({
      name: stored.name,
      file: want?.file,
    });
    expect(connectionName.get(source.connectionId ?? "")).toBe(want?.connection);
    expect(
      stored.schedule ? { time: stored.schedule.time, status: stored.schedule.status } : undefined,
    ).toEqual(want?.schedule);
  }
  expect([...integrationName.values()].sort()).toEqual([...expected.integrations.keys()].sort());

  const flowIds = stateObjects(deployment, "flow").map((r) => r.id);
  expect(Object.keys(tenant.integrationFlows).sort()).toEqual([...flowIds].sort());
  const flowSteps = Object.values(tenant.integrationFlows).map((flow) => [
    flow.name,
    flow.steps.map((step) => integrationName.get(step.referrer)),
  ]);
  expect(Object.fromEntries(flowSteps)).toEqual(Object.fromEntries(expected.flows));

  // One notification config per integration and flow, none orphaned or duplicated.
  const owned = [...Object.values(tenant.integrations), ...Object.values(tenant.integrationFlows)]
    .map((owner) => owner.notificationId)
    .filter(Boolean);
  expect(Object.keys(tenant.notifications).sort()).toEqual([...owned].sort());
}

function count(kind: "connections" | "integrations" | "integrationFlows"): number {
  return Object.keys(emulator.state[kind]).length;
}

it(`one up creates 52 objects under ~20% mixed faults (seed ${SEEDS.create})`, async () => {
  const result = await underFaults(SEEDS.create, () => stack.up(false));
  expect(result.stdout).toMatch(/\+ 53 created/);
  expect([count("connections"), count("integrations"), count("integrationFlows")]).toEqual([
    10, 40, 2,
  ]);
  await expectTenantEqualsState(0);
  await stack.preview(true);
});

it(`one up updates half of them under ~20% mixed faults (seed ${SEEDS.update})`, async () => {
  await stack.setConfig("revision", "1");
  const result = await underFaults(SEEDS.update, () => stack.up(false));
  expect(result.stdout).toMatch(/~ 26 updated/);
  await expectTenantEqualsState(1);
  await stack.preview(true);
  // The provider's own reads agree with the state too, under the same kind of faults.
  await underFaults(SEEDS.update + 100, () => stack.refresh(true, false));
});

it("an emulator restart in the middle of an up is ridden out by that up", async () => {
  await stack.setConfig("revision", "2");
  const port = emulator.port;
  // Slower requests, so that the restart lands while the update is in full flow.
  emulator.faults.add({ kind: "latency", latencyMs: 100 });
  emulator.resetCounts();
  let settled = false;
  const up = stack.up(false).finally(() => {
    settled = true;
  });
  await waitUntil(() => (emulator.requestCounts()["PUT /2/0/integrations/{id}"] ?? 0) >= 3);
  expect(settled).toBe(false);
  await emulator.stop();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  expect(settled).toBe(false);
  emulator = await startEmulator({ ...emulatorOptions, port });
  const result = await up;
  if (result.code !== 0) throw new Error(`up failed:\n${result.stdout}\n${result.stderr}`);
  // The restarted emulator did serve the rest of the update.
  expect(emulator.requestCounts()["PUT /2/0/integrations/{id}"] ?? 0).toBeGreaterThan(0);
  await expectTenantEqualsState(2);
  await stack.preview(true);
});

it(`one destroy removes everything under ~20% mixed faults (seed ${SEEDS.destroy})`, async () => {
  await underFaults(SEEDS.destroy, () => stack.destroy(false));
  const { deployment } = await stack.exportState();
  expect(deployment.pending_operations ?? []).toEqual([]);
  expect(stateObjects(deployment, "(conn|int|flow)")).toEqual([]);
  expect({
    connections: count("connections"),
    integrations: count("integrations"),
    flows: count("integrationFlows"),
    notifications: Object.keys(emulator.state.notifications).length,
  }).toEqual({ connections: 0, integrations: 0, flows: 0, notifications: 0 });
});

async function waitUntil(condition: () => boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
