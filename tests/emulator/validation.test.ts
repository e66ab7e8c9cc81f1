/** The bad-request catalogue: each case asserts the reference's status code and exact message. */
import { startEmulator } from "../../emulator";
import {
  Api,
  azureConnection,
  bigQueryConnection,
  dailySchedule,
  DEMO,
  exportIntegration,
  flowBody,
  importIntegration,
  integrationWith,
  login,
  MODEL_ID,
  OTHER_WORKSPACE_ID,
  processIntegration,
  request,
  s3Connection,
  startWithApi,
  uniqueName,
  useEmulatorWithApi,
} from "./support";

interface Fixtures {
  s3: string;
  s3Name: string;
  scoped: string;
  bq: string;
  integration: string;
  integrationName: string;
  flowStep: string;
  idle: string;
  guid: string;
}

interface BadRequest {
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
}

const INVALID_BODY = "Invalid request body";
const SCHEMA = "Integration payload is not compliant with the schema";
const UNKNOWN = "0123456789abcdef0123456789abcdef";

function withJob(
  base: Record<string, unknown>,
  change: (job: Record<string, unknown>) => void,
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(base)) as { jobs: Record<string, unknown>[] };
  change(copy.jobs[0]);
  return copy;
}

/** A POST of a daily schedule on the idle integration, with `extra` changing its fields. */
const newSchedule =
  (extra: Record<string, unknown>) =>
  (f: Fixtures): BadRequest => ({
    method: "POST",
    path: `/integrations/${f.idle}/schedule`,
    body: dailySchedule(f.idle, extra),
  });

/** A POST of an email notification config for `integrationIds` with one `config` entry. */
function emailNotification(integrationIds: string[], config: Record<string, unknown>): BadRequest {
  return {
    method: "POST",
    path: "/integrations/notification",
    body: { integrationIds, channels: ["email"], notifications: { config: [config] } },
  };
}

const catalogue: [
  string,
  (f: Fixtures) => BadRequest,
  number,
  string | ((f: Fixtures) => string),
][] = [
  [
    "malformed JSON",
    () => ({ method: "POST", path: "/integrations/connections", raw: "{not json" }),
    400,
    INVALID_BODY,
  ],
  [
    "a JSON array as body",
    () => ({ method: "POST", path: "/integrations/connections", body: [] }),
    400,
    INVALID_BODY,
  ],
  [
    "an unknown connection type",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: { type: "Dropbox", body: { name: "x" } },
    }),
    400,
    "Invalid connection type",
  ],
  [
    "an S3 connection without secretAccessKey",
    () => {
      const body = s3Connection() as { body: Record<string, unknown> };
      delete body.body.secretAccessKey;
      return { method: "POST", path: "/integrations/connections", body };
    },
    400,
    INVALID_BODY,
  ],
  [
    "an Azure connection without an auth method",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: azureConnection(uniqueName("Az"), { auth_method: undefined }),
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a 61-character name",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: s3Connection("a".repeat(61)),
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a name with a special character",
    () => ({ method: "POST", path: "/integrations/connections", body: s3Connection("bad/name") }),
    400,
    INVALID_BODY,
  ],
  [
    "a name ending with a space",
    () => ({ method: "POST", path: "/integrations/connections", body: s3Connection("trailing ") }),
    400,
    INVALID_BODY,
  ],
  [
    "a duplicate connection name",
    (f) => ({ method: "POST", path: "/integrations/connections", body: s3Connection(f.s3Name) }),
    400,
    "Duplicate resource name not allowed",
  ],
  [
    "S3 credentials the emulator treats as invalid",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: s3Connection(uniqueName("S3"), { accessKeyId: "INVALID-KEY" }),
    }),
    400,
    "Credentials are invalid",
  ],
  [
    "an Azure SAS token the emulator treats as invalid",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: azureConnection(uniqueName("Az"), { sasToken: "INVALID-sas" }),
    }),
    400,
    "Credentials are invalid",
  ],
  [
    "a malformed role ARN",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: s3Connection(uniqueName("S3"), { roleArn: "not-an-arn" }),
    }),
    400,
    "Role arn is invalid",
  ],
  [
    "an invalid bucket name",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: s3Connection(uniqueName("S3"), { bucketName: "Bad_Bucket" }),
    }),
    400,
    "Bucket name is invalid",
  ],
  [
    "a malformed connection workspaceId",
    () => ({
      method: "POST",
      path: "/integrations/connections",
      body: s3Connection(uniqueName("S3"), { workspaceId: "8A80DB65" }),
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a PUT with only a name",
    (f) => ({
      method: "PUT",
      path: `/integrations/connections/${f.s3}`,
      body: { name: "Only_name" },
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a PUT with a different type",
    (f) => ({ method: "PUT", path: `/integrations/connections/${f.s3}`, body: azureConnection() }),
    400,
    "Invalid connection type",
  ],
  [
    "an empty PATCH",
    (f) => ({ method: "PATCH", path: `/integrations/connections/${f.s3}`, body: {} }),
    400,
    INVALID_BODY,
  ],
  [
    "a PUT of an unknown connection",
    () => ({
      method: "PUT",
      path: `/integrations/connections/${UNKNOWN}`,
      body: s3Connection().body,
    }),
    404,
    "Resource not found",
  ],
  [
    "deleting a referenced connection",
    (f) => ({ method: "DELETE", path: `/integrations/connections/${f.s3}` }),
    409,
    "The resource is being referenced",
  ],
  [
    "an import with two jobs",
    (f) => {
      const body = importIntegration(f.s3) as { jobs: unknown[] };
      body.jobs.push(body.jobs[0]);
      return { method: "POST", path: "/integrations", body };
    },
    409,
    "Only a single job is supported by import/export integration",
  ],
  [
    "an import with no job",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: importIntegration(f.s3, uniqueName(), { jobs: [] }),
    }),
    409,
    "Only a single job is supported by import/export integration",
  ],
  [
    "a job whose source type does not match its job type",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: withJob(importIntegration(f.s3), (job) => (job.type = "AzureBlobToAnaplan")),
    }),
    400,
    SCHEMA,
  ],
  [
    "an import without fileId",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: withJob(
        importIntegration(f.s3),
        (job) => delete (job.targets as Record<string, unknown>[])[0].fileId,
      ),
    }),
    400,
    SCHEMA,
  ],
  [
    "a BigQuery export without mapping",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: integrationWith(
        [
          {
            type: "AnaplanToGoogleBigQuery",
            sources: [{ type: "Anaplan", actionId: "116000000053" }],
            targets: [{ type: "GoogleBigQuery", connectionId: f.bq, table: "t" }],
          },
        ],
        uniqueName(),
      ),
    }),
    400,
    SCHEMA,
  ],
  [
    "an import naming an export action",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: withJob(
        importIntegration(f.s3),
        (job) => ((job.targets as Record<string, unknown>[])[0].actionId = "116000000011"),
      ),
    }),
    400,
    "Action(s) you included, 116000000011 are not defined in your Anaplan model.",
  ],
  [
    "an export naming an import action",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: withJob(
        exportIntegration(f.s3),
        (job) => ((job.sources as Record<string, unknown>[])[0].actionId = "112000000011"),
      ),
    }),
    400,
    "Action(s) you included, 112000000011 are not defined in your Anaplan model.",
  ],
  [
    "a processId that is not a process",
    () => ({
      method: "POST",
      path: "/integrations",
      body: { ...processIntegration(), processId: "117000000001" },
    }),
    400,
    "Action(s) you included, 117000000001 are not defined in your Anaplan model.",
  ],
  [
    "a job on an unknown connection",
    () => ({ method: "POST", path: "/integrations", body: importIntegration(UNKNOWN) }),
    404,
    "Invalid connection_id",
  ],
  [
    "an integration outside its connection's workspace",
    (f) => ({ method: "POST", path: "/integrations", body: importIntegration(f.scoped) }),
    400,
    "User does not have access to workspace",
  ],
  [
    "a malformed workspaceId",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: importIntegration(f.s3, uniqueName(), { workspaceId: "nothex" }),
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a lowercase modelId",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: importIntegration(f.s3, uniqueName(), { modelId: MODEL_ID.toLowerCase() }),
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a v2 body without version",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: importIntegration(f.s3, uniqueName(), { version: undefined }),
    }),
    400,
    INVALID_BODY,
  ],
  [
    "a v1 version on /2/0",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: importIntegration(f.s3, uniqueName(), { version: "1.0" }),
    }),
    400,
    "This API version is not supported for this request",
  ],
  [
    "a duplicate integration name",
    (f) => ({
      method: "POST",
      path: "/integrations",
      body: importIntegration(f.s3, f.integrationName),
    }),
    400,
    "Duplicate resource name not allowed",
  ],
  [
    "reading an unknown integration",
    () => ({ method: "GET", path: `/integrations/${UNKNOWN}` }),
    404,
    "Resource not found",
  ],
  [
    "reading an unknown run",
    () => ({ method: "GET", path: `/integrations/run/${UNKNOWN}` }),
    404,
    "Resource not found",
  ],
  [
    "deleting an integration used by a flow",
    (f) => ({ method: "DELETE", path: `/integrations/${f.flowStep}` }),
    409,
    "The resource is being referenced",
  ],
  [
    "cancelling an idle integration",
    (f) => ({ method: "POST", path: `/integrations/${f.idle}/cancel` }),
    409,
    (f) => `Integration ${f.idle} is not in running state`,
  ],
  [
    "a second schedule",
    (f) => ({
      method: "POST",
      path: `/integrations/${f.integration}/schedule`,
      body: dailySchedule(f.integration),
    }),
    400,
    "Only a single schedule is supported per integration",
  ],
  [
    "a schedule PUT without integrationId",
    (f) => {
      const { schedule } = dailySchedule(f.integration);
      return { method: "PUT", path: `/integrations/${f.integration}/schedule`, body: { schedule } };
    },
    400,
    "Invalid value for integration_id",
  ],
  [
    "a timezone outside the list",
    newSchedule({ timezone: "Mars/Olympus" }),
    400,
    "Invalid Schedule",
  ],
  [
    "a weekly schedule without daysOfWeek",
    newSchedule({ type: "weekly" }),
    400,
    "Invalid Schedule",
  ],
  ["an impossible date", newSchedule({ startDate: "2030-02-30" }), 400, "Invalid Schedule"],
  ["a time that is not HH:MM", newSchedule({ time: "25:00" }), 400, "Invalid Schedule"],
  [
    "an hourly schedule without repeatEvery",
    newSchedule({
      type: "hourly",
      fromTime: "08:00",
      toTime: "18:00",
      daysOfWeek: [1],
    }),
    400,
    "Invalid Schedule",
  ],
  [
    "six users for one notification type",
    (f) => emailNotification([f.idle], { type: "success", users: Array(6).fill(f.guid) }),
    400,
    INVALID_BODY,
  ],
  [
    "an empty users list",
    (f) => emailNotification([f.idle], { type: "success", users: [] }),
    400,
    INVALID_BODY,
  ],
  [
    "an unknown notification type",
    (f) => emailNotification([f.idle], { type: "sometimes", users: [f.guid] }),
    400,
    INVALID_BODY,
  ],
  [
    "two integrationIds in one notification",
    (f) => emailNotification([f.idle, f.integration], { type: "success", users: [f.guid] }),
    400,
    INVALID_BODY,
  ],
  [
    "a second notification config for an integration",
    (f) => emailNotification([f.idle], { type: "success", users: [f.guid] }),
    400,
    "Duplicate resource name not allowed",
  ],
  [
    "a flow with one enabled step",
    (f) => {
      const body = flowBody([f.idle, f.integration]) as { steps: Record<string, unknown>[] };
      body.steps[1].isSkipped = true;
      return { method: "POST", path: "/integrationflows", body };
    },
    400,
    "Integration flow has to have at least two enabled steps.",
  ],
  [
    "a flow step on an unknown integration",
    (f) => ({ method: "POST", path: "/integrationflows", body: flowBody([f.idle, UNKNOWN]) }),
    404,
    "Resource not found",
  ],
  [
    // Without offset and limit the history is served with defaults (live clients call it so).
    "run history with a malformed offset",
    (f) => ({ method: "GET", path: `/integrations/runs/${f.idle}?offset=first&limit=5` }),
    400,
    "offset",
  ],
  ["a non-numeric limit", () => ({ method: "GET", path: "/integrations?limit=abc" }), 400, "limit"],
  [
    "an unknown sortBy",
    () => ({ method: "GET", path: "/integrations?sortBy=date" }),
    400,
    "sortBy",
  ],
];

describe("bad-request catalogue", () => {
  const harness = useEmulatorWithApi();
  const fixtures = {} as Fixtures;

  beforeAll(async () => {
    fixtures.s3Name = uniqueName("Taken");
    fixtures.s3 = await harness.api.createConnection(s3Connection(fixtures.s3Name));
    fixtures.scoped = await harness.api.createConnection(
      s3Connection(uniqueName("Scoped"), { workspaceId: OTHER_WORKSPACE_ID }),
    );
    fixtures.bq = await harness.api.createConnection(bigQueryConnection());
    fixtures.integrationName = uniqueName("Existing");
    fixtures.integration = await harness.api.createIntegration(
      importIntegration(fixtures.s3, fixtures.integrationName),
    );
    fixtures.flowStep = await harness.api.createIntegration(exportIntegration(fixtures.s3));
    fixtures.idle = await harness.api.createIntegration(importIntegration(fixtures.s3));
    await harness.api.createFlow(flowBody([fixtures.integration, fixtures.flowStep]));
    await harness.api.post(
      `/integrations/${fixtures.integration}/schedule`,
      dailySchedule(fixtures.integration),
    );
    fixtures.guid = harness.emu.users[0].userGuid;
  });

  it("has at least 25 distinct cases", () => {
    expect(new Set(catalogue.map(([label]) => label)).size).toBe(catalogue.length);
    expect(catalogue.length).toBeGreaterThanOrEqual(25);
  });

  it.each(catalogue)("refuses %s", async (_label, make, status, message) => {
    const bad = make(fixtures);
    const before = JSON.stringify(harness.emu.state);
    const reply = await request(`${harness.emu.url}/2/0${bad.path}`, bad.method, {
      body: bad.body,
      raw: bad.raw,
      headers: { Authorization: `AnaplanAuthToken ${harness.api.token}` },
    });
    expect(reply.status).toBe(status);
    expect(reply.json).toEqual({
      status: {
        code: status,
        message: typeof message === "function" ? message(fixtures) : message,
      },
      path: `/2/0${bad.path.split("?")[0]}`,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    // A refused request changes nothing.
    expect(JSON.stringify(harness.emu.state)).toBe(before);
  });

  it("answers unrouted paths with nginx's HTML 404", async () => {
    for (const path of ["/2/0/nothing", "/3/0/integrations", "/2/0/integrations/connections/x/y"]) {
      const reply = await request(`${harness.emu.url}${path}`, "GET", {
        headers: { Authorization: `AnaplanAuthToken ${harness.api.token}` },
      });
      expect(reply.status).toBe(404);
      expect(reply.headers.get("content-type")).toBe("text/html");
      expect(reply.text).toContain("<center>nginx</center>");
    }
  });
});

describe("configurable statuses and limits", () => {
  it("answers duplicates with 500 when duplicateNameStatus is 500", async () => {
    const emu = await startEmulator({ duplicateNameStatus: 500 });
    try {
      const api = new Api(emu, await login(emu, DEMO));
      const name = uniqueName("Dup");
      await api.createConnection(s3Connection(name));
      const reply = await api.post("/integrations/connections", s3Connection(name));
      expect(reply.status).toBe(500);
      expect(reply.json.status).toEqual({
        code: 500,
        message: "Duplicate resource name not allowed",
      });
    } finally {
      await emu.stop();
    }
  });

  it("caps integrations plus flows per tenant with 409 and reports the counts", async () => {
    const { emu, api } = await startWithApi({ maxIntegrations: 3 });
    try {
      const connection = await api.createConnection();
      const a = await api.createIntegration(importIntegration(connection));
      const b = await api.createIntegration(importIntegration(connection));
      await api.createFlow(flowBody([a, b]));
      const reply = await api.post("/integrations", importIntegration(connection));
      expect(reply.status).toBe(409);
      expect(reply.json.status.message).toBe("Total number of integrations exceeded the limit");
      const flow = await api.post("/integrationflows", flowBody([a, b]));
      expect(flow.status).toBe(409);
      const list = await api.get("/integrations");
      expect(list.json.meta).toMatchObject({ tenantCurrentCount: 3, tenantMaxAllowed: 3 });
    } finally {
      await emu.stop();
    }
  });
});
