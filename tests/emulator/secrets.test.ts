/** No GET response ever carries a connection secret (§11.7), whatever the route or prefix. */
import {
  Api,
  azureConnection,
  bigQueryConnection,
  flowBody,
  integrationWith,
  s3Connection,
  uniqueName,
  useEmulatorWithApi,
  waitForRun,
} from "./support";

const SECRET_KEYS = [
  "secretAccessKey",
  "accessKeyId",
  "sasToken",
  "serviceAccountKey",
  "privateKey",
  "privateKeyId",
];

describe("secrets", () => {
  const harness = useEmulatorWithApi();
  const secretValues: string[] = [];
  const integrationIds: string[] = [];
  let flowId: string;
  const runIds: string[] = [];

  beforeAll(async () => {
    const s3 = s3Connection(uniqueName("S3"), {
      accessKeyId: "AKIA-SECRET-ID-1",
      secretAccessKey: "S3-SECRET-VALUE-1",
    });
    const azure = azureConnection(uniqueName("Az"), { sasToken: "sv=2020&sig=AZURE-SECRET-1" });
    const bq = bigQueryConnection();
    const bqKey = (bq.body as { serviceAccountKey: Record<string, string> }).serviceAccountKey;
    secretValues.push(
      "AKIA-SECRET-ID-1",
      "S3-SECRET-VALUE-1",
      "AZURE-SECRET-1",
      bqKey.privateKey,
      bqKey.privateKeyId,
    );
    const s3Id = await harness.api.createConnection(s3);
    const azureId = await harness.api.createConnection(azure);
    const bqId = await harness.api.createConnection(bq);
    // Secrets given on update must stay hidden too.
    await harness.api.put(`/integrations/connections/${s3Id}`, {
      name: uniqueName("S3b"),
      accessKeyId: "AKIA-SECRET-ID-2",
      secretAccessKey: "S3-SECRET-VALUE-2",
      bucketName: "landing-bucket",
    });
    await harness.api.patch(`/integrations/connections/${azureId}`, {
      sasToken: "sv=2020&sig=AZURE-SECRET-2",
    });
    secretValues.push("AKIA-SECRET-ID-2", "S3-SECRET-VALUE-2", "AZURE-SECRET-2");

    const job = (
      type: string,
      cloud: Record<string, unknown>,
      isImport: boolean,
      extra: Record<string, unknown> = {},
    ) =>
      integrationWith(
        [
          {
            type,
            sources: [isImport ? cloud : { type: "Anaplan", actionId: "116000000001" }],
            targets: [
              isImport
                ? { type: "Anaplan", actionId: "112000000001", fileId: "113000000001" }
                : cloud,
            ],
            ...extra,
          },
        ],
        uniqueName(type),
      );
    integrationIds.push(
      await harness.api.createIntegration(
        job("AmazonS3ToAnaplan", { type: "AmazonS3", connectionId: s3Id, file: "a.csv" }, true),
      ),
      await harness.api.createIntegration(
        job(
          "AnaplanToAzureBlob",
          { type: "AzureBlob", connectionId: azureId, file: "out/" },
          false,
        ),
      ),
      await harness.api.createIntegration(
        job(
          "AnaplanToGoogleBigQuery",
          { type: "GoogleBigQuery", connectionId: bqId, table: "t" },
          false,
          {
            mapping: [{ sourceName: "a", targetName: "b" }],
          },
        ),
      ),
    );
    flowId = await harness.api.createFlow(flowBody(integrationIds.slice(0, 2)));
    harness.emu.setRunOutcome(integrationIds[0], { success: false });
    for (const id of integrationIds)
      runIds.push((await harness.api.post(`/integrations/${id}/run`)).json.run.id);
    for (const id of runIds) await waitForRun(harness.api, id);
  });

  it("keeps secrets internally (so PUT/PATCH work) but never returns them", async () => {
    expect(
      Object.values(harness.emu.state.connections).some(
        (c) => c.body.secretAccessKey === "S3-SECRET-VALUE-2",
      ),
    ).toBe(true);

    const paths = [
      "/integrations/connections",
      "/integrations?limit=100",
      "/integrationflows",
      `/integrationflows/${flowId}`,
    ];
    for (const id of integrationIds) {
      paths.push(`/integrations/${id}`, `/integrations/runs/${id}?offset=0&limit=10`);
      paths.push(`/integrations/notification/${harness.emu.state.integrations[id].notificationId}`);
    }
    for (const id of runIds)
      paths.push(
        `/integrations/run/${id}`,
        `/integrations/runerror/${id}`,
        `/integrations/run/${id}/dumps`,
      );

    let scanned = 0;
    for (const prefix of ["/2/0", "/1/0", "/cloudworks/2/0"]) {
      const client = new Api(harness.emu, harness.api.token, prefix);
      for (const path of paths) {
        const reply = await client.get(path);
        expect(reply.status).toBeLessThan(500);
        for (const secret of secretValues) expect(reply.text).not.toContain(secret);
        for (const key of SECRET_KEYS) expect(reply.text).not.toContain(`"${key}"`);
        scanned += 1;
      }
    }
    expect(scanned).toBeGreaterThanOrEqual(60);
  });
});
