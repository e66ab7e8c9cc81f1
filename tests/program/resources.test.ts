/**
 * Program-shape tests of the public resource classes under Pulumi's mocks: type tokens, the
 * serialized `__provider` shim, and secret wrapping. Lifecycle behaviour is proven by the engine
 * suite with the real CLI; mocks never call provider methods.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  CloudWorksConnection,
  CloudWorksIntegration,
  CloudWorksIntegrationFlow,
} from "../../provider";

interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const recorded: RecordedResource[] = [];
/** Pulumi's wire marker for a secret value (runtime/rpc.ts specialSigKey / specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return {
          id: `${args.name}-id`,
          state: { ...args.inputs, connectionId: `${args.name}-id` },
        };
      },
      call: (args) => args.inputs,
    },
    "cloudworks-test",
    "dev",
    false,
  );
});

// Imported after the mocks are set, as Pulumi's own mock examples do.
const cloudworks: typeof import("../../provider") = require("../../provider");

const S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SAS_TOKEN = "sv=2024-01-01&ss=b&sig=SAS-TOKEN-SECRET-VALUE";
const PRIVATE_KEY =
  "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";

function waitForRegistrations(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200));
}

function find(name: string): RecordedResource {
  const resource = recorded.find((r) => r.name === name);
  if (!resource) throw new Error(`resource ${name} was not registered`);
  return resource;
}

function isSecret(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG
  );
}

describe("public resource classes", () => {
  beforeAll(async () => {
    const args = {
      name: "Landing S3",
      type: "AmazonS3" as const,
      bucketName: "acme-landing",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: S3_SECRET,
    };
    // The same args object twice: the dynamic Resource constructor mutates its props, so the
    // class must copy them (a shared object would throw on the second use).
    new cloudworks.CloudWorksConnection("s3-a", args);
    new cloudworks.CloudWorksConnection("s3-b", args);
    new cloudworks.CloudWorksConnection("azure", {
      name: "Landing Azure",
      type: "AzureBlob",
      storageAccountName: "acmestorage",
      containerName: "landing",
      sasToken: pulumi.output(SAS_TOKEN),
    });
    new cloudworks.CloudWorksConnection("bigquery", {
      name: "Warehouse",
      type: "GoogleBigQuery",
      dataset: "finance",
      serviceAccountKey: {
        type: "service_account",
        private_key: PRIVATE_KEY,
        client_email: "x@y.iam",
      },
    });
    new cloudworks.CloudWorksIntegration("import", {
      name: "Load accounts",
      workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
      modelId: "E559BFF3B1D44E1BA2C0D1E2F3A4B5C6",
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          connectionId: "840ccd8a279a454d99577d9538f24f09",
          file: "source/accounts.csv",
          actionId: "112000000001",
          fileId: "113000000001",
        },
      ],
    });
    new cloudworks.CloudWorksIntegrationFlow("flow", {
      name: "Nightly",
      steps: [
        { integrationId: "840ccd8a279a454d99577d9538f24f09" },
        { integrationId: "840ccd8a279a454d99577d9538f24f10" },
      ],
    });
    new cloudworks.CloudWorksIntegrationRun("run", {
      integrationId: "840ccd8a279a454d99577d9538f24f09",
    });
    await waitForRegistrations();
  });

  it("registers each class under its own dynamic type token", () => {
    expect(find("s3-a").type).toBe("pulumi-nodejs:dynamic/cloudworks:Connection");
    expect(find("import").type).toBe("pulumi-nodejs:dynamic/cloudworks:Integration");
    expect(find("flow").type).toBe("pulumi-nodejs:dynamic/cloudworks:IntegrationFlow");
    expect(find("run").type).toBe("pulumi-nodejs:dynamic/cloudworks:IntegrationRun");
  });

  it("serializes a thin shim that loads the implementation by package name", () => {
    const provider = find("s3-a").inputs.__provider as string;
    expect(typeof provider).toBe("string");
    expect(provider).toContain('require("pulumi-cloudworks/dynamic")');
    // A few hundred bytes per method set, far from a serialized client with axios inside.
    expect(provider.length).toBeLessThan(3000);
    expect(provider).not.toMatch(/axios|\/work\/|\/home\/|\/root\/|node_modules/);
  });

  it("gives every resource of a class the same provider text, and no secret in it", () => {
    const texts = ["s3-a", "s3-b", "azure", "bigquery"].map(
      (name) => find(name).inputs.__provider as string,
    );
    expect(new Set(texts).size).toBe(1);
    for (const text of texts) {
      for (const secret of [S3_SECRET, SAS_TOKEN, "BEGIN PRIVATE KEY"])
        expect(text).not.toContain(secret);
    }
    expect(find("import").inputs.__provider).not.toBe(texts[0]);
  });

  it("wraps connection secrets as Pulumi secrets whatever the caller passed", () => {
    expect(isSecret(find("s3-a").inputs.secretAccessKey)).toBe(true);
    expect(isSecret(find("azure").inputs.sasToken)).toBe(true);
    expect(isSecret(find("bigquery").inputs.serviceAccountKey)).toBe(true);
    // Non-secret fields stay plain so previews stay readable.
    expect(find("s3-a").inputs.bucketName).toBe("acme-landing");
    expect(isSecret(find("s3-a").inputs.accessKeyId)).toBe(false);
  });

  it("passes the flat job form through to the provider", () => {
    const jobs = find("import").inputs.jobs as Record<string, unknown>[];
    expect(jobs[0]).toMatchObject({
      type: "AmazonS3ToAnaplan",
      actionId: "112000000001",
      fileId: "113000000001",
    });
  });
});

describe("static get", () => {
  const READ_ID = "5f0e9a1b2c3d4e5f60718293a4b5c6d7";
  let connection: CloudWorksConnection;
  let integration: CloudWorksIntegration;
  let flow: CloudWorksIntegrationFlow;

  beforeAll(async () => {
    // Typed as the class each `get` is called on: `get` is written once on a base class, and
    // these assignments compile only if it still returns the caller's class.
    connection = cloudworks.CloudWorksConnection.get("shared-connection", READ_ID);
    integration = cloudworks.CloudWorksIntegration.get("shared-integration", READ_ID);
    flow = cloudworks.CloudWorksIntegrationFlow.get("shared-flow", READ_ID);
    await waitForRegistrations();
  });

  it("returns an object of the class it is called on", () => {
    expect(connection).toBeInstanceOf(cloudworks.CloudWorksConnection);
    expect(integration).toBeInstanceOf(cloudworks.CloudWorksIntegration);
    expect(flow).toBeInstanceOf(cloudworks.CloudWorksIntegrationFlow);
  });

  it("reads under the class's type token, marked as a get, with no managed inputs", () => {
    const read = find("shared-flow");
    expect(read.type).toBe("pulumi-nodejs:dynamic/cloudworks:IntegrationFlow");
    expect(read.inputs.__cloudworksGet).toBe(true);
    expect(read.inputs.name).toBeUndefined();
    expect(find("shared-connection").inputs.__cloudworksGet).toBe(true);
    expect(find("shared-integration").inputs.__cloudworksGet).toBe(true);
  });

  it("gives a read object the input outputs of a managed one, and its ID alias", async () => {
    const outputs = flow as unknown as Record<string, unknown>;
    for (const key of ["name", "nuxVisible", "steps", "notificationId"])
      expect(pulumi.Output.isInstance(outputs[key])).toBe(true);
    const secretKey = (connection as unknown as Record<string, unknown>).secretAccessKey;
    expect(pulumi.Output.isInstance(secretKey)).toBe(true);
    expect(await new Promise((resolve) => flow.flowId.apply(resolve))).toBe(READ_ID);
  });

  it("is not offered by a run, which is started rather than looked up", () => {
    // @ts-expect-error CloudWorksIntegrationRun has no static get
    expect(cloudworks.CloudWorksIntegrationRun.get).toBeUndefined();
  });
});
