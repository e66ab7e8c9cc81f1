/**
 * `check` validates every input before any API call (preview is free) and names the property
 * and the rule. Each row is one invalid input; the emulator must see no request at all.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  ConnectionProvider,
  FlowProvider,
  IntegrationProvider,
  RunProvider,
  UNKNOWN,
} from "../../provider/dynamic";
import { MODEL_ID, s3Connection, useProviderHarness, totalRequests, WORKSPACE_ID } from "./support";

const CONNECTION_ID = "840ccd8a279a454d99577d9538f24f09";
const OTHER_ID = "840ccd8a279a454d99577d9538f24f10";
const USER = "a5f1b4a7c3e94f0b9e8d7c6b5a493827";
const PEM_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
/** A Google key file in its own snake_case form, with one field overridden. */
const googleKey = (overrides: Record<string, unknown> = {}) => ({
  type: "service_account",
  project_id: "p",
  private_key_id: "k",
  private_key: PEM_KEY,
  client_email: "e@x",
  client_id: "1",
  auth_uri: "a",
  token_uri: "t",
  auth_provider_x509_cert_url: "c",
  client_x509_cert_url: "d",
  ...overrides,
});
const bigQuery = (serviceAccountKey: unknown) => ({
  name: "Warehouse",
  type: "GoogleBigQuery",
  dataset: "finance",
  serviceAccountKey,
});
const azure = (sasToken: unknown) => ({
  name: "Landing Azure",
  type: "AzureBlob",
  storageAccountName: "acme",
  containerName: "landing",
  sasToken,
});
const processJobs = (count: number) =>
  integration({
    processId: "118000000001",
    jobs: Array.from({ length: count }, () => importJob),
  });

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
    "file ID that is not 12 digits",
    "integration",
    integration({ jobs: [{ ...importJob, fileId: "11300000001" }] }),
    "jobs[0].fileId",
    /12-digit file ID/,
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
  // Issue 13: bad inputs that used to pass preview and fail at `up` (or never).
  [
    "S3 bucket with the reserved -s3alias suffix",
    "connection",
    s3Connection("A", { bucketName: "acme-landing-s3alias" }),
    "bucketName",
    /reserved suffix "-s3alias"/,
  ],
  [
    "S3 bucket with the reserved xn-- prefix",
    "connection",
    s3Connection("A", { bucketName: "xn--acme" }),
    "bucketName",
    /reserved prefix "xn--"/,
  ],
  [
    "S3 bucket named like an IP address",
    "connection",
    s3Connection("A", { bucketName: "192.168.10.12" }),
    "bucketName",
    /IP address/,
  ],
  [
    "S3 bucket with adjacent dots",
    "connection",
    s3Connection("A", { bucketName: "acme..landing" }),
    "bucketName",
    /two adjacent dots/,
  ],
  [
    "S3 secret access key given as a number",
    "connection",
    s3Connection("A", { secretAccessKey: 12345 }),
    "secretAccessKey",
    /must be a string .*got a number/,
  ],
  [
    "S3 secret access key given as an object",
    "connection",
    s3Connection("A", { secretAccessKey: { value: "x" } }),
    "secretAccessKey",
    /must be a string .*got an object/,
  ],
  [
    "S3 secret access key given as a list",
    "connection",
    s3Connection("A", { secretAccessKey: ["x"] }),
    "secretAccessKey",
    /must be a string .*got a list/,
  ],
  ["Azure SAS token given as a number", "connection", azure(42), "sasToken", /got a number/],
  [
    "Azure SAS token given as an object",
    "connection",
    azure({ sv: "1" }),
    "sasToken",
    /got an object/,
  ],
  ["Azure SAS token given as a list", "connection", azure(["sv=1"]), "sasToken", /got a list/],
  [
    "BigQuery key whose private_key is a number",
    "connection",
    bigQuery(googleKey({ private_key: 1234 })),
    "serviceAccountKey",
    /not text: privateKey \(a number\)/,
  ],
  [
    "BigQuery key whose private_key is not PEM",
    "connection",
    bigQuery(googleKey({ private_key: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" })),
    "serviceAccountKey",
    /PEM private key/,
  ],
  [
    "BigQuery key given as a number",
    "connection",
    bigQuery(7),
    "serviceAccountKey",
    /got a number/,
  ],
  [
    "unknown connection property",
    "connection",
    s3Connection("A", { bogusProperty: "x" }),
    "bogusProperty",
    /not a property of this resource\. Known properties: name, type/,
  ],
  [
    "misspelt roleArn",
    "connection",
    s3Connection("A", { roleARN: "arn:aws:iam::123456789012:role/cloudworks" }),
    "roleARN",
    /did you mean roleArn\?/,
  ],
  [
    "misspelt bucketName",
    "connection",
    s3Connection("A", { bucketNmae: "acme-landing" }),
    "bucketNmae",
    /did you mean bucketName\?/,
  ],
  [
    "misspelt integration property",
    "integration",
    integration({ nuxVisibel: true }),
    "nuxVisibel",
    /did you mean nuxVisible\?/,
  ],
  [
    "misspelt job property",
    "integration",
    integration({ jobs: [{ ...importJob, overwirte: true }] }),
    "jobs[0].overwirte",
    /not a property of jobs\[0\]; did you mean overwrite\?/,
  ],
  [
    "misspelt schedule property",
    "integration",
    integration({ schedule: { ...daily, timeZone: "Europe/London" } }),
    "schedule.timeZone",
    /did you mean timezone\?/,
  ],
  [
    "misspelt notification list",
    "integration",
    integration({ notifications: { channels: ["email"], success: [USER], fullFailures: [USER] } }),
    "notifications.fullFailures",
    /did you mean fullFailure\?/,
  ],
  [
    "misspelt flow step property",
    "flow",
    flow({
      steps: [{ integrationId: CONNECTION_ID, onFailre: "continue" }, { integrationId: OTHER_ID }],
    }),
    "steps[0].onFailre",
    /did you mean onFailure\?/,
  ],
  [
    "misspelt run property",
    "run",
    { integrationId: CONNECTION_ID, trigger: { file: "v1" } },
    "trigger",
    /did you mean triggers\?/,
  ],
  [
    "import file with a leading slash",
    "integration",
    integration({ jobs: [{ ...importJob, file: "/source/accounts.csv" }] }),
    "jobs[0].file",
    /relative to the bucket or container \(no leading '\/'\)/,
  ],
  [
    "import file climbing out with ../",
    "integration",
    integration({ jobs: [{ ...importJob, file: "source/../../secrets/keys.csv" }] }),
    "jobs[0].file",
    /must not contain '\.\.' segments/,
  ],
  [
    "export folder starting with ../",
    "integration",
    integration({ jobs: [{ ...exportJob, file: "../exports/" }] }),
    "jobs[0].file",
    /'\.\.' segments/,
  ],
  ["process with 101 jobs", "integration", processJobs(101), "jobs", /at most 100 jobs.*got 101/],
  [
    "process with 2,000 jobs",
    "integration",
    processJobs(2000),
    "jobs",
    /at most 100 jobs.*got 2000/,
  ],
  [
    "run trigger holding an object",
    "run",
    { integrationId: CONNECTION_ID, triggers: { file: { etag: "v1" } } },
    "triggers.file",
    /must be a string .*got an object/,
  ],
  [
    "run trigger holding a list",
    "run",
    { integrationId: CONNECTION_ID, triggers: { files: ["a", "b"] } },
    "triggers.files",
    /must be a string .*got a list/,
  ],
  [
    "constructor key at the top level",
    "run",
    { integrationId: CONNECTION_ID, constructor: "x" },
    "constructor",
    /key "constructor" is not allowed/,
  ],
  [
    "constructor key inside triggers",
    "run",
    { integrationId: CONNECTION_ID, triggers: JSON.parse('{"constructor":"x"}') },
    "triggers.constructor",
    /key "constructor" is not allowed/,
  ],
  [
    "__proto__ key from JSON.parse at the top level",
    "connection",
    JSON.parse(JSON.stringify(s3Connection("A")).replace("{", '{"__proto__":{"x":1},')),
    "__proto__",
    /key "__proto__" is not allowed/,
  ],
  [
    "__proto__ key inside a job",
    "integration",
    integration({ jobs: [JSON.parse('{"__proto__":{"file":"x"}}')] }),
    "jobs[0].__proto__",
    /key "__proto__" is not allowed/,
  ],
  [
    // What the engine's protobuf decoder makes of a __proto__ key: the key is gone and the
    // object's prototype is swapped.
    "__proto__ key that arrived as a swapped prototype",
    "run",
    { integrationId: CONNECTION_ID, triggers: Object.setPrototypeOf({ file: "v1" }, { x: "1" }) },
    "triggers.__proto__",
    /must not contain the key "__proto__"/,
  ],
];

const providers: Record<Row[1], pulumi.dynamic.ResourceProvider> = {
  connection: new ConnectionProvider(),
  integration: new IntegrationProvider(),
  flow: new FlowProvider(),
  run: new RunProvider(),
};

/**
 * The failure reported for a property. A failure of a top-level input comes without a property
 * (the engine would echo the raw value, a secret included) and names it at the start of its
 * reason instead; nested paths keep theirs. See FailureCollector.engineSafe.
 */
function failureFor(
  failures: pulumi.dynamic.CheckFailure[],
  property: string,
): pulumi.dynamic.CheckFailure | undefined {
  return failures.find(
    (f) => f.property === property || (f.property === "" && f.reason.startsWith(property)),
  );
}

// The tests build on each other: the last of each block asserts that none of them called the API.
const harness = useProviderHarness({}, { emptyTenantEachTest: false });

describe("check rejects invalid input before any API call", () => {
  it("has a catalogue of at least 40 distinct invalid inputs", () => {
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
    expect(rows.length).toBeGreaterThanOrEqual(40);
  });

  it.each(rows)("%s", async (_title, kind, inputs, property, reason) => {
    const result = await providers[kind].check!({}, inputs);
    const failure = failureFor(result.failures ?? [], property);
    expect(failure).toBeDefined();
    expect(failure!.reason).toMatch(reason);
    // The message names the property so a user can find it in their program.
    expect(failure!.reason).toContain(property.replace(/\[\d+\]$/, ""));
  });

  it("made no request to the API while checking", () => {
    expect(totalRequests(harness.emulator)).toBe(0);
  });
});

describe("check accepts valid input and tolerates unknowns during preview", () => {
  it("accepts each connection type, job type and schedule type", async () => {
    const valid: [keyof typeof providers, Record<string, unknown>][] = [
      [
        "connection",
        s3Connection("Landing S3", { roleArn: "arn:aws:iam::123456789012:role/cloudworks" }),
      ],
      ["connection", azure("sv=1")],
      ["connection", bigQuery(googleKey())],
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

describe("check messages are safe to print", () => {
  it("escapes control characters and shortens long values it echoes", async () => {
    const hostile = "Landing\u0000\n\u001b[2J\u001b]0;pwned\u0007" + "x".repeat(1_000_000);
    const result = await providers.connection.check!({}, s3Connection(hostile));
    const failure = failureFor(result.failures ?? [], "name");
    expect(failure).toBeDefined();
    // One short line: no raw NUL, newline, ESC or BEL reaches the terminal, and a 1 MB name
    // is cut to 80 characters with its length noted.
    expect(failure!.reason).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(failure!.reason).toContain('"Landing\\u0000\\n\\u001b[2J');
    expect(failure!.reason).toContain(`…(${hostile.length} chars)`);
    expect(failure!.reason.length).toBeLessThan(400);
  });

  it("escapes control characters in property paths built from user keys", async () => {
    const result = await providers.run.check!(
      {},
      { integrationId: CONNECTION_ID, triggers: { "a\u001b[31m": { x: 1 } } },
    );
    const reasons = (result.failures ?? []).map((f) => `${f.property} ${f.reason}`).join("\n");
    expect(reasons).toContain('triggers["a\\u001b[31m"]');
    expect(reasons).not.toMatch(/\u001b/);
  });

  it("never lets the engine echo a top-level value (a secret, a long name, a list of jobs)", async () => {
    // The engine prints `property P value V` with V the raw top-level input under P (a secret
    // in clear), so top-level failures carry no property; the reason still names it first.
    const cases: [keyof typeof providers, Record<string, unknown>, string][] = [
      ["connection", s3Connection("A", { secretAccessKey: 12345 }), "secretAccessKey"],
      ["connection", azure(["sv=1"]), "sasToken"],
      ["connection", bigQuery("{not json"), "serviceAccountKey"],
      ["connection", bigQuery(googleKey({ private_key: "not pem" })), "serviceAccountKey"],
      ["connection", s3Connection("x".repeat(200)), "name"],
      // A misspelt secret is an unknown property holding a secret.
      ["connection", s3Connection("A", { secretAcessKey: "s3cr3t" }), "secretAcessKey"],
      ["connection", s3Connection("A", { bucketName: "Acme" }), "bucketName"],
      ["integration", processJobs(101), "jobs"],
    ];
    for (const [kind, inputs, property] of cases) {
      const failures = (await providers[kind].check!({}, inputs)).failures ?? [];
      expect(failures.filter((f) => f.property === property)).toEqual([]);
      expect(failures.some((f) => f.property === "" && f.reason.startsWith(property))).toBe(true);
    }
    // Nested paths are no keys of the inputs (the engine echoes nothing): they keep the property.
    const nested = await providers.integration.check!(
      {},
      integration({ jobs: [{ ...importJob, file: "/abs.csv" }] }),
    );
    expect(nested.failures?.map((f) => f.property)).toEqual(["jobs[0].file"]);
  });

  it("never echoes a secret's value in its own message", async () => {
    const secret = "wJalrXUtnFEMI-SECRET-VALUE";
    const key = googleKey({ private_key: secret });
    const results = [
      await providers.connection.check!({}, bigQuery(key)),
      await providers.connection.check!({}, bigQuery(JSON.stringify(key).slice(0, -1))),
      await providers.connection.check!({}, azure({ token: secret })),
    ];
    for (const result of results) {
      expect(result.failures?.length).toBeGreaterThan(0);
      expect(JSON.stringify(result.failures)).not.toContain("SECRET-VALUE");
    }
  });
});

describe("the new rules accept what is valid and never judge unknowns", () => {
  it("accepts dotted buckets, any 12-digit file ID, 100 process jobs and string triggers", async () => {
    const valid: [keyof typeof providers, Record<string, unknown>][] = [
      ["connection", s3Connection("A", { bucketName: "acme.landing.eu" })],
      ["connection", bigQuery(JSON.stringify(googleKey()))],
      ["integration", integration({ jobs: [{ ...importJob, fileId: "112000000001" }] })],
      ["integration", integration({ jobs: [{ ...importJob, file: "a/b..c/accounts.csv" }] })],
      ["integration", processJobs(100)],
      ["run", { flowId: CONNECTION_ID, triggers: { file: "etag-1", date: "2027-01-01" } }],
    ];
    for (const [kind, inputs] of valid) {
      const result = await providers[kind].check!({}, inputs);
      expect({ kind, failures: result.failures }).toEqual({ kind, failures: [] });
    }
  });

  it("skips unknown secrets, paths, bucket names and trigger values during preview", async () => {
    const unknowns: [keyof typeof providers, Record<string, unknown>][] = [
      ["connection", s3Connection("A", { bucketName: UNKNOWN, secretAccessKey: UNKNOWN })],
      ["connection", azure(UNKNOWN)],
      ["connection", bigQuery(UNKNOWN)],
      ["connection", bigQuery(googleKey({ private_key: UNKNOWN }))],
      ["integration", integration({ jobs: [{ ...importJob, file: UNKNOWN, fileId: UNKNOWN }] })],
      ["integration", integration({ processId: "118000000001", jobs: UNKNOWN })],
      ["run", { integrationId: UNKNOWN, triggers: { file: UNKNOWN } }],
      ["run", { integrationId: CONNECTION_ID, triggers: UNKNOWN }],
    ];
    for (const [kind, inputs] of unknowns) {
      const result = await providers[kind].check!({}, inputs);
      expect({ kind, inputs, failures: result.failures }).toEqual({ kind, inputs, failures: [] });
    }
  });

  it("made no request to the API while checking any of these", () => {
    expect(totalRequests(harness.emulator)).toBe(0);
  });
});
