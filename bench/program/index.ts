/**
 * The benchmark program: `count` AmazonS3 connections and `count` import integrations, the i-th
 * integration importing through the i-th connection. Every resource is independent of the
 * others except for that one edge, so the engine may run up to `--parallel` operations at once,
 * which is what the benchmark compares against a script at the same concurrency.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudWorksConnection, CloudWorksIntegration } from "pulumi-cloudworks";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const secretAccessKey = config.requireSecret("s3SecretAccessKey");

const integrationIds: pulumi.Output<string>[] = [];
for (let i = 1; i <= count; i++) {
  const suffix = String(i).padStart(3, "0");
  const connection = new CloudWorksConnection(`conn-${suffix}`, {
    name: `Bench S3 ${suffix}`,
    type: "AmazonS3",
    bucketName: `bench-landing-${suffix}`,
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey,
  });
  const integration = new CloudWorksIntegration(`import-${suffix}`, {
    name: `Bench Import ${suffix}`,
    workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
    modelId: "75A40874E6B64FA3AE0743278996850F",
    jobs: [
      {
        type: "AmazonS3ToAnaplan",
        connectionId: connection.connectionId,
        file: "source/x.csv",
        actionId: "112000000001",
        fileId: "113000000001",
      },
    ],
  });
  integrationIds.push(integration.integrationId);
}

/** How many integrations the stack holds (an output, so the stack has one). */
export const integrations = pulumi.all(integrationIds).apply((ids) => ids.length);
