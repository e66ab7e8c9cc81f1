/**
 * The call-count targets of the performance issue, proven with the real `pulumi` CLI against the
 * emulator on the benchmark program (bench/program) with N connections and N integrations:
 * one authenticate per CLI run whatever N, no request at all for a no-change preview, a refresh
 * that lists the connections in one pass (not one pass per connection), and exactly one POST per
 * created object. Times are the benchmark's business (`npm run bench`); nothing here is timed.
 */
import { BENCH_USERNAME } from "../../bench/stack";
import type { RunningEmulator } from "../../emulator";
import { CloudWorksClient } from "../../provider/client";
import type { LocalStack } from "../../scripts/localStack";
import { BenchFixture, requestsDuring, startBenchFixture, writes } from "./support";

// The set-up and the tests run several real CLI commands (stack init, up, preview, refresh,
// destroy, stack export) on a stack of 10 connection/integration pairs, each starting the
// language host and the provider: on a loaded 2-core machine one test can take minutes. The limit
// only has to catch a hang.
jest.setTimeout(600_000);

const N = 10;
const AUTH = "POST /token/authenticate";
const LIST_CONNECTIONS = "GET /2/0/integrations/connections";

let bench: BenchFixture | undefined;
let emulator: RunningEmulator;
let stack: LocalStack;
let password: string;
beforeAll(async () => {
  bench = await startBenchFixture(N);
  ({ emulator, stack, password } = bench);
}, 600_000);
afterAll(() => bench?.dispose());

it(`up of ${N} connections and ${N} integrations authenticates once and POSTs each object once`, async () => {
  const counts = await requestsDuring(emulator, () => stack.up());
  expect(counts[AUTH]).toBe(1);
  expect(counts["POST /2/0/integrations/connections"]).toBe(N);
  expect(counts["POST /2/0/integrations"]).toBe(N);
  // Deliberately changed from 4N + 1 + shared list read-backs: fresh objects are not read
  // back (their server fields are outputs only; the refresh below fills them and must report
  // no change), so `up` makes the minimum, 2N + 1.
  expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(2 * N + 1);
  expect(Object.keys(emulator.state.connections)).toHaveLength(N);
  expect(Object.keys(emulator.state.integrations)).toHaveLength(N);
});

it("a no-change preview makes no request at all, not even a login", async () => {
  const counts = await requestsDuring(emulator, () => stack.preview(true));
  expect(counts).toEqual({});
});

/** GETs of the connection list in one pass, as the provider's own client makes it (all pages). */
async function onePass(): Promise<number> {
  const client = new CloudWorksClient({
    apiUrl: emulator.url,
    authUrl: emulator.url,
    credentials: { kind: "basic", username: BENCH_USERNAME, password },
  });
  const pass = (await requestsDuring(emulator, () => client.listConnections()))[LIST_CONNECTIONS];
  expect(pass).toBeGreaterThanOrEqual(1);
  expect(pass).toBeLessThan(N);
  return pass;
}

it(`a no-drift refresh authenticates once and lists the connections in one pass, not ${N}`, async () => {
  const pass = await onePass();
  const counts = await requestsDuring(emulator, () => stack.refresh(true));
  expect(counts[AUTH]).toBe(1);
  expect(counts[LIST_CONNECTIONS]).toBe(pass);
  // Nothing is written by a refresh.
  expect(writes(counts)).toEqual([]);
  // The server fields `up` left empty are filled in, and `--expect-no-changes` held above.
  const { deployment } = await stack.exportState();
  const connections = (deployment.resources ?? []).filter((r) => r.type.endsWith(":Connection"));
  const integrations = (deployment.resources ?? []).filter((r) => r.type.endsWith(":Integration"));
  expect(connections).toHaveLength(N);
  for (const r of connections) expect(r.outputs).toMatchObject({ status: 1, createdBy: "bench" });
  for (const r of integrations)
    expect(r.outputs).toMatchObject({ notificationId: expect.stringMatching(/^[0-9a-f]{32}$/) });
});

it("a refresh that outlasts a time-limited cache still lists the connections once: the list is kept for the run", async () => {
  const pass = await onePass();
  // The first list call answers after 11 s. With 4 operations at a time for 10 connections, the
  // reads of the later connections start only after it has answered; they must be served from
  // the list already fetched. A cache that expires by age (rather than by the end of the run, or
  // by a write of this process) refetches for them once the refresh has run longer than its
  // lifetime, as a refresh of many objects against a slow API does.
  const fault = emulator.faults.add({
    method: "GET",
    path: "/2/0/integrations/connections",
    kind: "latency",
    latencyMs: 11_000,
    nth: 1,
  });
  try {
    const counts = await requestsDuring(emulator, () =>
      stack.pulumi([
        "refresh",
        "--yes",
        "--skip-preview",
        "--expect-no-changes",
        "--parallel",
        "4",
      ]),
    );
    expect(counts[AUTH]).toBe(1);
    expect(counts[LIST_CONNECTIONS]).toBe(pass);
  } finally {
    emulator.faults.remove(fault);
  }
});

it("destroy authenticates once and deletes each object once", async () => {
  const counts = await requestsDuring(emulator, () => stack.destroy());
  expect(counts[AUTH]).toBe(1);
  expect(counts["DELETE /2/0/integrations/{id}"]).toBe(N);
  expect(counts["DELETE /2/0/integrations/connections/{id}"]).toBe(N);
  expect(emulator.state.connections).toEqual({});
  expect(emulator.state.integrations).toEqual({});
});
