/**
 * A CloudWorks setup that runs offline against the local emulator: one connection of each type,
 * an import with a schedule and notifications, a second import, an export, a process
 * integration, a flow of the two imports, a run of the flow on every deploy of a new
 * revision, and the flow's latest runs (a lookup) in the outputs. The stack config keys below are documented in README.md; the engine test suite
 * turns the same knobs to prove updates, replacements, drift and adoption.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CloudWorksConnection,
  CloudWorksIntegration,
  CloudWorksIntegrationFlow,
  CloudWorksIntegrationRun,
  getCloudWorksRunHistory,
} from "pulumi-cloudworks";

const config = new pulumi.Config();
const prefix = config.get("namePrefix") ?? "Demo";
const workspaceId = config.get("workspaceId") ?? "8a868cd97f8f98a3017fe45cbdc65e25";
const modelId = config.get("modelId") ?? "75A40874E6B64FA3AE0743278996850F";
const notifyUser = config.get("notifyUserGuid");

const s3 = new CloudWorksConnection("landing-s3", {
  name: config.get("s3ConnectionName") ?? `${prefix} Landing S3`,
  type: "AmazonS3",
  workspaceId: config.get("s3WorkspaceId"),
  bucketName: config.get("bucketName") ?? "acme-cloudworks-landing",
  accessKeyId: config.get("accessKeyId") ?? "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: config.requireSecret("s3SecretAccessKey"),
});

const azure = new CloudWorksConnection("landing-azure", {
  name: `${prefix} Landing Azure`,
  type: "AzureBlob",
  workspaceId: config.get("azureWorkspaceId"),
  storageAccountName: "acmelanding",
  containerName: "cloudworks",
  sasToken: config.requireSecret("azureSasToken"),
});

const bigQuery = new CloudWorksConnection("warehouse", {
  name: `${prefix} Warehouse`,
  type: "GoogleBigQuery",
  dataset: "finance",
  serviceAccountKey: config.requireSecret("bigQueryServiceAccountKey"),
});

const adoptConnectionId = config.get("adoptConnectionId");
const adopted = adoptConnectionId
  ? new CloudWorksConnection("adopted", {
      name: `${prefix} Adopted`,
      type: "AmazonS3",
      bucketName: "acme-adopted",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: config.requireSecret("s3SecretAccessKey"),
      adoptExistingId: adoptConnectionId,
    })
  : undefined;

const loadAccounts = new CloudWorksIntegration("load-accounts", {
  name: `${prefix} Load Accounts`,
  workspaceId,
  modelId,
  jobs: [
    {
      type: "AmazonS3ToAnaplan",
      connectionId: s3.connectionId,
      file: "source/accounts.csv",
      actionId: "112000000001",
      fileId: "113000000001",
    },
  ],
  schedule: {
    name: "Nightly accounts",
    type: "daily",
    time: config.get("scheduleTime") ?? "02:00",
    startDate: "2027-01-01",
    timezone: "Europe/London",
    enabled: config.getBoolean("scheduleEnabled") ?? true,
  },
  notifications: notifyUser
    ? { channels: ["email", "in_app"], fullFailure: [notifyUser] }
    : undefined,
});

const loadDetails = new CloudWorksIntegration("load-account-details", {
  name: `${prefix} Load Account Details`,
  workspaceId,
  modelId,
  jobs: [
    {
      type: "AmazonS3ToAnaplan",
      connectionId: s3.connectionId,
      file: "source/account_details.csv",
      actionId: "112000000002",
      fileId: "113000000002",
    },
  ],
});

const exportAsProcess = config.getBoolean("exportAsProcess") ?? false;
const exportAccounts = new CloudWorksIntegration("export-accounts", {
  name: `${prefix} Export Accounts`,
  workspaceId,
  modelId,
  // Switching this integration to a process replaces it (CloudWorks fixes an integration's kind).
  processId: exportAsProcess ? "118000000001" : undefined,
  jobs: [
    {
      type: "AnaplanToAmazonS3",
      connectionId: s3.connectionId,
      file: "exports/",
      actionId: "116000000001",
      overwrite: true,
    },
  ],
});

const toWarehouse = new CloudWorksIntegration("to-warehouse", {
  name: `${prefix} Accounts To Warehouse`,
  workspaceId,
  modelId,
  processId: "118000000002",
  jobs: [
    {
      type: "AnaplanToGoogleBigQuery",
      connectionId: bigQuery.connectionId,
      table: "accounts",
      actionId: "116000000002",
      mapping: [
        { sourceName: "Account", targetName: "account" },
        { sourceName: "Region", targetName: "region" },
      ],
    },
    {
      type: "AzureBlobToAnaplan",
      connectionId: azure.connectionId,
      file: "inbound/rates.csv",
      actionId: "112000000003",
      fileId: "113000000003",
    },
  ],
});

const flow = new CloudWorksIntegrationFlow("accounts-flow", {
  name: `${prefix} Accounts Flow`,
  steps: [
    { integrationId: loadAccounts.integrationId },
    { integrationId: loadDetails.integrationId },
  ],
});

const run = new CloudWorksIntegrationRun("load-on-deploy", {
  flowId: flow.flowId,
  triggers: { revision: config.get("runRevision") ?? "1" },
  timeoutSeconds: 120,
});

export const connectionIds = {
  s3: s3.connectionId,
  azure: azure.connectionId,
  bigQuery: bigQuery.connectionId,
  adopted: adopted?.connectionId,
};
export const integrationIds = {
  loadAccounts: loadAccounts.integrationId,
  loadDetails: loadDetails.integrationId,
  exportAccounts: exportAccounts.integrationId,
  toWarehouse: toWarehouse.integrationId,
};
export const exportKind = exportAccounts.integrationType;
export const flowId = flow.flowId;
export const runResult = {
  runId: run.runId,
  success: run.success,
  message: run.message,
  endDate: run.endDate,
};

// The flow's latest runs, so `pulumi up` ends by showing what ran. The flow ID is taken once the
// run on deploy has finished (its runId is known), so that run is listed too. Like every lookup
// this reads CloudWorks on each preview and update: one history call, plus one per failed run.
const history = getCloudWorksRunHistory({
  flowId: pulumi.all([flow.flowId, run.runId]).apply(([id]) => id),
  limit: 5,
});
export const recentFlowRuns = history.runs.apply((runs) =>
  runs.map((r) => ({
    runId: r.runId,
    startDate: r.startDate,
    endDate: r.endDate,
    success: r.success,
    triggerSource: r.triggerSource,
    errorCount: r.errorCount,
  })),
);
