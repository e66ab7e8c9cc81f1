/**
 * pulumi-cloudworks quickstart: one CloudWorks connection, one import integration on a nightly
 * schedule, and a run of that import on deploy. It runs offline against the local CloudWorks
 * emulator (`npx cloudworks-emulator`): no AWS account and no Anaplan tenant are needed. Against
 * a real tenant, set the stack config below to your own bucket, key, workspace and model.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CloudWorksConnection,
  CloudWorksIntegration,
  CloudWorksIntegrationRun,
  getCloudWorksRunHistory,
} from "pulumi-cloudworks";

const config = new pulumi.Config();

// The S3 bucket CloudWorks reads from. The emulator accepts any key; a real tenant checks it.
const landing = new CloudWorksConnection("landing", {
  name: config.get("connectionName") ?? "Quickstart Landing S3",
  type: "AmazonS3",
  bucketName: config.get("bucketName") ?? "acme-cloudworks-landing",
  accessKeyId: config.get("accessKeyId") ?? "AKIAIOSFODNN7EXAMPLE",
  // Always stored as a Pulumi secret, whether or not it comes from `config set --secret`.
  secretAccessKey: config.getSecret("secretAccessKey") ?? "emulator-accepts-any-secret-key",
});

// Loads accounts.csv from the bucket into the model with an import action, every night at 02:00.
const loadAccounts = new CloudWorksIntegration("load-accounts", {
  name: config.get("integrationName") ?? "Quickstart Load Accounts",
  workspaceId: config.get("workspaceId") ?? "8a868cd97f8f98a3017fe45cbdc65e25",
  modelId: config.get("modelId") ?? "75A40874E6B64FA3AE0743278996850F",
  jobs: [
    {
      type: "AmazonS3ToAnaplan",
      connectionId: landing.connectionId,
      file: "source/accounts.csv",
      actionId: config.get("importActionId") ?? "112000000001",
      fileId: config.get("importFileId") ?? "113000000001",
    },
  ],
  schedule: {
    name: "Nightly accounts",
    type: "daily",
    time: "02:00",
    startDate: "2027-01-01",
    timezone: "Europe/London",
  },
});

// Runs the import now, and again whenever `runRevision` changes; a failed run fails the `up`.
const run = new CloudWorksIntegrationRun("load-now", {
  integrationId: loadAccounts.integrationId,
  triggers: { revision: config.get("runRevision") ?? "1" },
  timeoutSeconds: 300,
});

export const connectionId = landing.connectionId;
export const integrationId = loadAccounts.integrationId;
export const runId = run.runId;
export const runSucceeded = run.success;

// The import's latest runs, read from CloudWorks once this deploy's run has finished, so that
// `pulumi up` ends by showing what ran. A lookup reads on every preview and update (one history
// call, plus one per failed run); unknown on a first preview, while the integration is new.
export const recentRuns = getCloudWorksRunHistory({
  integrationId: pulumi.all([loadAccounts.integrationId, run.runId]).apply(([id]) => id),
  limit: 5,
}).runs.apply((runs) =>
  runs.map((r) => ({ startDate: r.startDate, success: r.success, errorCount: r.errorCount })),
);
