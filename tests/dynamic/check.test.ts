/**
 * `check` validates every input before any API call (preview is free) and names the property
 * and the rule. Each row is one invalid input; the emulator must see no request at all.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RunningEmulator } from "../../emulator";
import {
  ConnectionProvider,
  FlowProvider,
  IntegrationProvider,
  RunProvider,
  UNKNOWN,
} from "../../provider/dynamic";
import {
  MODEL_ID,
  s3Connection,
  startProviderHarness,
  totalRequests,
  WORKSPACE_ID,
} from "./harness";

const CONNECTION_ID = "840ccd8a279a454d99577d9538f24f09";
const OTHER_ID = "840ccd8a279a454d99577d9538f24f10";
const USER = "a5f1b4a7c3e94f0b9e8d7c6b5a493827";

const importJob = {
  type: "AmazonS3ToAnaplan",
  connectionId: CONNECTION_ID,
  file: "source/accounts.csv",
  actionId: "112000000001",
  fileId: "113000000001",
};
const exportJob = {
  type: "AnaplanToAmazonS3",
  connectionId: CONNECTION_ID,
  file: "exports/",
  actionId: "116000000001",
};
const integration = (overrides: Record<string, unknown>) => ({
  name: "Load accounts",
  workspaceId: WORKSPACE_ID,
  modelId: MODEL_ID,
  jobs: [importJob],
  ...overrides,
});
const daily = {
  name: "Nightly",
  type: "daily",
  time: "02:00",
  startDate: "2027-01-01",
  timezone: "Europe/London",
};
const flow = (overrides: Record<string, unknown>) => ({
  name: "Nightly flow",
  steps: [{ integrationId: CONNECTION_ID }, { integrationId: OTHER_ID }],
  ...overrides,
});

type Row = [
  string,
  "connection" | "integration" | "flow" | "run",
  Record<string, unknown>,
  string,
  RegExp,
];

const rows: Row[] = [
  ["missing connection name", "connection", s3Connection(""), "name", /required/],
  ["name longer than 60", "connection", s3Connection("x".repeat(61)), "name", /1–60/],
  [
    "name with special characters",
    "connection",
    s3Connection("Landing/S3!"),
    "name",
    /Latin letters/,
  ],
  [
    "name ending in a space",
    "connection",
    s3Connection("Landing "),
    "name",
    /ending with a letter or digit/,
  ],
  [
    "unknown connection type",
    "connection",
    s3Connection("A", { type: "Dropbox" }),
    "type",
    /one of AmazonS3, AzureBlob, GoogleBigQuery/,
  ],
  [
    "workspace ID in upper case",
    "connection",
    s3Connection("A", { workspaceId: WORKSPACE_ID.toUpperCase() }),
    "workspaceId",
    /32 lowercase hex/,
  ],
  [
    "S3 without bucket",
    "connection",
    s3Connection("A", { bucketName: undefined }),
    "bucketName",
    /required/,
  ],
  [
    "S3 without secret key",
    "connection",
    s3Connection("A", { secretAccessKey: undefined }),
    "secretAccessKey",
    /required/,
  ],
  [
    "S3 bucket name with capitals",
    "connection",
    s3Connection("A", { bucketName: "Acme_Landing" }),
    "bucketName",
    /S3 bucket name/,
  ],
  [
    "S3 malformed access key ID",
    "connection",
    s3Connection("A", { accessKeyId: "not a key" }),
    "accessKeyId",
    /access key ID/,
  ],
  [
    "S3 malformed role ARN",
    "connection",
    s3Connection("A", { roleArn: "arn:aws:iam::12:user/x" }),
    "roleArn",
    /IAM role ARN/,
  ],
  [
    "Azure field on an S3 connection",
    "connection",
    s3Connection("A", { sasToken: "sv=1" }),
    "sasToken",
    /must not be set on AmazonS3 connections/,
  ],
  [
    "Azure without SAS token",
    "connection",
    { name: "A", type: "AzureBlob", storageAccountName: "acme", containerName: "landing" },
    "sasToken",
    /required/,
  ],
  [
    "Azure storage account with capitals",
    "connection",
    {
      name: "A",
      type: "AzureBlob",
      storageAccountName: "Acme",
      containerName: "landing",
      sasToken: "sv=1",
    },
    "storageAccountName",
    /3–24 lowercase/,
  ],
  [
    "Azure container with double hyphen",
    "connection",
    {
      name: "A",
      type: "AzureBlob",
      storageAccountName: "acme",
      containerName: "lan--ding",
      sasToken: "sv=1",
    },
    "containerName",
    /Azure container name/,
  ],
  [
    "BigQuery key that is not JSON",
    "connection",
    { name: "A", type: "GoogleBigQuery", dataset: "finance", serviceAccountKey: "{not json" },
    "serviceAccountKey",
    /not valid JSON/,
  ],
  [
    "BigQuery key without private key",
    "connection",
    {
      name: "A",
      type: "GoogleBigQuery",
      dataset: "finance",
      serviceAccountKey: {
        type: "service_account",
        project_id: "p",
        private_key_id: "k",
        client_email: "e",
      },
    },
    "serviceAccountKey",
    /missing privateKey/,
  ],
  [
    "BigQuery dataset with a dash",
    "connection",
    { name: "A", type: "GoogleBigQuery", dataset: "fin-ance", serviceAccountKey: "{}" },
    "dataset",
    /BigQuery dataset/,
  ],
  [
    "adopt ID malformed",
    "connection",
    s3Connection("A", { adoptExistingId: "123" }),
    "adoptExistingId",
    /32 lowercase hex/,
  ],
  [
    "integration without workspace",
    "integration",
    integration({ workspaceId: undefined }),
    "workspaceId",
    /required/,
  ],
  [
    "model ID in lower case",
    "integration",
    integration({ modelId: MODEL_ID.toLowerCase() }),
    "modelId",
    /uppercase hex/,
  ],
  [
    "integration name too long",
    "integration",
    integration({ name: "n".repeat(61) }),
    "name",
    /1–60/,
  ],
  [
    "import with two jobs",
    "integration",
    integration({ jobs: [importJob, importJob] }),
    "jobs",
    /exactly one job/,
  ],
  ["import with no jobs", "integration", integration({ jobs: [] }), "jobs", /exactly one job/],
  [
    "unknown job type",
    "integration",
    integration({ jobs: [{ ...importJob, type: "FtpToAnaplan" }] }),
    "jobs[0].type",
    /one of AmazonS3ToAnaplan/,
  ],
  [
    "import with an export action ID",
    "integration",
    integration({ jobs: [{ ...importJob, actionId: "116000000001" }] }),
    "jobs[0].actionId",
    /starting with 112/,
  ],
  [
    "export with an import action ID",
    "integration",
    integration({ jobs: [{ ...exportJob, actionId: "112000000001" }] }),
    "jobs[0].actionId",
    /starting with 116/,
  ],
  [
    "action ID of 11 digits",
    "integration",
    integration({ jobs: [{ ...importJob, actionId: "11200000001" }] }),
    "jobs[0].actionId",
    /12-digit/,
  ],
  [
    "import without file ID",
    "integration",
    integration({ jobs: [{ ...importJob, fileId: undefined }] }),
    "jobs[0].fileId",
    /required/,
  ],
  [
    "file ID with a wrong prefix",
    "integration",
    integration({ jobs: [{ ...importJob, fileId: "112000000001" }] }),
    "jobs[0].fileId",
    /starting with 113/,
  ],
  [
    "export with a file ID",
    "integration",
    integration({ jobs: [{ ...exportJob, fileId: "113000000001" }] }),
    "jobs[0].fileId",
    /must not be set on an export job/,
  ],
  [
    "export folder without a slash",
    "integration",
    integration({ jobs: [{ ...exportJob, file: "exports" }] }),
    "jobs[0].file",
    /must end with '\/'/,
  ],
  [
    "S3 import with a table",
    "integration",
    integration({ jobs: [{ ...importJob, table: "accounts" }] }),
    "jobs[0].table",
    /only BigQuery jobs use table/,
  ],
  [
    "BigQuery import without table",
    "integration",
    integration({
      jobs: [
        {
          type: "GoogleBigQueryToAnaplan",
          connectionId: CONNECTION_ID,
          actionId: "112000000001",
          fileId: "113000000001",
        },
      ],
    }),
    "jobs[0].table",
    /required/,
  ],
  [
    "BigQuery export without mapping",
    "integration",
    integration({
      jobs: [
        {
          type: "AnaplanToGoogleBigQuery",
          connectionId: CONNECTION_ID,
          table: "t",
          actionId: "116000000001",
        },
      ],
    }),
    "jobs[0].mapping",
    /required for BigQuery exports/,
  ],
  [
    "mapping on an S3 export",
    "integration",
    integration({ jobs: [{ ...exportJob, mapping: [{ sourceName: "a", targetName: "b" }] }] }),
    "jobs[0].mapping",
    /mapping is for BigQuery exports/,
  ],
  [
    "job connection ID malformed",
    "integration",
    integration({ jobs: [{ ...importJob, connectionId: "conn-1" }] }),
    "jobs[0].connectionId",
    /32 lowercase hex/,
  ],
  [
    "process ID with a wrong prefix",
    "integration",
    integration({ processId: "117000000001", jobs: [] }),
    "processId",
    /starting with 118/,
  ],
  [
    "schedule without timezone",
    "integration",
    integration({ schedule: { ...daily, timezone: undefined } }),
    "schedule.timezone",
    /required/,
  ],
  [
    "schedule timezone not offered",
    "integration",
    integration({ schedule: { ...daily, timezone: "Mars/Olympus" } }),
    "schedule.timezone",
    /one of Etc\/GMT\+12/,
  ],
  [
    "unknown schedule type",
    "integration",
    integration({ schedule: { ...daily, type: "yearly" } }),
    "schedule.type",
    /one of daily, weekly/,
  ],
  [
    "daily schedule without time",
    "integration",
    integration({ schedule: { ...daily, time: undefined } }),
    "schedule.time",
    /required/,
  ],
  [
    "time of 25:00",
    "integration",
    integration({ schedule: { ...daily, time: "25:00" } }),
    "schedule.time",
    /HH:MM/,
  ],
  [
    "weekly schedule without days",
    "integration",
    integration({ schedule: { ...daily, type: "weekly" } }),
    "schedule.daysOfWeek",
    /required/,
  ],
  [
    "day of week 7",
    "integration",
    integration({ schedule: { ...daily, type: "weekly", daysOfWeek: [1, 7] } }),
    "schedule.daysOfWeek[1]",
    /0 to 6/,
  ],
  [
    "hourly schedule ending before it starts",
    "integration",
    integration({
      schedule: {
        ...daily,
        type: "hourly",
        repeatEvery: 2,
        fromTime: "18:00",
        toTime: "08:00",
        daysOfWeek: [1],
      },
    }),
    "schedule.toTime",
    /not be earlier/,
  ],
  [
    "day of month 32",
    "integration",
    integration({ schedule: { ...daily, type: "monthly_specific_day", dayOfMonth: 32 } }),
    "schedule.dayOfMonth",
    /1 to 31/,
  ],
  [
    "relative weekday in week 6",
    "integration",
    integration({
      schedule: { ...daily, type: "monthly_relative_weekday", dayOfWeek: 3, repeatEvery: 6 },
    }),
    "schedule.repeatEvery",
    /1 to 5/,
  ],
  [
    "start date that does not exist",
    "integration",
    integration({ schedule: { ...daily, startDate: "2027-02-30" } }),
    "schedule.startDate",
    /calendar date/,
  ],
  [
    "end date before start date",
    "integration",
    integration({ schedule: { ...daily, endDate: "2026-12-31" } }),
    "schedule.endDate",
    /not be before/,
  ],
  [
    "six users for one notification type",
    "integration",
    integration({
      notifications: {
        channels: ["email"],
        success: Array.from({ length: 6 }, (_, i) => USER.slice(0, 31) + i),
      },
    }),
    "notifications.success",
    /1 to 5 user GUIDs/,
  ],
  [
    "empty notification user list",
    "integration",
    integration({ notifications: { channels: ["email"], fullFailure: [] } }),
    "notifications.fullFailure",
    /1 to 5/,
  ],
  [
    "unknown notification channel",
    "integration",
    integration({ notifications: { channels: ["sms"], success: [USER] } }),
    "notifications.channels[0]",
    /email, in_app/,
  ],
  [
    "notification user GUID malformed",
    "integration",
    integration({ notifications: { channels: ["email"], success: ["bob@example.com"] } }),
    "notifications.success[0]",
    /user GUID/,
  ],
  [
    "flow with one step",
    "flow",
    flow({ steps: [{ integrationId: CONNECTION_ID }] }),
    "steps",
    /at least two enabled/,
  ],
  [
    "flow whose second step is skipped",
    "flow",
    flow({
      steps: [{ integrationId: CONNECTION_ID }, { integrationId: OTHER_ID, isSkipped: true }],
    }),
    "steps",
    /at least two enabled/,
  ],
  [
    "flow step with an unknown strategy",
    "flow",
    flow({
      steps: [{ integrationId: CONNECTION_ID, onFailure: "retry" }, { integrationId: OTHER_ID }],
    }),
    "steps[0].onFailure",
    /stop, continue/,
  ],
  [
    "flow running one integration twice",
    "flow",
    flow({ steps: [{ integrationId: CONNECTION_ID }, { integrationId: CONNECTION_ID }] }),
    "steps",
    /same integration twice/,
  ],
  [
    "run with neither integration nor flow",
    "run",
    {},
    "integrationId",
    /exactly one of integrationId and flowId/,
  ],
  [
    "run with both integration and flow",
    "run",
    { integrationId: CONNECTION_ID, flowId: OTHER_ID },
    "integrationId",
    /exactly one/,
  ],
  [
    "run timeout of zero",
    "run",
    { integrationId: CONNECTION_ID, timeoutSeconds: 0 },
    "timeoutSeconds",
    /1 to 43200/,
  ],
];

const providers: Record<Row[1], pulumi.dynamic.ResourceProvider> = {
  connection: new ConnectionProvider(),
  integration: new IntegrationProvider(),
  flow: new FlowProvider(),
  run: new RunProvider(),
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startProviderHarness();
  emulator.resetCounts();
});
afterAll(() => emulator.stop());

describe("check rejects invalid input before any API call", () => {
  it("has a catalogue of at least 40 distinct invalid inputs", () => {
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)("%s", async (_title, kind, inputs, property, reason) => {
    const result = await providers[kind].check!({}, inputs);
    const failure = result.failures?.find((f) => f.property === property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
    // The message names the property so a user can find it in their program.
    expect(failure!.reason).toContain(property.replace(/\[\d+\]$/, ""));
  });

  it("made no request to the API while checking", () => {
    expect(totalRequests(emulator)).toBe(0);
  });
});

describe("check accepts valid input and tolerates unknowns during preview", () => {
  it("accepts each connection type, job type and schedule type", async () => {
    const valid: [keyof typeof providers, Record<string, unknown>][] = [
      [
        "connection",
        s3Connection("Landing S3", { roleArn: "arn:aws:iam::123456789012:role/cloudworks" }),
      ],
      [
        "connection",
        {
          name: "Landing Azure",
          type: "AzureBlob",
          storageAccountName: "acme",
          containerName: "landing",
          sasToken: "sv=1",
        },
      ],
      [
        "connection",
        {
          name: "Warehouse",
          type: "GoogleBigQuery",
          dataset: "finance",
          serviceAccountKey: {
            type: "service_account",
            project_id: "p",
            private_key_id: "k",
            private_key: "-----BEGIN PRIVATE KEY-----",
            client_email: "e@x",
            client_id: "1",
            auth_uri: "a",
            token_uri: "t",
            auth_provider_x509_cert_url: "c",
            client_x509_cert_url: "d",
          },
        },
      ],
      [
        "integration",
        integration({
          schedule: daily,
          notifications: { channels: ["email", "in_app"], success: [USER] },
        }),
      ],
      [
        "integration",
        integration({
          jobs: [exportJob],
          schedule: { ...daily, type: "weekly", daysOfWeek: [0, 6] },
        }),
      ],
      [
        "integration",
        integration({
          processId: "118000000001",
          jobs: [],
          schedule: {
            ...daily,
            type: "hourly",
            repeatEvery: 2,
            fromTime: "08:00",
            toTime: "18:00",
            daysOfWeek: [1, 2, 3, 4, 5],
          },
        }),
      ],
      [
        "integration",
        integration({
          jobs: [
            {
              type: "AnaplanToGoogleBigQuery",
              connectionId: CONNECTION_ID,
              table: "t",
              actionId: "116000000001",
              mapping: [{ sourceName: "a", targetName: "b" }],
            },
          ],
          schedule: { ...daily, type: "monthly_specific_day", dayOfMonth: 1 },
        }),
      ],
      [
        "integration",
        integration({
          schedule: {
            ...daily,
            type: "monthly_relative_weekday",
            dayOfWeek: 3,
            repeatEvery: 2,
            enabled: false,
          },
        }),
      ],
      ["flow", flow({})],
      ["run", { integrationId: CONNECTION_ID, triggers: { file: "etag-1" } }],
    ];
    for (const [kind, inputs] of valid) {
      const result = await providers[kind].check!({}, inputs);
      expect({ kind, failures: result.failures }).toEqual({ kind, failures: [] });
    }
  });

  it("does not report values that are unknown until apply", async () => {
    const result = await providers.integration.check!(
      {},
      integration({
        workspaceId: UNKNOWN,
        jobs: [{ ...importJob, connectionId: UNKNOWN }],
        schedule: UNKNOWN,
      }),
    );
    expect(result.failures).toEqual([]);
    const connection = await providers.connection.check!(
      {},
      s3Connection("A", { bucketName: UNKNOWN, secretAccessKey: UNKNOWN }),
    );
    expect(connection.failures).toEqual([]);
  });
});
