/** Test hooks, the admin API, request counts, persistence and the CLI's flags. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/cliArgs";
import {
  Api,
  dailySchedule,
  exportIntegration,
  importIntegration,
  login,
  request,
  s3Connection,
  startWithApi,
  uniqueName,
  useEmulatorWithApi,
  waitForRun,
} from "./support";

describe("state hooks", () => {
  const harness = useEmulatorWithApi();

  it("shows out-of-band edits and deletions, as if made in the UI", async () => {
    const connectionId = await harness.api.createConnection(s3Connection());
    const integrationId = await harness.api.createIntegration(importIntegration(connectionId));
    harness.emu.state.connections[connectionId].body.bucketName = "edited-in-ui";
    harness.emu.state.connections[connectionId].status = 0;
    harness.emu.state.connections[connectionId].integrationErrorCode = 4;
    const listed = (await harness.api.get("/integrations/connections")).json.connections[0];
    expect(listed).toMatchObject({
      body: { bucketName: "edited-in-ui" },
      status: 0,
      integrationErrorCode: 4,
    });

    harness.emu.state.integrations[integrationId].name = "Renamed_in_UI";
    expect((await harness.api.get(`/integrations/${integrationId}`)).json.integration.name).toBe(
      "Renamed_in_UI",
    );

    delete harness.emu.state.connections[connectionId];
    const source = (await harness.api.get(`/integrations/${integrationId}`)).json.integration
      .jobs[0].sources[0];
    expect(source).toMatchObject({ connectionId, isConnectionDeleted: true, connectionName: null });

    delete harness.emu.state.integrations[integrationId];
    expect((await harness.api.get(`/integrations/${integrationId}`)).status).toBe(404);
  });

  it("counts requests per route template and resets the counts", async () => {
    harness.emu.resetCounts();
    const token = await login(harness.emu);
    const counted = new Api(harness.emu, token);
    const connectionId = await counted.createConnection();
    await counted.get("/integrations/connections");
    await counted.get("/integrations/connections");
    await counted.patch(`/integrations/connections/${connectionId}`, {
      bucketName: "counted-bucket",
    });
    await new Api(harness.emu, token, "/1/0").get("/integrations");
    await counted.get("/nowhere");
    expect(harness.emu.requestCounts()).toEqual({
      "POST /token/authenticate": 1,
      "POST /2/0/integrations/connections": 1,
      "GET /2/0/integrations/connections": 2,
      "PATCH /2/0/integrations/connections/{id}": 1,
      "GET /1/0/integrations": 1,
      "GET /2/0/nowhere": 1,
    });
    await counted.post(`/integrations/${connectionId}/schedule/status/enabled`);
    expect(
      harness.emu.requestCounts()["POST /2/0/integrations/{id}/schedule/status/{status}"],
    ).toBe(1);
    harness.emu.resetCounts();
    expect(harness.emu.requestCounts()).toEqual({});
  });

  it("reset() empties the tenant but keeps tokens valid", async () => {
    await harness.api.createConnection();
    harness.emu.reset();
    expect(harness.emu.state).toEqual({
      connections: {},
      integrations: {},
      integrationFlows: {},
      notifications: {},
      runs: {},
    });
    const reply = await harness.api.get("/integrations/connections");
    expect(reply.status).toBe(200);
    expect(reply.json.connections).toEqual([]);
  });
});

describe("admin API", () => {
  const harness = useEmulatorWithApi();

  const admin = (method: string, path: string, body?: unknown) =>
    request(`${harness.emu.url}/__emulator${path}`, method, { body });

  it("reads and replaces state, reads and clears counts, resets the tenant", async () => {
    const connectionId = await harness.api.createConnection();
    const state = await admin("GET", "/state");
    expect(state.status).toBe(200);
    expect(Object.keys(state.json.connections)).toEqual([connectionId]);

    state.json.connections[connectionId].body.bucketName = "changed-by-admin";
    expect((await admin("PUT", "/state", state.json)).status).toBe(200);
    expect(
      (await harness.api.get("/integrations/connections")).json.connections[0].body.bucketName,
    ).toBe("changed-by-admin");

    const counts = await admin("GET", "/counts");
    expect(counts.json["GET /2/0/integrations/connections"]).toBe(1);
    // Admin calls are not counted.
    expect(Object.keys(counts.json).some((key) => key.includes("__emulator"))).toBe(false);
    await admin("DELETE", "/counts");
    expect((await admin("GET", "/counts")).json).toEqual({});

    expect((await admin("POST", "/reset")).json).toEqual({ ok: true });
    expect(harness.emu.state.connections).toEqual({});
    expect((await admin("GET", "/nope")).status).toBe(404);
  });

  it("sets and clears run outcomes and expires tokens", async () => {
    const integrationId = await harness.api.createIntegration(
      importIntegration(await harness.api.createConnection()),
    );
    expect((await admin("POST", `/run-outcomes/${integrationId}`, { success: "no" })).status).toBe(
      400,
    );
    const set = await admin("POST", `/run-outcomes/${integrationId}`, {
      success: false,
      message: "Broken by admin",
      executionErrorCode: 39,
    });
    expect(set.status).toBe(200);
    const runId = (await harness.api.post(`/integrations/${integrationId}/run`)).json.run.id;
    expect((await waitForRun(harness.api, runId)).json.run).toMatchObject({
      success: false,
      message: "Broken by admin",
      executionErrorCode: 39,
    });
    await admin("DELETE", `/run-outcomes/${integrationId}`);
    const second = (await harness.api.post(`/integrations/${integrationId}/run`)).json.run.id;
    expect((await waitForRun(harness.api, second)).json.run.success).toBe(true);

    expect((await admin("POST", "/expire-tokens")).status).toBe(200);
    expect((await harness.api.get("/integrations")).status).toBe(401);
  });
});

describe("persistence", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cw-emulator-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps the tenant across two emulators sharing a state file", async () => {
    const stateFile = join(dir, "tenant.json");
    const first = await startWithApi({ stateFile });
    const connectionId = await first.api.createConnection();
    const name = uniqueName("Persisted");
    const integrationId = await first.api.createIntegration(importIntegration(connectionId, name));
    await first.api.post(`/integrations/${integrationId}/schedule`, dailySchedule(integrationId));
    const runId = (await first.api.post(`/integrations/${integrationId}/run`)).json.run.id;
    await waitForRun(first.api, runId);
    await first.emu.stop();

    // Written atomically: only the final file is left, private to the owner.
    expect(readdirSync(dir)).toEqual(["tenant.json"]);
    expect(statSync(stateFile).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(stateFile, "utf8")).format).toBe(1);

    const second = await startWithApi({ stateFile });
    try {
      const detail = (await second.api.get(`/integrations/${integrationId}`)).json.integration;
      expect(detail).toMatchObject({
        name,
        schedule: { type: "daily" },
        latestRun: { success: true },
      });
      expect(
        (await second.api.get(`/integrations/runs/${integrationId}?offset=0&limit=5`)).json
          .history_of_runs.totalRuns,
      ).toBe(1);
      const otherId = await second.api.createIntegration(exportIntegration(connectionId));
      expect(
        JSON.parse(readFileSync(stateFile, "utf8")).tenant.integrations[otherId],
      ).toBeDefined();
    } finally {
      await second.emu.stop();
    }
  });

  it("lets two running emulators see each other's writes, and saveState persists hook edits", async () => {
    const stateFile = join(dir, "shared.json");
    const a = await startWithApi({ stateFile });
    const b = await startWithApi({ stateFile });
    try {
      const connectionId = await a.api.createConnection();
      const listed = (await b.api.get("/integrations/connections")).json.connections;
      expect(listed.map((c: { connectionId: string }) => c.connectionId)).toEqual([connectionId]);
      await b.api.patch(`/integrations/connections/${connectionId}`, {
        bucketName: "written-by-b",
      });
      expect(
        (await a.api.get("/integrations/connections")).json.connections[0].body.bucketName,
      ).toBe("written-by-b");

      a.emu.state.connections[connectionId].body.bucketName = "hook-edit";
      a.emu.saveState();
      expect(
        (await b.api.get("/integrations/connections")).json.connections[0].body.bucketName,
      ).toBe("hook-edit");
    } finally {
      await a.emu.stop();
      await b.emu.stop();
    }
  });

  it("finishes runs left running by a stopped emulator", async () => {
    const stateFile = join(dir, "orphans.json");
    const first = await startWithApi({ stateFile, runDurationMs: 60_000 });
    const integrationId = await first.api.createIntegration(
      importIntegration(await first.api.createConnection()),
    );
    const runId = (await first.api.post(`/integrations/${integrationId}/run`)).json.run.id;
    await first.emu.stop();
    const second = await startEmulator({ stateFile, runDurationMs: 0 });
    try {
      const api = new Api(second, await login(second));
      expect((await waitForRun(api, runId)).json.run.success).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it("refuses a file that is not a state file", async () => {
    const stateFile = join(dir, "garbage.json");
    writeFileSync(stateFile, JSON.stringify({ hello: "world" }));
    await expect(startEmulator({ stateFile })).rejects.toThrow(
      /not a cloudworks-emulator state file/,
    );
  });
});

describe("command line", () => {
  const read = (path: string) => `PEM from ${path}`;

  it("parses every flag, repeatable ones included", () => {
    expect(
      parseCliArgs(
        [
          "--port",
          "4010",
          "--state-file=/tmp/tenant.json",
          "--user",
          "a@example.com:pa:ss",
          "--user=b@example.com:pw",
          "--latency-ms",
          "5",
          "--token-lifetime-ms",
          "1000",
          "--ca-cert",
          "ca1.pem",
          "--ca-cert",
          "ca2.pem",
          "--run-duration-ms",
          "10",
          "--verbose",
        ],
        read,
      ),
    ).toEqual({
      help: false,
      verbose: true,
      inMemory: false,
      options: {
        port: 4010,
        stateFile: "/tmp/tenant.json",
        users: [
          { username: "a@example.com", password: "pa:ss" },
          { username: "b@example.com", password: "pw" },
        ],
        latencyMs: 5,
        tokenLifetimeMs: 1000,
        trustedCaCertificates: ["PEM from ca1.pem", "PEM from ca2.pem"],
        runDurationMs: 10,
      },
    });
    expect(parseCliArgs(["--help"], read)).toEqual({ help: true });
  });

  it("defaults to port 4010 and a state file in the working directory, or --in-memory", () => {
    expect(parseCliArgs([], read)).toEqual({
      help: false,
      verbose: false,
      inMemory: false,
      options: { port: 4010, stateFile: ".cloudworks-emulator/tenant.json" },
    });
    expect(parseCliArgs(["--in-memory", "--port=0"], read)).toEqual({
      help: false,
      verbose: false,
      inMemory: true,
      options: { port: 0 },
    });
  });

  it.each([
    [["--port", "abc"], /whole number/],
    [["--port", "70000"], /65535/],
    [["--user", "nopassword"], /NAME:PASSWORD/],
    [["--state-file"], /needs a value/],
    [["--bogus"], /unknown argument/],
    [["--in-memory", "--state-file", "t.json"], /exclude each other/],
    [["--state-file="], /needs a file name/],
  ])("rejects %j", (argv, message) => {
    expect(() => parseCliArgs(argv, read)).toThrow(message);
  });
});
