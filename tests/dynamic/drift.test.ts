/**
 * Drift detection, field by field: an edit made out of band (in the UI) to any non-secret field
 * of a connection or an integration is returned by `read` as a refreshed input, and `diff`
 * against the program's inputs then reports a change, so the next `up` puts it back.
 */
import { ConnectionProvider, IntegrationProvider } from "../../provider/dynamic";
import type { ConnectionInputs, IntegrationInputs } from "../../provider/dynamic/inputs";
import {
  NIGHTLY,
  s3Connection,
  s3Import,
  useProviderHarness,
  USER_A,
  USER_B,
  WORKSPACE_ID,
} from "./support";

type Stored = Record<string, unknown>;
const connections = new ConnectionProvider();
const integrations = new IntegrationProvider();
const OTHER_WORKSPACE = "0123456789abcdef0123456789abcdef";
const harness = useProviderHarness();

describe("connection drift", () => {
  const azure: ConnectionInputs = {
    name: "Landing Azure",
    type: "AzureBlob",
    storageAccountName: "acmestorage",
    containerName: "landing",
    sasToken: "sv=1&sig=x",
  };
  it.each<[string, ConnectionInputs, (stored: Stored) => void, Partial<ConnectionInputs>]>([
    [
      "S3 name",
      s3Connection("S3"),
      (s) => ((s.body as Stored).name = "Renamed"),
      { name: "Renamed" },
    ],
    [
      "S3 bucket",
      s3Connection("S3"),
      (s) => ((s.body as Stored).bucketName = "other"),
      { bucketName: "other" },
    ],
    [
      "workspace",
      s3Connection("S3", { workspaceId: WORKSPACE_ID }),
      (s) => (s.workspaceId = OTHER_WORKSPACE),
      { workspaceId: OTHER_WORKSPACE },
    ],
    [
      "Azure account",
      azure,
      (s) => ((s.body as Stored).storageAccountName = "otheraccount"),
      { storageAccountName: "otheraccount" },
    ],
    [
      "Azure container",
      azure,
      (s) => ((s.body as Stored).containerName = "other"),
      { containerName: "other" },
    ],
  ])("%s", async (_title, inputs, edit, expected) => {
    const created = await connections.create(inputs);
    edit(harness.emulator.state.connections[created.id] as unknown as Stored);
    const read = await connections.read!(created.id, created.outs as never);
    expect(read.inputs).toMatchObject(expected);
    expect((await connections.diff!(created.id, read.inputs as never, inputs)).changes).toBe(true);
  });
});

describe("integration drift", () => {
  let connectionId: string;
  const daily = NIGHTLY;
  const base = (): IntegrationInputs => ({
    ...s3Import("Load accounts", connectionId, "source/a.csv"),
    schedule: daily,
    notifications: { channels: ["email"], success: [USER_A] },
  });
  beforeEach(async () => {
    connectionId = (await connections.create(s3Connection("Landing"))).id;
  });

  type Integration = Stored & {
    jobs: { sources: Stored[]; targets: Stored[] }[];
    schedule: Stored;
    notificationId: string;
  };
  it.each<[string, (stored: Integration) => void, (inputs: IntegrationInputs) => unknown]>([
    ["name", (s) => (s.name = "Renamed"), (i) => i.name],
    ["model", (s) => (s.modelId = "0".repeat(31) + "B"), (i) => i.modelId],
    ["workspace", (s) => (s.workspaceId = OTHER_WORKSPACE), (i) => i.workspaceId],
    ["nuxVisible", (s) => (s.nuxVisible = true), (i) => i.nuxVisible],
    ["source file", (s) => (s.jobs[0].sources[0].file = "source/b.csv"), (i) => i.jobs?.[0].file],
    [
      "import action",
      (s) => (s.jobs[0].targets[0].actionId = "112000000009"),
      (i) => i.jobs?.[0].actionId,
    ],
    [
      "data-source file",
      (s) => (s.jobs[0].targets[0].fileId = "113000000009"),
      (i) => i.jobs?.[0].fileId,
    ],
    ["schedule time", (s) => (s.schedule.time = "06:00"), (i) => i.schedule?.time],
    [
      "schedule type",
      (s) => Object.assign(s.schedule, { type: "weekly", daysOfWeek: [1] }),
      (i) => i.schedule?.type,
    ],
    ["schedule timezone", (s) => (s.schedule.timezone = "Asia/Tokyo"), (i) => i.schedule?.timezone],
    ["schedule disabled", (s) => (s.schedule.status = "Inactive"), (i) => i.schedule?.enabled],
    ["schedule deleted", (s) => (s.schedule = null as unknown as Stored), (i) => i.schedule],
    [
      "notification users",
      (s) => {
        const config = harness.emulator.state.notifications[s.notificationId] as unknown as {
          notifications: { config: Stored[] };
        };
        config.notifications.config = [{ type: "success", users: [USER_B] }];
      },
      (i) => i.notifications?.success,
    ],
    [
      "notification channels",
      (s) =>
        ((harness.emulator.state.notifications[s.notificationId] as unknown as Stored).channels = [
          "in_app",
        ]),
      (i) => i.notifications?.channels,
    ],
  ])("%s", async (_title, edit, pick) => {
    const inputs = base();
    const created = await integrations.create(inputs);
    edit(harness.emulator.state.integrations[created.id] as unknown as Integration);
    const read = await integrations.read!(created.id, created.outs as never);
    const refreshed = read.inputs as unknown as IntegrationInputs;
    expect(pick(refreshed)).not.toEqual(pick(inputs));
    const diff = await integrations.diff!(created.id, refreshed, inputs);
    expect(diff.changes).toBe(true);
    // Updating puts it back: a second read then shows no drift.
    await integrations.update!(created.id, refreshed, inputs);
    const again = await integrations.read!(created.id, read.props as never);
    expect((await integrations.diff!(created.id, again.inputs as never, inputs)).changes).toBe(
      false,
    );
  });
});
