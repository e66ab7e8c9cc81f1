/**
 * The integration provider against the emulator: all three kinds, the nested schedule and the
 * adopted notification config, drift, in-place updates versus replacement, partial failures
 * that must not orphan the integration, and deletion conflicts.
 */
import { ConnectionProvider, IntegrationProvider } from "../../provider/dynamic";
import type { IntegrationInputs } from "../../provider/dynamic/inputs";
import {
  configureFor,
  countOf,
  NIGHTLY,
  s3Connection,
  s3Import,
  useProviderHarness,
  USER_A,
  USER_B,
} from "./support";

const provider = new IntegrationProvider();
// Runs last long enough for the delete-while-running case to hit a running integration.
const harness = useProviderHarness({ runDurationMs: 600 });
let connectionId: string;

beforeEach(async () => {
  connectionId = (await new ConnectionProvider().create(s3Connection("Landing"))).id;
  harness.emulator.resetCounts();
});

const daily = NIGHTLY;

function importIntegration(overrides: Partial<IntegrationInputs> = {}): IntegrationInputs {
  return { ...s3Import("Load accounts", connectionId), ...overrides };
}

describe("create", () => {
  it("creates an import with a schedule and adopts the auto-created notification config", async () => {
    const inputs = importIntegration({
      schedule: daily,
      notifications: { channels: ["email"], success: [USER_A], fullFailure: [USER_A, USER_B] },
    });
    const result = await provider.create(inputs);
    const stored = harness.emulator.state.integrations[result.id];
    expect(stored.schedule).toMatchObject({
      name: "Nightly",
      type: "daily",
      time: "02:00",
      status: "Active",
    });
    expect(result.outs).toMatchObject({
      integrationId: result.id,
      integrationType: "Import",
      notificationId: stored.notificationId,
    });
    // CloudWorks made a notification config with the integration; a POST would be a duplicate.
    expect(countOf(harness.emulator, "POST /2/0/integrations/notification")).toBe(0);
    expect(Object.keys(harness.emulator.state.notifications)).toEqual([stored.notificationId]);
    const config = harness.emulator.state.notifications[stored.notificationId as string];
    expect(JSON.stringify(config)).toContain(USER_B);
  });

  it("creates an export and a process integration", async () => {
    const exported = await provider.create(
      importIntegration({
        name: "Export accounts",
        jobs: [
          {
            type: "AnaplanToAmazonS3",
            connectionId,
            file: "exports/",
            actionId: "116000000001",
            overwrite: true,
          },
        ],
      }),
    );
    expect(exported.outs?.integrationType).toBe("Export");
    const process = await provider.create(
      importIntegration({ name: "Process accounts", processId: "118000000001" }),
    );
    expect(process.outs?.integrationType).toBe("Process");
    expect(harness.emulator.state.integrations[process.id].processId).toBe("118000000001");
  });

  it("creates a schedule disabled when asked", async () => {
    const result = await provider.create(
      importIntegration({ schedule: { ...daily, enabled: false } }),
    );
    expect(harness.emulator.state.integrations[result.id].schedule?.status).toBe("Inactive");
  });

  it("reports a partial failure with the integration's ID so the engine records it, then update completes it", async () => {
    // A schedule POST that keeps failing ambiguously: it is looked up and sent again until the
    // (here short) retry budget is spent.
    configureFor(harness.emulator, { "cloudworks:retryBudgetSeconds": "1" });
    const scheduleFault = harness.emulator.faults.add({
      method: "POST",
      path: "/2/0/integrations/*/schedule",
      kind: "status",
      status: 500,
    });
    let error: (Error & { id?: string }) | undefined;
    try {
      await provider.create(importIntegration({ schedule: daily }));
    } catch (caught) {
      error = caught as Error & { id?: string };
    }
    expect(error?.message).toMatch(/created as [0-9a-f]{32}, but configuring it failed/);
    harness.emulator.faults.remove(scheduleFault);
    const ids = Object.keys(harness.emulator.state.integrations);
    expect(ids).toEqual([error?.id]);
    const olds = importIntegration();
    await provider.update!(error!.id!, olds, importIntegration({ schedule: daily }));
    expect(harness.emulator.state.integrations[ids[0]].schedule).toMatchObject({ name: "Nightly" });
    expect(Object.keys(harness.emulator.state.integrations)).toHaveLength(1);
  });

  it.each(["commitThenFail", "drop", "status"] as const)(
    "a schedule POST failing ambiguously (%s) is looked up, never repeated blindly, and ends with the desired schedule",
    async (kind) => {
      harness.emulator.faults.add({
        method: "POST",
        path: "/2/0/integrations/*/schedule",
        kind,
        status: kind === "status" ? 500 : undefined,
        times: 1,
      });
      const result = await provider.create(
        importIntegration({ schedule: { ...daily, enabled: false } }),
      );
      expect(harness.emulator.state.integrations[result.id].schedule).toMatchObject({
        name: "Nightly",
        status: "Inactive",
      });
      // Committed → the lookup finds it and PUTs; not committed → one more POST.
      const posts = countOf(harness.emulator, "POST /2/0/integrations/{id}/schedule");
      const puts = countOf(harness.emulator, "PUT /2/0/integrations/{id}/schedule");
      expect([posts, puts]).toEqual(kind === "status" ? [2, 0] : [1, 1]);
    },
  );

  it("after a commit-then-fail POST, adopts its own integration instead of creating a second", async () => {
    harness.emulator.faults.add({
      method: "POST",
      path: "/2/0/integrations",
      kind: "commitThenFail",
      times: 1,
    });
    const result = await provider.create(importIntegration());
    expect(Object.keys(harness.emulator.state.integrations)).toEqual([result.id]);
  });

  it("adopts an existing integration by ID", async () => {
    const existing = await provider.create(importIntegration({ name: "Made in UI" }));
    const adopted = await provider.create(
      importIntegration({ adoptExistingId: existing.id, schedule: daily }),
    );
    expect(adopted.id).toBe(existing.id);
    expect(harness.emulator.state.integrations[existing.id]).toMatchObject({
      name: "Load accounts",
    });
    expect(harness.emulator.state.integrations[existing.id].schedule).toMatchObject({
      name: "Nightly",
    });
  });
});

describe("read and drift", () => {
  it("reads back exactly what create returned when nothing changed", async () => {
    const created = await provider.create(
      importIntegration({
        schedule: daily,
        notifications: { channels: ["email"], success: [USER_A] },
      }),
    );
    const read = await provider.read!(created.id, created.outs as never);
    expect(read.props).toEqual(created.outs);
    const diff = await provider.diff!(
      created.id,
      read.inputs as never,
      importIntegration({
        schedule: daily,
        notifications: { channels: ["email"], success: [USER_A] },
      }),
    );
    expect(diff.changes).toBe(false);
  });

  it("detects drift in core fields, jobs, schedule and notifications", async () => {
    const inputs = importIntegration({
      schedule: daily,
      notifications: { channels: ["email"], success: [USER_A] },
    });
    const created = await provider.create(inputs);
    const stored = harness.emulator.state.integrations[created.id];
    stored.name = "Renamed in UI";
    stored.jobs[0].sources[0].file = "source/other.csv";
    stored.schedule!.time = "05:30";
    stored.schedule!.status = "Inactive";
    const notification = harness.emulator.state.notifications[
      stored.notificationId as string
    ] as unknown as {
      notifications: { config: { type: string; users: unknown[] }[] };
    };
    notification.notifications.config = [{ type: "success", users: [USER_B] }];
    const read = await provider.read!(created.id, created.outs as never);
    expect(read.inputs).toMatchObject({
      name: "Renamed in UI",
      jobs: [expect.objectContaining({ file: "source/other.csv" })],
      schedule: expect.objectContaining({ time: "05:30", enabled: false }),
      notifications: expect.objectContaining({ success: [USER_B] }),
    });
    const diff = await provider.diff!(created.id, read.inputs as never, inputs);
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toEqual([]);
    // The next update puts everything back.
    await provider.update!(created.id, read.inputs as never, inputs);
    const again = await provider.read!(created.id, read.props as never);
    expect((await provider.diff!(created.id, again.inputs as never, inputs)).changes).toBe(false);
  });

  it("reports an integration deleted out of band as gone", async () => {
    const created = await provider.create(importIntegration());
    delete harness.emulator.state.integrations[created.id];
    expect((await provider.read!(created.id, created.outs as never)).id).toBe("");
  });
});

describe("diff decisions", () => {
  const base = (): IntegrationInputs => importIntegration({ schedule: daily });
  it.each<[string, (i: IntegrationInputs) => IntegrationInputs, boolean, string[]]>([
    ["no change", (i) => i, false, []],
    ["default nuxVisible made explicit", (i) => ({ ...i, nuxVisible: false }), false, []],
    ["rename", (i) => ({ ...i, name: "Renamed" }), true, []],
    ["model change", (i) => ({ ...i, modelId: "0".repeat(31) + "A" }), true, []],
    [
      "new source file",
      (i) => ({ ...i, jobs: [{ ...i.jobs![0], file: "source/new.csv" }] }),
      true,
      [],
    ],
    ["schedule time", (i) => ({ ...i, schedule: { ...daily, time: "03:00" } }), true, []],
    ["schedule disabled", (i) => ({ ...i, schedule: { ...daily, enabled: false } }), true, []],
    ["schedule removed", (i) => ({ ...i, schedule: undefined }), true, []],
    [
      "import becomes export",
      (i) => ({
        ...i,
        jobs: [
          {
            type: "AnaplanToAmazonS3",
            connectionId: "c".repeat(32),
            file: "exports/",
            actionId: "116000000001",
          },
        ],
      }),
      true,
      ["jobs"],
    ],
    ["import becomes process", (i) => ({ ...i, processId: "118000000001" }), true, ["processId"]],
  ])("%s", async (_title, change, changes, replaces) => {
    const diff = await provider.diff!("id", base(), change(base()));
    expect(diff.changes).toBe(changes);
    expect(diff.replaces).toEqual(replaces);
  });
});

describe("update", () => {
  it("changes the schedule in place, then removes it and the notifications", async () => {
    const withAll = importIntegration({
      schedule: daily,
      notifications: { channels: ["email"], success: [USER_A] },
    });
    const created = await provider.create(withAll);
    const weekly = { ...daily, type: "weekly" as const, daysOfWeek: [1, 3] };
    await provider.update!(created.id, withAll, { ...withAll, schedule: weekly });
    expect(harness.emulator.state.integrations[created.id].schedule).toMatchObject({
      type: "weekly",
      daysOfWeek: [1, 3],
    });
    const bare = importIntegration();
    const updated = await provider.update!(created.id, { ...withAll, schedule: weekly }, bare);
    expect(harness.emulator.state.integrations[created.id].schedule).toBeNull();
    expect(updated.outs).toMatchObject({
      integrationId: created.id,
      name: "Load accounts",
      integrationType: "Import",
    });
    expect(Object.keys(harness.emulator.state.integrations)).toHaveLength(1);
  });
});

describe("delete", () => {
  it("refuses while the integration runs, naming why", async () => {
    const created = await provider.create(importIntegration());
    await startRun(created.id);
    await expect(provider.delete!(created.id, created.outs as never)).rejects.toThrow(
      /delete failed: .*already running.*cancel/,
    );
    expect(harness.emulator.state.integrations[created.id]).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 700));
  });

  it("treats a missing integration as deleted", async () => {
    await expect(provider.delete!("0".repeat(32), importIntegration())).resolves.toBeUndefined();
  });
});

/** Starts a run through the API, as a user clicking "Run" in the UI would. */
async function startRun(integrationId: string): Promise<void> {
  const response = await fetch(`${harness.emulator.url}/token/authenticate`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from("demo@example.com:demo-password").toString("base64")}`,
    },
  });
  const token = ((await response.json()) as { tokenInfo: { tokenValue: string } }).tokenInfo
    .tokenValue;
  await fetch(`${harness.emulator.url}/2/0/integrations/${integrationId}/run`, {
    method: "POST",
    headers: { Authorization: `AnaplanAuthToken ${token}`, "Content-Type": "application/json" },
    body: "{}",
  });
}
