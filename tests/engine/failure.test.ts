/**
 * Failure paths through the real engine: a create CloudWorks keeps failing is reported with the
 * resource and the reason and leaves nothing half-made; a rerun converges without duplicates
 * even when a write commits and its response is lost; an `up` killed mid-run followed by
 * `refresh` and `up` converges with no duplicate and no orphan object.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalStack, REPO_ROOT } from "../../scripts/localStack";
import {
  names,
  PROGRAM_CONNECTIONS,
  PROGRAM_INTEGRATIONS,
  pulumiBinDir,
  startEngineFixture,
} from "./support";
import type { EngineFixture } from "./support";

jest.setTimeout(300_000);

function expectExactlyTheProgram(fixture: EngineFixture): void {
  expect(names(fixture.emulator, "connections")).toEqual(PROGRAM_CONNECTIONS);
  expect(names(fixture.emulator, "integrations")).toEqual(PROGRAM_INTEGRATIONS);
  expect(names(fixture.emulator, "integrationFlows")).toEqual(["Demo Accounts Flow"]);
  // One notification config per integration and flow: none orphaned, none duplicated.
  const owners = [
    ...Object.values(fixture.emulator.state.integrations),
    ...Object.values(fixture.emulator.state.integrationFlows),
  ];
  const notificationIds = owners.map(
    (owner) => (owner as { notificationId?: string | null }).notificationId,
  );
  expect(Object.keys(fixture.emulator.state.notifications).sort()).toEqual(
    notificationIds.filter(Boolean).sort(),
  );
}

describe("a create that CloudWorks fails", () => {
  let fixture: EngineFixture;
  beforeAll(async () => {
    fixture = await startEngineFixture({}, false);
  }, 600_000);
  afterAll(() => fixture?.dispose());

  it("is reported with the resource and the reason, and creates nothing twice", async () => {
    fixture.emulator.faults.add({
      method: "POST",
      path: "/2/0/integrations",
      kind: "status",
      status: 503,
    });
    const failed = await fixture.stack.up(false);
    expect(failed.code).not.toBe(0);
    const output = failed.stdout + failed.stderr;
    expect(output).toMatch(
      /CloudWorksIntegration "Demo [A-Za-z ]+": create .*failed: CloudWorks POST \/2\/0\/integrations failed: 503/,
    );
    expect(names(fixture.emulator, "integrations")).toEqual([]);
    expect(names(fixture.emulator, "connections")).toEqual(PROGRAM_CONNECTIONS);
  });

  it("converges on a rerun, even when a write commits and its response is lost", async () => {
    fixture.emulator.faults.clear();
    fixture.emulator.faults.add({
      method: "POST",
      path: "/2/0/integrations",
      kind: "commitThenFail",
      nth: 1,
    });
    fixture.emulator.faults.add({
      method: "POST",
      path: "/2/0/integrationflows",
      kind: "drop",
      nth: 1,
    });
    await fixture.stack.up();
    expectExactlyTheProgram(fixture);
    await fixture.stack.preview(true);
  });
});

describe("an up killed mid-run", () => {
  let fixture: EngineFixture;
  beforeAll(async () => {
    fixture = await startEngineFixture({}, false);
  }, 600_000);
  afterAll(() => fixture?.dispose());

  it("converges after refresh and up, with no duplicate and no orphan object", async () => {
    const { stack, emulator } = fixture;
    // Slow writes, and a kill the moment CloudWorks has received an integration's POST: the
    // write lands in CloudWorks while Pulumi never learns its ID.
    emulator.faults.add({ method: "POST", path: "/2/0/**", kind: "latency", latencyMs: 1500 });
    await stack.upKilledWhen(() => (emulator.requestCounts()["POST /2/0/integrations"] ?? 0) >= 1);
    emulator.faults.clear();
    // Let the requests the dead provider had sent finish on the server side.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const probe = await stack.pulumi(["stack", "export"], { check: false });
    if (probe.code !== 0 && /failed to load checkpoint/.test(probe.stderr)) {
      // The kill can land while the CLI rewrites the state file; the file backend keeps a
      // backup for exactly this, and restoring it is the documented recovery.
      expect(stack.restoreStateBackup()).toBe(true);
    }
    const { deployment } = await stack.exportState();
    const recorded = new Set((deployment.resources ?? []).map((r) => r.id));
    const orphans = Object.keys(emulator.state.integrations).filter((id) => !recorded.has(id));
    expect(orphans.length).toBeGreaterThan(0);

    await stack.pulumi(["cancel", "--yes"], { check: false });
    await stack.pulumi(["refresh", "--yes", "--skip-preview", "--clear-pending-creates"]);
    await stack.up();
    expectExactlyTheProgram(fixture);
    await stack.preview(true);
  });
});

describe("a state file cut short by a kill", () => {
  let stack: LocalStack;
  let stackFile: string;
  beforeAll(async () => {
    stack = await LocalStack.create({
      programSource: path.join(REPO_ROOT, "examples", "local"),
      pulumiBinDir: pulumiBinDir(),
    });
    // `stack init` writes the checkpoint; a second write (the export/import round trip) gives
    // the backend a backup beside it, as any update does.
    const exported = await stack.pulumi(["stack", "export"]);
    await stack.pulumi(["stack", "import"], { stdin: exported.stdout });
    const stacksDir = path.join(stack.root, "state", ".pulumi", "stacks");
    const project = fs.readdirSync(stacksDir)[0];
    stackFile = path.join(stacksDir, project, "dev.json");
  }, 300_000);
  afterAll(() => stack?.dispose());

  it.each([
    ["its metadata sidecar (written in place by the backend's blob library)", ".attrs"],
    ["the state file itself (put back from the backup)", ""],
  ])("is repaired when %s is empty", async (_what, suffix) => {
    fs.writeFileSync(stackFile + suffix, "");
    const broken = await stack.pulumi(["stack", "export"], { check: false });
    expect(broken.stderr).toMatch(/failed to load checkpoint/);
    expect(stack.restoreStateBackup()).toBe(true);
    const repaired = await stack.pulumi(["stack", "export"], { check: false });
    expect(repaired.code).toBe(0);
    expect(JSON.parse(repaired.stdout).deployment).toBeDefined();
  });
});
