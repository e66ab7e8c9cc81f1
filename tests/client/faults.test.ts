// The retry and commit rules against the emulator's own fault injection, so the client copes with
// the failures the emulator will show users offline (rate limits, commit-then-fail, dropped answers).
import { RunningEmulator } from "../../emulator";
import { CloudWorksApiError, CloudWorksClient } from "../../provider/client";
import {
  clientAt,
  rejectionOf,
  s3ConnectionInput,
  startEmulatorAndClient,
  stopEmulatorAndClient,
} from "./support";

let emulator: RunningEmulator;
let client: CloudWorksClient;

beforeAll(async () => {
  ({ emulator, client } = await startEmulatorAndClient());
});

afterEach(() => {
  emulator.faults.clear();
  emulator.resetCounts();
});

afterAll(() => stopEmulatorAndClient(emulator, client));

const CONNECTIONS = "/2/0/integrations/connections";
const s3 = (name: string) => s3ConnectionInput(name, "faults-bucket");
const failure = (promise: Promise<unknown>) => rejectionOf(promise, CloudWorksApiError);

test("a create rate-limited with 429 + Retry-After is retried and succeeds once", async () => {
  emulator.faults.add({
    method: "POST",
    path: CONNECTIONS,
    kind: "status",
    status: 429,
    retryAfterSeconds: 1,
    nth: 1,
  });
  const started = Date.now();
  const id = await client.createConnection(s3("Rate limited"));
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  expect(emulator.requestCounts()[`POST ${CONNECTIONS}`]).toBe(2);
  expect(
    (await client.listConnections())
      .filter((c) => c.body.name === "Rate limited")
      .map((c) => c.connectionId),
  ).toEqual([id]);
});

test("a list answered 503 is retried", async () => {
  emulator.faults.add({ method: "GET", path: CONNECTIONS, kind: "status", status: 503, times: 2 });
  await client.listConnections();
  expect(emulator.requestCounts()[`GET ${CONNECTIONS}`]).toBe(3);
});

test.each([
  ["commitThenFail", "http"],
  ["drop", "network"],
] as const)(
  "a create that commits then fails (%s) is sent once and flagged mayHaveCommitted",
  async (kind, errorKind) => {
    emulator.faults.add({ method: "POST", path: CONNECTIONS, kind, nth: 1 });
    const name = `Committed ${kind}`;
    const error = await failure(client.createConnection(s3(name)));
    expect(error).toMatchObject({ kind: errorKind, mayHaveCommitted: true, attempts: 1 });
    expect(emulator.requestCounts()[`POST ${CONNECTIONS}`]).toBe(1);
    // The lookup the resource layer is told to do finds the object the server did create.
    expect((await client.listConnections()).filter((c) => c.body.name === name)).toHaveLength(1);
  },
);

test("a reset before the server applied a DELETE is retried", async () => {
  const id = await client.createConnection(s3("Reset delete"));
  emulator.faults.add({ method: "DELETE", path: `${CONNECTIONS}/*`, kind: "reset", nth: 1 });
  await client.deleteConnection(id);
  expect(await client.getConnection(id)).toBeUndefined();
});

test("latency beyond the timeout is a timeout", async () => {
  emulator.faults.add({
    method: "GET",
    path: "/2/0/integrationflows",
    kind: "latency",
    latencyMs: 1500,
  });
  const slow = clientAt(emulator.url, { timeoutMs: 200, maxRetries: 0 });
  const error = await failure(slow.listFlows());
  expect(error).toMatchObject({ kind: "timeout", mayHaveCommitted: false });
});
