/**
 * The no-op floor: bench/program's resource graph (`count` connections and `count` integrations,
 * the i-th integration referencing the i-th connection's ID, the same inputs and resource names)
 * registered through `pulumi.dynamic.Resource` with a provider whose methods do no HTTP at all.
 * Whatever this takes is the engine's, the language host's and the dynamic-provider host's cost,
 * the floor any dynamic provider on this engine stands on; `npm run bench` divides by it.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Check passes the inputs through, diff compares them (as a real provider must, so a no-change
 * preview is a real no-change answer), create invents an ID and echoes the inputs, read echoes
 * the state. The methods capture nothing, so the serialized provider is as small as this shape
 * allows.
 */
const noop: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff(_id, olds, news) {
    const strip = (value: Record<string, unknown>) =>
      JSON.stringify({ ...value, __provider: undefined });
    return { changes: strip(olds) !== strip(news) };
  },
  async create(inputs) {
    const id = Date.now().toString(16) + Math.random().toString(16).slice(2, 18);
    return { id, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

class Connection extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(noop, name, props, undefined, "floor", "Connection");
  }
}

class Integration extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(noop, name, props, undefined, "floor", "Integration");
  }
}

const config = new pulumi.Config();
const count = config.requireNumber("count");
const secretAccessKey = config.requireSecret("s3SecretAccessKey");

const integrationIds: pulumi.Output<string>[] = [];
for (let i = 1; i <= count; i++) {
  const suffix = String(i).padStart(3, "0");
  const connection = new Connection(`conn-${suffix}`, {
    name: `Bench S3 ${suffix}`,
    type: "AmazonS3",
    bucketName: `bench-landing-${suffix}`,
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey,
  });
  const integration = new Integration(`import-${suffix}`, {
    name: `Bench Import ${suffix}`,
    workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
    modelId: "75A40874E6B64FA3AE0743278996850F",
    jobs: [
      {
        type: "AmazonS3ToAnaplan",
        connectionId: connection.id,
        file: "source/x.csv",
        actionId: "112000000001",
        fileId: "113000000001",
      },
    ],
  });
  integrationIds.push(integration.id);
}

/** How many integrations the stack holds (an output, so the stack has one, as bench/program). */
export const integrations = pulumi.all(integrationIds).apply((ids) => ids.length);
