/**
 * The connection provider against the emulator over HTTP: create for each type, read and drift,
 * update in place, replacement decisions, idempotent create under faults, adoption, deletion.
 */
import { auditFieldsOf } from "../../provider/client/records";
import { ConnectionProvider, IntegrationProvider } from "../../provider/dynamic";
import type { ConnectionInputs } from "../../provider/dynamic/inputs";
import { getCloudWorksClient } from "../../provider/dynamic/providerBase";
import {
  configureFor,
  countOf,
  googleServiceAccountKey,
  MODEL_ID,
  s3Connection,
  useProviderHarness,
  WORKSPACE_ID,
} from "./support";

const provider = new ConnectionProvider();
const CONNECTIONS = "/2/0/integrations/connections";
const harness = useProviderHarness();

function storedConnections() {
  return Object.values(harness.emulator.state.connections);
}

const azure: ConnectionInputs = {
  name: "Landing Azure",
  type: "AzureBlob",
  storageAccountName: "acmestorage",
  containerName: "landing",
  sasToken: "sv=2024-01-01&sig=SAS-SECRET",
};
const bigQuery: ConnectionInputs = {
  name: "Warehouse",
  type: "GoogleBigQuery",
  dataset: "finance",
  serviceAccountKey: JSON.stringify({
    ...googleServiceAccountKey(
      "-----BEGIN PRIVATE KEY-----\nBIGQUERY-PRIVATE-KEY\n-----END PRIVATE KEY-----\n",
    ),
    universe_domain: "googleapis.com",
  }),
};

describe("create", () => {
  it.each([
    ["AmazonS3", s3Connection("Landing S3", { workspaceId: WORKSPACE_ID })],
    ["AzureBlob", azure],
    ["GoogleBigQuery", bigQuery],
  ])(
    "creates a %s connection with one POST, leaving the server fields to the next read",
    async (type, inputs) => {
      harness.emulator.resetCounts();
      const result = await provider.create(inputs as ConnectionInputs);
      expect(result.id).toMatch(/^[0-9a-f]{32}$/);
      // No read-back: server fields are outputs only, and a refresh fills them without a change.
      expect(harness.emulator.requestCounts()["GET /2/0/integrations/connections"]).toBeUndefined();
      const stored = harness.emulator.state.connections[result.id];
      expect(stored.connectionType).toBe(type);
      expect(stored.body.name).toBe(inputs.name);
      expect(result.outs).toMatchObject({
        connectionId: result.id,
        name: inputs.name,
        type,
        status: null,
        creationDate: null,
      });
      const read = await provider.read!(result.id, result.outs as never);
      expect(read.props).toMatchObject({ status: 1, creationDate: expect.any(String) });
    },
  );

  it("sends Google's snake_case key in the camelCase form CloudWorks documents", async () => {
    const result = await provider.create(bigQuery);
    const key = harness.emulator.state.connections[result.id].body.serviceAccountKey as Record<
      string,
      string
    >;
    expect(key).toMatchObject({
      type: "service_account",
      projectId: "acme-finance",
      clientEmail: expect.any(String),
    });
    expect(key.privateKey).toContain("BIGQUERY-PRIVATE-KEY");
    expect(key).not.toHaveProperty("private_key");
    // Undocumented keys of newer key files are not sent.
    expect(key).not.toHaveProperty("universeDomain");
  });

  it("reports rejected credentials with the call and the API's reason", async () => {
    await expect(
      provider.create(s3Connection("Bad creds", { accessKeyId: "INVALIDKEY0000000000" })),
    ).rejects.toThrow(
      /CloudWorksConnection "Bad creds": create failed: .*POST .*connections.*400.*Credentials are invalid/,
    );
    expect(storedConnections()).toHaveLength(0);
  });

  it("after a commit-then-fail, finds its own connection by name and creates no duplicate", async () => {
    harness.emulator.faults.add({
      method: "POST",
      path: CONNECTIONS,
      kind: "commitThenFail",
      times: 1,
    });
    const result = await provider.create(s3Connection("Committed"));
    expect(storedConnections()).toHaveLength(1);
    expect(result.id).toBe(storedConnections()[0].connectionId);
    expect(countOf(harness.emulator, `POST ${CONNECTIONS}`)).toBe(1);
  });

  it("after a dropped response, finds its own connection by name and creates no duplicate", async () => {
    harness.emulator.faults.add({ method: "POST", path: CONNECTIONS, kind: "drop", times: 1 });
    const result = await provider.create(s3Connection("Dropped"));
    expect(storedConnections()).toHaveLength(1);
    expect(result.id).toBe(storedConnections()[0].connectionId);
  });

  it("retries a POST that failed without committing (connection reset before processing)", async () => {
    harness.emulator.faults.add({ method: "POST", path: CONNECTIONS, kind: "reset", times: 1 });
    const result = await provider.create(s3Connection("Reset once"));
    expect(storedConnections()).toHaveLength(1);
    expect(result.id).toBe(storedConnections()[0].connectionId);
  });

  it("never takes over a same-named connection whose content differs", async () => {
    const theirs = await provider.create(
      s3Connection("Shared name", { bucketName: "someone-elses-bucket" }),
    );
    await expect(provider.create(s3Connection("Shared name"))).rejects.toThrow(
      new RegExp(`already exists \\(${theirs.id}\\) and differs.*adoptExistingId`),
    );
    expect(storedConnections()).toHaveLength(1);
    expect(harness.emulator.state.connections[theirs.id].body.bucketName).toBe(
      "someone-elses-bucket",
    );
  });

  it("adopts a same-named connection with identical content (an interrupted earlier run)", async () => {
    const first = await provider.create(s3Connection("Interrupted"));
    const again = await provider.create(s3Connection("Interrupted"));
    expect(again.id).toBe(first.id);
    expect(storedConnections()).toHaveLength(1);
  });
});

describe("adoption by ID", () => {
  it("brings a connection made in the UI under management and writes the program's settings", async () => {
    const made = await provider.create(s3Connection("Made in UI", { bucketName: "old-bucket" }));
    const adopted = await provider.create(
      s3Connection("Managed now", { adoptExistingId: made.id }),
    );
    expect(adopted.id).toBe(made.id);
    expect(storedConnections()).toHaveLength(1);
    expect(harness.emulator.state.connections[made.id].body).toMatchObject({
      name: "Managed now",
      bucketName: "acme-landing",
    });
    expect(adopted.outs).not.toHaveProperty("adoptExistingId");
  });

  it("fails clearly when the ID does not exist or has another type", async () => {
    await expect(
      provider.create(s3Connection("X", { adoptExistingId: "0".repeat(32) })),
    ).rejects.toThrow(/no connection with ID 0{32}/);
    const made = await provider.create(azure);
    await expect(provider.create(s3Connection("X", { adoptExistingId: made.id }))).rejects.toThrow(
      /is of type AzureBlob, not AmazonS3/,
    );
  });
});

describe("read", () => {
  it("returns create's outputs, with the server fields filled in, when nothing changed", async () => {
    const created = await provider.create(s3Connection("Stable"));
    const read = await provider.read!(created.id, created.outs as never);
    expect(read.id).toBe(created.id);
    const serverFields = [
      "status",
      "integrationErrorCode",
      // The audit fields, from the provider's own list.
      ...Object.keys(auditFieldsOf({})),
    ];
    const withoutServerFields = (outs: object | undefined) =>
      Object.fromEntries(Object.entries(outs ?? {}).filter(([key]) => !serverFields.includes(key)));
    expect(withoutServerFields(read.props)).toEqual(withoutServerFields(created.outs));
    expect(read.props).toMatchObject({ status: 1, createdBy: expect.any(String) });
  });

  it("finds out-of-band edits and returns them as inputs so the next preview shows the drift", async () => {
    const created = await provider.create(s3Connection("Drifting", { workspaceId: WORKSPACE_ID }));
    harness.emulator.state.connections[created.id].body.name = "Renamed in UI";
    harness.emulator.state.connections[created.id].body.bucketName = "moved-bucket";
    const read = await provider.read!(created.id, created.outs as never);
    expect(read.inputs).toMatchObject({
      name: "Renamed in UI",
      bucketName: "moved-bucket",
      workspaceId: WORKSPACE_ID,
    });
    // Secrets cannot be read back; the last known value is kept so later updates stay complete.
    expect(read.inputs).toMatchObject({ secretAccessKey: s3Connection("x").secretAccessKey });
    const diff = await provider.diff!(
      created.id,
      read.props as never,
      s3Connection("Drifting", { workspaceId: WORKSPACE_ID }),
    );
    expect(diff.changes).toBe(true);
    expect(diff.replaces).toEqual([]);
  });

  it("reports a connection deleted out of band as gone", async () => {
    const created = await provider.create(azure);
    delete harness.emulator.state.connections[created.id];
    const read = await provider.read!(created.id, created.outs as never);
    expect(read.id).toBe("");
  });

  it("reads N connections with one pass over the connection list", async () => {
    const created = [];
    for (let i = 0; i < 30; i++) created.push(await provider.create(s3Connection(`Conn ${i}`)));
    configureFor(harness.emulator); // a fresh provider process: nothing cached
    harness.emulator.resetCounts();
    await getCloudWorksClient().listConnections();
    const onePass = countOf(harness.emulator, `GET ${CONNECTIONS}`);
    configureFor(harness.emulator);
    harness.emulator.resetCounts();
    await Promise.all(created.map((c) => provider.read!(c.id, c.outs as never)));
    expect(countOf(harness.emulator, `GET ${CONNECTIONS}`)).toBe(onePass);
  });
});

describe("diff", () => {
  const base = s3Connection("Base", { workspaceId: WORKSPACE_ID });
  it.each([
    ["nothing changed", {}, false, []],
    ["name changed", { name: "Renamed" }, true, []],
    ["bucket changed", { bucketName: "other-bucket" }, true, []],
    ["secret rotated", { secretAccessKey: "rotated-secret-value" }, true, []],
    ["role added", { roleArn: "arn:aws:iam::123456789012:role/cw" }, true, []],
    [
      "workspace changed",
      { workspaceId: "0123456789abcdef0123456789abcdef" },
      true,
      ["workspaceId"],
    ],
    ["type changed", { type: "AzureBlob" }, true, ["type"]],
  ])("%s", async (_title, change, changes, replaces) => {
    const diff = await provider.diff!("id", base, { ...base, ...change } as ConnectionInputs);
    expect(diff.changes).toBe(changes);
    expect(diff.replaces).toEqual(replaces);
  });

  it("ignores __provider and deletes before replacing when the name stays (names are unique)", async () => {
    const olds = { ...base, __provider: "old text" } as unknown as ConnectionInputs;
    const news = { ...base, __provider: "new text" } as unknown as ConnectionInputs;
    expect((await provider.diff!("id", olds, news)).changes).toBe(false);
    const replace = await provider.diff!("id", base, {
      ...base,
      workspaceId: "0123456789abcdef0123456789abcdef",
    });
    expect(replace.deleteBeforeReplace).toBe(true);
    const renamed = await provider.diff!("id", base, {
      ...base,
      name: "New",
      workspaceId: "0123456789abcdef0123456789abcdef",
    });
    expect(renamed.deleteBeforeReplace).toBe(false);
  });

  it("makes no API call", async () => {
    harness.emulator.resetCounts();
    await provider.diff!("id", base, { ...base, name: "Other" });
    expect(Object.keys(harness.emulator.requestCounts())).toHaveLength(0);
  });
});

describe("update", () => {
  it("renames and rotates the secret in place with a full body, returning full outputs", async () => {
    const created = await provider.create(s3Connection("Before"));
    const news = s3Connection("After", { secretAccessKey: "rotated-secret-value" });
    const updated = await provider.update!(created.id, created.outs as never, news);
    expect(harness.emulator.state.connections[created.id].body).toMatchObject({
      name: "After",
      secretAccessKey: "rotated-secret-value",
    });
    expect(updated.outs).toMatchObject({
      connectionId: created.id,
      name: "After",
      bucketName: "acme-landing",
      status: 1,
    });
    expect(storedConnections()).toHaveLength(1);
  });
});

describe("delete", () => {
  it("deletes, and treats an already-deleted connection as deleted", async () => {
    const created = await provider.create(s3Connection("Short lived"));
    await provider.delete!(created.id, created.outs as never);
    expect(storedConnections()).toHaveLength(0);
    await expect(provider.delete!(created.id, created.outs as never)).resolves.toBeUndefined();
  });

  it("names the integration that blocks deleting a referenced connection", async () => {
    const connection = await provider.create(s3Connection("In use"));
    await new IntegrationProvider().create({
      name: "Uses the connection",
      workspaceId: WORKSPACE_ID,
      modelId: MODEL_ID,
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          connectionId: connection.id,
          file: "source/accounts.csv",
          actionId: "112000000001",
          fileId: "113000000001",
        },
      ],
    });
    await expect(provider.delete!(connection.id, connection.outs as never)).rejects.toThrow(
      /delete failed: .*references.*"Uses the connection"/,
    );
    expect(harness.emulator.state.connections[connection.id]).toBeDefined();
  });
});
