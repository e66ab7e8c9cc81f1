/** Happy paths of every endpoint in §3, with the exact success envelopes. */
import {
  Api,
  azureConnection,
  bigQueryConnection,
  dailySchedule,
  exportIntegration,
  flowBody,
  importIntegration,
  integrationWith,
  MODEL_ID,
  processIntegration,
  request,
  s3Connection,
  uniqueName,
  useEmulatorWithApi,
  waitForRun,
  WORKSPACE_ID,
} from "./support";

const SUCCESS = { code: 200, message: "Success" };
const HEX32 = /^[0-9a-f]{32}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("CloudWorks endpoints", () => {
  const harness = useEmulatorWithApi();

  describe("connections (C1–C5)", () => {
    it("C1 creates each connection type and returns connections.connectionId", async () => {
      for (const body of [s3Connection(), azureConnection(), bigQueryConnection()]) {
        const reply = await harness.api.post("/integrations/connections", body);
        expect(reply.status).toBe(200);
        expect(reply.json).toEqual({
          status: SUCCESS,
          connections: { connectionId: expect.stringMatching(HEX32) },
        });
      }
    });

    it("C1 accepts Azure authMethod in camelCase too, and a workspaceId", async () => {
      const body = azureConnection(uniqueName("AzCamel"), {
        auth_method: undefined,
        authMethod: "SAS-based",
        workspaceId: WORKSPACE_ID,
      });
      const id = await harness.api.createConnection(body);
      expect(harness.emu.state.connections[id]).toMatchObject({
        authMethod: "SAS-based",
        workspaceId: WORKSPACE_ID,
      });
    });

    it("C2 lists connections in the §4.3 shape", async () => {
      const name = uniqueName("Listed");
      const id = await harness.api.createConnection(
        s3Connection(name, { roleArn: "arn:aws:iam::123456789012:role/cloudworks" }),
      );
      const reply = await harness.api.get("/integrations/connections");
      expect(reply.status).toBe(200);
      expect(reply.json.status).toEqual(SUCCESS);
      const item = reply.json.connections.find(
        (c: { connectionId: string }) => c.connectionId === id,
      );
      expect(item).toEqual({
        connectionId: id,
        connectionType: "AmazonS3",
        body: { name, bucketName: "landing-bucket" },
        creationDate: expect.stringMatching(ISO),
        modificationDate: expect.stringMatching(ISO),
        createdBy: "Demo User",
        modifiedBy: "Demo User",
        status: 1,
        integrationErrorCode: null,
        workspaceId: null,
        authMethod: null,
      });
      expect(reply.json.meta.paging).toEqual({
        currentPageSize: reply.json.connections.length,
        totalSize: Object.keys(harness.emu.state.connections).length,
        offset: 0,
      });
      expect(reply.json.meta.schema).toContain("/integrations/objects/connections");
    });

    it("C3 replaces a connection with a full bare body or {type, body}", async () => {
      const id = await harness.api.createConnection();
      const renamed = uniqueName("Renamed");
      const bare = {
        name: renamed,
        accessKeyId: "AKIANEW",
        secretAccessKey: "new-secret",
        bucketName: "other-bucket",
      };
      expect((await harness.api.put(`/integrations/connections/${id}`, bare)).json).toEqual({
        status: SUCCESS,
      });
      expect(harness.emu.state.connections[id].body).toEqual(bare);
      const wrapped = { type: "AmazonS3", body: { ...bare, bucketName: "third-bucket" } };
      expect((await harness.api.put(`/integrations/connections/${id}`, wrapped)).status).toBe(200);
      expect(harness.emu.state.connections[id].body.bucketName).toBe("third-bucket");
    });

    it("C4 patches a subset of fields, bare or as {body}", async () => {
      const id = await harness.api.createConnection();
      const name = uniqueName("Patched");
      expect((await harness.api.patch(`/integrations/connections/${id}`, { name })).json).toEqual({
        status: SUCCESS,
      });
      expect(
        (
          await harness.api.patch(`/integrations/connections/${id}`, {
            body: { bucketName: "patched-bucket" },
          })
        ).status,
      ).toBe(200);
      expect(harness.emu.state.connections[id].body).toMatchObject({
        name,
        bucketName: "patched-bucket",
        secretAccessKey: "s3-secret-access-key-value",
      });
    });

    it("C5 deletes an unreferenced connection", async () => {
      const id = await harness.api.createConnection();
      expect((await harness.api.delete(`/integrations/connections/${id}`)).json).toEqual({
        status: SUCCESS,
      });
      expect(harness.emu.state.connections[id]).toBeUndefined();
    });
  });

  describe("integrations (I1–I6)", () => {
    let connectionId: string;
    beforeAll(async () => {
      connectionId = await harness.api.createConnection();
    });

    it("I1 creates import, export and process integrations", async () => {
      for (const body of [
        importIntegration(connectionId),
        exportIntegration(connectionId),
        processIntegration(connectionId),
        processIntegration(),
      ]) {
        const reply = await harness.api.post("/integrations", body);
        expect(reply.status).toBe(200);
        expect(reply.json).toEqual({
          status: SUCCESS,
          integration: { integrationId: expect.stringMatching(HEX32) },
        });
      }
    });

    it("I1 creates BigQuery and Azure integrations", async () => {
      const bq = await harness.api.createConnection(bigQueryConnection());
      const az = await harness.api.createConnection(azureConnection());
      await harness.api.createIntegration(
        integrationWith(
          [
            {
              type: "AnaplanToGoogleBigQuery",
              sources: [{ type: "Anaplan", actionId: "116000000053" }],
              targets: [
                { type: "GoogleBigQuery", connectionId: bq, table: "SKU_data", overwrite: true },
              ],
              mapping: [{ sourceName: "Size", targetName: "Size" }],
            },
          ],
          uniqueName("BqExport"),
        ),
      );
      await harness.api.createIntegration(
        integrationWith(
          [
            {
              type: "AzureBlobToAnaplan",
              sources: [{ type: "AzureBlob", connectionId: az, file: "in.csv" }],
              targets: [{ type: "Anaplan", actionId: 112000000011, fileId: 113000000011 }],
            },
          ],
          uniqueName("AzImport"),
        ),
      );
    });

    it("I2 lists summaries without jobs, with tenant counts", async () => {
      const name = uniqueName("Summary");
      const id = await harness.api.createIntegration(importIntegration(connectionId, name));
      const reply = await harness.api.get("/integrations?limit=100");
      expect(reply.status).toBe(200);
      const item = reply.json.integrations.find(
        (i: { integrationId: string }) => i.integrationId === id,
      );
      expect(item).toEqual({
        integrationId: id,
        name,
        integrationType: "Import",
        workspaceId: WORKSPACE_ID,
        modelId: MODEL_ID,
        createdBy: "Demo User",
        creationDate: expect.stringMatching(ISO),
        modificationDate: expect.stringMatching(ISO),
        modifiedBy: "Demo User",
        notificationId: expect.stringMatching(HEX32),
        nuxVisible: false,
      });
      const total =
        Object.keys(harness.emu.state.integrations).length +
        Object.keys(harness.emu.state.integrationFlows).length;
      expect(reply.json.meta).toMatchObject({ tenantCurrentCount: total, tenantMaxAllowed: 500 });
    });

    it("I3 returns the detail with version, jobs and read-only connection fields", async () => {
      const id = await harness.api.createIntegration(importIntegration(connectionId));
      const reply = await harness.api.get(`/integrations/${id}`);
      expect(reply.status).toBe(200);
      const detail = reply.json.integration;
      expect(detail.version).toBe("2.0");
      // The single GET omits integrationType, as the SDK observed.
      expect(detail.integrationType).toBeUndefined();
      expect(detail.jobs[0].sources[0]).toEqual({
        type: "AmazonS3",
        connectionId,
        file: "sample_file.csv",
        connectionName: harness.emu.state.connections[connectionId].body.name,
        isConnectionDeleted: false,
        bucketName: "landing-bucket",
      });
      expect(detail.jobs[0].targets[0]).toEqual({
        type: "Anaplan",
        actionId: "112000000011",
        fileId: "113000000011",
      });
      expect(reply.json.meta.schema).toContain("integration");
    });

    it("I4 replaces an integration", async () => {
      const id = await harness.api.createIntegration(importIntegration(connectionId));
      const name = uniqueName("Replaced");
      const reply = await harness.api.put(
        `/integrations/${id}`,
        exportIntegration(connectionId, name),
      );
      expect(reply.json).toEqual({ status: SUCCESS });
      expect(harness.emu.state.integrations[id]).toMatchObject({ name, integrationType: "Export" });
    });

    it("I5 deletes an integration and its notification config", async () => {
      const id = await harness.api.createIntegration(importIntegration(connectionId));
      const notificationId = harness.emu.state.integrations[id].notificationId as string;
      expect((await harness.api.delete(`/integrations/${id}`)).json).toEqual({ status: SUCCESS });
      expect(harness.emu.state.integrations[id]).toBeUndefined();
      expect(harness.emu.state.notifications[notificationId]).toBeUndefined();
    });

    it("I6 is removed: nginx HTML 404 even without a token", async () => {
      const reply = await request(
        `${harness.emu.url}/2/0/integrations/anaplanModels/${MODEL_ID}`,
        "GET",
      );
      expect(reply.status).toBe(404);
      expect(reply.headers.get("content-type")).toContain("text/html");
      expect(reply.text).toContain("<title>404 Not Found</title>");
    });

    it("serves v1 bodies under /1/0 and the same store under /cloudworks/2/0", async () => {
      const v1 = new Api(harness.emu, harness.api.token, "/1/0");
      const id = await v1.createIntegration({
        name: uniqueName("V1Import"),
        nuxVisible: false,
        jobs: [
          {
            type: "AmazonS3ToAnaplan",
            sources: [{ type: "AmazonS3", connectionId, file: "sample_file.csv" }],
            targets: [
              {
                type: "Anaplan",
                actionId: "112000000011",
                fileId: "113000000011",
                workspaceId: WORKSPACE_ID,
                modelId: MODEL_ID,
              },
            ],
          },
        ],
      });
      expect(harness.emu.state.integrations[id]).toMatchObject({
        workspaceId: WORKSPACE_ID,
        modelId: MODEL_ID,
        version: "2.0",
      });
      const v1Detail = (await v1.get(`/integrations/${id}`)).json.integration;
      expect(v1Detail.jobs[0].targets[0]).toMatchObject({
        workspaceId: WORKSPACE_ID,
        modelId: MODEL_ID,
      });
      expect(v1Detail.notificationId).toBeUndefined();
      const alt = new Api(harness.emu, harness.api.token, "/cloudworks/2/0");
      const altDetail = (await alt.get(`/integrations/${id}`)).json.integration;
      expect(altDetail.notificationId).toBe(harness.emu.state.integrations[id].notificationId);
      expect(altDetail.jobs[0].targets[0].workspaceId).toBeUndefined();
      // v1 export: workspace and model on the Anaplan source.
      await v1.createIntegration({
        name: uniqueName("V1Export"),
        jobs: [
          {
            type: "AnaplanToAmazonS3",
            sources: [
              {
                type: "Anaplan",
                actionId: "116000000011",
                workspaceId: WORKSPACE_ID,
                modelId: MODEL_ID,
              },
            ],
            targets: [{ type: "AmazonS3", connectionId, file: "exports/" }],
          },
        ],
      });
    });
  });

  describe("runs (R1–R7)", () => {
    let integrationId: string;
    let runId: string;
    beforeAll(async () => {
      integrationId = await harness.api.createIntegration(
        importIntegration(await harness.api.createConnection()),
      );
    });

    it("R1 starts a run and returns run.id", async () => {
      const reply = await harness.api.post(`/integrations/${integrationId}/run`);
      expect(reply.json).toEqual({ status: SUCCESS, run: { id: expect.stringMatching(HEX32) } });
      runId = reply.json.run.id;
    });

    it("R4 reports the run until it ends", async () => {
      const done = await waitForRun(harness.api, runId);
      expect(done.json.run).toEqual({
        id: runId,
        integrationId,
        traceId: expect.stringMatching(HEX32),
        startDate: expect.stringMatching(ISO),
        endDate: expect.stringMatching(ISO),
        success: true,
        message: "Success",
        creationDate: expect.stringMatching(ISO),
        modificationDate: expect.stringMatching(ISO),
        createdBy: "Demo User",
        modifiedBy: "Demo User",
        executionErrorCode: null,
        flowGroupId: null,
        triggerSource: "manual",
      });
      expect(done.json.meta.schema).toBe(
        "https://api.cloudworks.anaplan.com/1/0/integrations/objects/run",
      );
    });

    it("R3 returns the run history with epoch-second lastRun", async () => {
      const reply = await harness.api.get(`/integrations/runs/${integrationId}?offset=0&limit=10`);
      expect(reply.status).toBe(200);
      const history = reply.json.history_of_runs;
      expect(history).toMatchObject({
        integrationId,
        status: 1,
        totalRuns: 1,
        schedule: null,
        workspaceId: WORKSPACE_ID,
      });
      expect(history.runs[0]).toMatchObject({
        id: runId,
        success: true,
        message: "Success",
        triggerSource: "manual",
      });
      expect(Number.isInteger(history.runs[0].lastRun)).toBe(true);
      expect(history.runs[0].lastRun).toBe(
        Math.floor(Date.parse(history.runs[0].startDate) / 1000),
      );
    });

    it("R5 returns runs: {} when there were no errors", async () => {
      const reply = await harness.api.get(`/integrations/runerror/${runId}`);
      expect(reply.status).toBe(200);
      expect(reply.json.runs).toEqual({});
    });

    it("R6 answers the JSON 404 when a run has no dump", async () => {
      const reply = await harness.api.get(`/integrations/run/${runId}/dumps`);
      expect(reply.status).toBe(404);
      expect(reply.json.status).toEqual({
        code: 404,
        message: "Your integration run was successful / no errors",
      });
      // The SDK's singular path is unrouted: nginx HTML.
      const singular = await harness.api.get(`/integrations/run/${runId}/dump`);
      expect(singular.status).toBe(404);
      expect(singular.text).toContain("nginx");
    });

    it("R7 answers the JSON 404 for a process action without a dump", async () => {
      const reply = await harness.api.get(
        `/integrations/run/${runId}/process/import/112000000021/dumps`,
      );
      expect(reply.status).toBe(404);
      expect(reply.json.status.message).toBe("Your integration run was successful / no errors");
    });

    it("R2 cancels a running integration with Apiary's body plus status", async () => {
      const started = await harness.api.post(`/integrations/${integrationId}/run`);
      const reply = await harness.api.post(`/integrations/${integrationId}/cancel`);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({
        status: SUCCESS,
        success: true,
        message: { integration_id: integrationId, state: "cancelled" },
      });
      const run = (await harness.api.get(`/integrations/run/${started.json.run.id}`)).json.run;
      expect(run).toMatchObject({ success: false, message: "Cancelled" });
      expect(run.endDate).toMatch(ISO);
    });
  });

  describe("schedules (S1–S4)", () => {
    it("creates, reads back, updates, toggles and deletes a schedule", async () => {
      const id = await harness.api.createIntegration(
        importIntegration(await harness.api.createConnection()),
      );
      const created = await harness.api.post(`/integrations/${id}/schedule`, dailySchedule(id));
      expect(created.json).toEqual({
        status: SUCCESS,
        scheduledIntegration: { id: expect.stringMatching(HEX32) },
      });
      let detail = (await harness.api.get(`/integrations/${id}`)).json.integration;
      expect(detail.schedule).toEqual({
        name: "nightly",
        type: "daily",
        time: "11:55",
        startDate: "2030-07-03",
        endDate: "2030-12-01",
        timezone: "Europe/Paris",
        status: "Active",
      });
      const weekly = {
        integrationId: id,
        schedule: {
          name: "weekly",
          type: "weekly",
          time: "12:45",
          daysOfWeek: [0, 6],
          startDate: "2030-07-03",
          timezone: "America/New_York",
        },
      };
      expect((await harness.api.put(`/integrations/${id}/schedule`, weekly)).json).toEqual({
        status: SUCCESS,
      });
      expect((await harness.api.post(`/integrations/${id}/schedule/status/disabled`)).json).toEqual(
        {
          status: SUCCESS,
        },
      );
      detail = (await harness.api.get(`/integrations/${id}`)).json.integration;
      expect(detail.schedule).toMatchObject({
        type: "weekly",
        daysOfWeek: [0, 6],
        endDate: null,
        status: "Inactive",
      });
      const summary = (await harness.api.get("/integrations?limit=100")).json.integrations.find(
        (i: { integrationId: string }) => i.integrationId === id,
      );
      expect(summary.schedule.status).toBe("Inactive");
      expect((await harness.api.post(`/integrations/${id}/schedule/status/enabled`)).status).toBe(
        200,
      );
      expect(harness.emu.state.integrations[id].schedule?.status).toBe("Active");
      expect((await harness.api.delete(`/integrations/${id}/schedule`)).json).toEqual({
        status: SUCCESS,
      });
      expect(harness.emu.state.integrations[id].schedule).toBeNull();
    });

    it.each([
      ["hourly", { repeatEvery: 2, fromTime: "20:00", toTime: "23:20", daysOfWeek: [0, 6] }],
      ["monthly_specific_day", { time: "22:00", dayOfMonth: 12 }],
      ["monthly_relative_weekday", { time: "12:45", dayOfWeek: 3, repeatEvery: 2 }],
    ])("accepts a %s schedule", async (type, fields) => {
      const id = await harness.api.createIntegration(
        importIntegration(await harness.api.createConnection()),
      );
      const body = {
        integrationId: id,
        schedule: { name: "s", type, startDate: "2030-07-03", timezone: "Asia/Kolkata", ...fields },
      };
      expect((await harness.api.post(`/integrations/${id}/schedule`, body)).status).toBe(200);
      expect(harness.emu.state.integrations[id].schedule).toMatchObject({ type, ...fields });
    });
  });

  describe("notifications (N1–N4)", () => {
    it("auto-creates a config; PUT edits it; GET resolves users; DELETE and POST again", async () => {
      const guid = harness.emu.users[0].userGuid;
      const id = await harness.api.createIntegration(
        importIntegration(await harness.api.createConnection()),
      );
      const notificationId = harness.emu.state.integrations[id].notificationId as string;
      const auto = await harness.api.get(`/integrations/notification/${notificationId}`);
      expect(auto.status).toBe(200);
      expect(auto.json.notifications).toMatchObject({ notificationId, integrationIds: [id] });
      const input = {
        integrationIds: [id],
        channels: ["email", "in_app"],
        notifications: {
          config: [
            { type: "success", users: [guid] },
            { type: "full_failure", users: [guid] },
          ],
        },
      };
      expect(
        (await harness.api.put(`/integrations/notification/${notificationId}`, input)).json,
      ).toEqual({
        status: SUCCESS,
      });
      const read = await harness.api.get(`/integrations/notification/${notificationId}`);
      expect(read.json).toEqual({
        status: SUCCESS,
        notifications: {
          notificationId,
          integrationIds: [id],
          channels: ["email", "in_app"],
          notifications: {
            config: [
              { type: "success", users: [{ userGuid: guid, firstName: "Demo", lastName: "User" }] },
              {
                type: "full_failure",
                users: [{ userGuid: guid, firstName: "Demo", lastName: "User" }],
              },
            ],
          },
        },
        meta: { schema: expect.stringContaining("notification") },
      });
      expect(
        (await harness.api.delete(`/integrations/notification/${notificationId}`)).json,
      ).toEqual({
        status: SUCCESS,
      });
      expect(harness.emu.state.integrations[id].notificationId).toBeNull();
      const created = await harness.api.post("/integrations/notification", input);
      expect(created.json).toEqual({
        status: SUCCESS,
        notification: { notificationId: expect.stringMatching(HEX32) },
      });
      expect(harness.emu.state.integrations[id].notificationId).toBe(
        created.json.notification.notificationId,
      );
    });
  });

  describe("flows (F1–F6)", () => {
    it("creates, lists, reads, replaces, runs and deletes a flow", async () => {
      const connectionId = await harness.api.createConnection();
      const a = await harness.api.createIntegration(importIntegration(connectionId));
      const b = await harness.api.createIntegration(exportIntegration(connectionId));
      const created = await harness.api.post("/integrationflows", flowBody([a, b]));
      expect(created.json).toEqual({
        status: SUCCESS,
        integrationFlow: { integrationFlowId: expect.stringMatching(HEX32) },
      });
      const flowId = created.json.integrationFlow.integrationFlowId;

      const list = await harness.api.get("/integrationflows");
      const item = list.json.integrationFlows.find((f: { id: string }) => f.id === flowId);
      expect(item).toMatchObject({
        id: flowId,
        stepsCount: 2,
        notificationId: expect.stringMatching(HEX32),
        nuxVisible: false,
      });
      expect(list.json.meta.paging.totalSize).toBe(
        Object.keys(harness.emu.state.integrationFlows).length,
      );

      const detail = (await harness.api.get(`/integrationflows/${flowId}`)).json.integrationFlow;
      expect(detail.steps[0]).toMatchObject({
        referrer: a,
        name: harness.emu.state.integrations[a].name,
        type: "Import",
        workspaceId: WORKSPACE_ID,
        modelId: MODEL_ID,
        isSkipped: false,
        accessible: true,
        dependsOn: [],
      });
      expect(detail.steps[0].createdDate).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/,
      );
      expect(detail.steps[1]).toMatchObject({ referrer: b, type: "Export", dependsOn: [a] });

      const renamed = uniqueName("FlowRenamed");
      expect(
        (await harness.api.put(`/integrationflows/${flowId}`, flowBody([b, a], renamed))).json,
      ).toEqual({ status: SUCCESS });
      expect(harness.emu.state.integrationFlows[flowId].name).toBe(renamed);

      const run = await harness.api.post(`/integrationflows/${flowId}/run`, { stepsToRun: [a, b] });
      expect(run.json).toEqual({ status: SUCCESS, run: { id: expect.stringMatching(HEX32) } });
      const finished = await waitForRun(harness.api, run.json.run.id);
      expect(finished.json.run).toMatchObject({ success: true, flowGroupId: flowId });
      const stepRuns = Object.values(harness.emu.state.runs).filter(
        (r) => r.flowGroupId === flowId && r.integrationId !== flowId,
      );
      expect(stepRuns.map((r) => r.integrationId)).toEqual([b, a]);
      expect(
        (await harness.api.get("/integrationflows")).json.integrationFlows.find(
          (f: { id: string }) => f.id === flowId,
        ).latestRun,
      ).toMatchObject({
        id: run.json.run.id,
        success: true,
      });

      expect((await harness.api.delete(`/integrationflows/${flowId}`)).json).toEqual({
        status: SUCCESS,
      });
      expect(harness.emu.state.integrationFlows[flowId]).toBeUndefined();
    });
  });
});
