/**
 * The stack tests/engine/faults.test.ts deploys under injected faults: 52 CloudWorks objects.
 * `revision` 1 changes half of them (5 bucket names, 20 import files, 5 schedule times, one
 * flow's step order); `revision` 2 changes a different set, for the restart case. The test
 * computes the same expectations from the same rules (see `expectedObjects` there).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CloudWorksConnection,
  CloudWorksIntegration,
  CloudWorksIntegrationFlow,
} from "pulumi-cloudworks";

const config = new pulumi.Config();
const revision = config.getNumber("revision") ?? 0;
const notifyUser = config.require("notifyUserGuid");
const secretAccessKey = config.requireSecret("s3SecretAccessKey");

const pad = (n: number) => String(n).padStart(2, "0");

const connections: CloudWorksConnection[] = [];
for (let c = 1; c <= 10; c++) {
  const bucketSuffix =
    revision === 1 && c % 2 === 1 ? "-v1" : revision === 2 && c <= 4 ? "-v2" : "";
  connections.push(
    new CloudWorksConnection(`conn-${pad(c)}`, {
      name: `Faults S3 ${pad(c)}`,
      type: "AmazonS3",
      bucketName: `faults-landing-${pad(c)}${bucketSuffix}`,
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey,
    }),
  );
}

const integrations: CloudWorksIntegration[] = [];
for (let i = 1; i <= 40; i++) {
  const fileSuffix =
    revision === 1 && i % 2 === 0 ? "-v1" : revision === 2 && i % 4 === 1 ? "-v2" : "";
  const scheduled = i % 4 === 0;
  integrations.push(
    new CloudWorksIntegration(`int-${pad(i)}`, {
      name: `Faults Import ${pad(i)}`,
      workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
      modelId: "75A40874E6B64FA3AE0743278996850F",
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          connectionId: connections[(i - 1) % 10].connectionId,
          file: `source/part-${pad(i)}${fileSuffix}.csv`,
          actionId: "112000000001",
          fileId: "113000000001",
        },
      ],
      schedule: scheduled
        ? {
            name: `Nightly ${pad(i)}`,
            type: "daily",
            time: revision === 1 && i % 8 === 0 ? "03:30" : "02:00",
            startDate: "2027-01-01",
            timezone: "Europe/London",
            enabled: i % 8 !== 4,
          }
        : undefined,
      notifications: i % 8 === 3 ? { channels: ["email"], fullFailure: [notifyUser] } : undefined,
    }),
  );
}

const flows = [0, 1].map(
  (f) =>
    new CloudWorksIntegrationFlow(`flow-${f + 1}`, {
      name: `Faults Flow ${f + 1}`,
      steps: (revision === 1 && f === 1 ? [2, 1, 0] : [0, 1, 2]).map((s) => ({
        integrationId: integrations[f * 3 + s].integrationId,
      })),
    }),
);

/** How many CloudWorks objects the stack declares. */
export const objectCount = connections.length + integrations.length + flows.length;
