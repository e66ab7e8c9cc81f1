/**
 * The flagship program: Anaplan's CloudWorks API walkthrough (connection → import → export →
 * schedule → notifications → run), done as one reviewed Pulumi stack.
 *
 * - A secure S3 landing zone (KMS key, bucket with IP-allowlist policy, the IAM user CloudWorks
 *   signs in as, and the AmazonS3 connection built from them).
 * - `source/accounts.csv` uploaded under the CloudWorks prefix, encrypted by the bucket's default
 *   SSE-KMS (no encryption header needed).
 * - Two imports from that file, into the Accounts list and the AccountDetails module: either two
 *   import integrations chained in a flow (`loadMode: flow`, the default) or one process
 *   integration with two jobs (`loadMode: process`).
 * - An export of the accounts back to the bucket, on a daily schedule.
 * - Failure notifications on every integration.
 * - A run of the load on deploy, repeated whenever the CSV changes.
 *
 * Every knob is stack config, documented in README.md and Pulumi.dev.yaml.sample.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CloudWorksConnection,
  CloudWorksIntegration,
  CloudWorksIntegrationFlow,
  CloudWorksIntegrationRun,
  IntegrationJobArgs,
  IntegrationNotificationsArgs,
  getCloudWorksRunHistory,
} from "pulumi-cloudworks";
import { CloudWorksS3LandingZone } from "pulumi-cloudworks/aws";

const config = new pulumi.Config();

// --- Configuration -------------------------------------------------------------------------
const namePrefix = config.get("namePrefix") ?? "Accounts";
const workspaceId = config.require("workspaceId");
const modelId = config.require("modelId");
const prefix = config.get("prefix") ?? "anaplan/";
const loadMode = config.get("loadMode") ?? "flow";
if (loadMode !== "flow" && loadMode !== "process") {
  throw new Error(`config loadMode "${loadMode}" is invalid: must be "flow" or "process"`);
}
const accountsFileId = config.require("accountsFileId");
const notifyUserGuids = config.getObject<string[]>("notifyUserGuids") ?? [];
const accessLogBucket = config.get("accessLogBucket");

// --- AWS: the secure landing zone and the CloudWorks connection ------------------------------
const landingZone = new CloudWorksS3LandingZone("landing-zone", {
  bucketName: config.get("bucketName"),
  anaplanRegion: config.get("anaplanRegion"),
  allowedCidrs: config.getObject<string[]>("allowedCidrs"),
  adminRoleArns: config.getObject<string[]>("adminRoleArns"),
  allowlistExemptRoleArns: config.getObject<string[]>("allowlistExemptRoleArns"),
  vpcEndpointIds: config.getObject<string[]>("vpcEndpointIds"),
  prefix,
  accessMode: "both",
  accessLogging: accessLogBucket === undefined ? undefined : { targetBucket: accessLogBucket },
  forceDestroy: config.getBoolean("forceDestroy") ?? false,
  deletionProtection: config.getBoolean("deletionProtection"),
  connectionName: `${namePrefix} landing zone`,
  workspaceId,
  tags: { "managed-by": "pulumi", project: pulumi.getProject(), stack: pulumi.getStack() },
});
// createConnection defaults to true, so the connection exists.
const connection = landingZone.connection as CloudWorksConnection;

// The source file, uploaded by the deployer (exempt from the allowlist). It must wait for the
// default encryption: an object written before it would stay SSE-S3, not SSE-KMS.
const sourceFile = path.join(__dirname, "source", "accounts.csv");
const sourceKey = `${prefix}source/accounts.csv`;
const accountsCsv = new aws.s3.BucketObjectv2(
  "accounts-csv",
  {
    bucket: landingZone.bucket.id,
    key: sourceKey,
    source: new pulumi.asset.FileAsset(sourceFile),
    contentType: "text/csv",
  },
  { dependsOn: [landingZone.encryption, landingZone.bucketPolicy] },
);
const sourceSha256 = crypto.createHash("sha256").update(fs.readFileSync(sourceFile)).digest("hex");

// --- CloudWorks: imports, export, schedule, notifications, run --------------------------------
const notifications: IntegrationNotificationsArgs | undefined =
  notifyUserGuids.length === 0
    ? undefined
    : {
        channels: ["email", "in_app"],
        fullFailure: notifyUserGuids,
        partialFailure: notifyUserGuids,
        success: config.getBoolean("notifyOnSuccess") ? notifyUserGuids : undefined,
      };

const importAccountsList: IntegrationJobArgs = {
  type: "AmazonS3ToAnaplan",
  connectionId: connection.connectionId,
  file: sourceKey,
  actionId: config.require("accountsImportActionId"),
  fileId: accountsFileId,
};
const importAccountDetails: IntegrationJobArgs = {
  type: "AmazonS3ToAnaplan",
  connectionId: connection.connectionId,
  file: sourceKey,
  actionId: config.require("accountDetailsImportActionId"),
  fileId: config.get("accountDetailsFileId") ?? accountsFileId,
};

let loadIntegrations: CloudWorksIntegration[];
let flow: CloudWorksIntegrationFlow | undefined;
if (loadMode === "process") {
  // One Anaplan process runs both imports in order (list first, then the module).
  loadIntegrations = [
    new CloudWorksIntegration("load-accounts", {
      name: `${namePrefix} load`,
      workspaceId,
      modelId,
      processId: config.require("processId"),
      jobs: [importAccountsList, importAccountDetails],
      notifications,
    }),
  ];
} else {
  loadIntegrations = [
    new CloudWorksIntegration("load-accounts-list", {
      name: `${namePrefix} list`,
      workspaceId,
      modelId,
      jobs: [importAccountsList],
      notifications,
    }),
    new CloudWorksIntegration("load-account-details", {
      name: `${namePrefix} details`,
      workspaceId,
      modelId,
      jobs: [importAccountDetails],
      notifications,
    }),
  ];
  // The module import needs the list members to exist: stop the flow if the list load fails.
  flow = new CloudWorksIntegrationFlow("load-accounts", {
    name: `${namePrefix} load`,
    steps: loadIntegrations.map((integration) => ({
      integrationId: integration.integrationId,
      onFailure: "stop",
      onPartialSuccess: "continue",
    })),
  });
}

const exportAccounts = new CloudWorksIntegration("export-accounts", {
  name: `${namePrefix} export`,
  workspaceId,
  modelId,
  jobs: [
    {
      type: "AnaplanToAmazonS3",
      connectionId: connection.connectionId,
      file: `${prefix}exports/`,
      actionId: config.require("accountsExportActionId"),
      overwrite: true,
    },
  ],
  schedule: {
    name: `${namePrefix} nightly export`,
    type: "daily",
    time: config.get("scheduleTime") ?? "02:00",
    startDate: config.require("scheduleStartDate"),
    timezone: config.get("scheduleTimezone") ?? "Europe/London",
    enabled: config.getBoolean("scheduleEnabled") ?? true,
  },
  notifications,
});

// Runs the load when the stack is first deployed and again whenever the CSV changes.
const loadRun =
  (config.getBoolean("runOnDeploy") ?? true)
    ? new CloudWorksIntegrationRun(
        "load-on-deploy",
        {
          ...(flow === undefined
            ? { integrationId: loadIntegrations[0].integrationId }
            : { flowId: flow.flowId }),
          triggers: { sourceSha256 },
          timeoutSeconds: config.getNumber("runTimeoutSeconds") ?? 1800,
          failOnError: true,
        },
        { dependsOn: [accountsCsv] },
      )
    : undefined;

// The load's latest runs (scheduled or from this program), read once the run on deploy has
// finished so that it is listed. Like every lookup it reads CloudWorks on each preview and update
// (one history call, plus one per failed run); `runHistoryLimit: 0` turns it off.
const runHistoryLimit = config.getNumber("runHistoryLimit") ?? 5;
const loadHistory =
  runHistoryLimit === 0
    ? undefined
    : getCloudWorksRunHistory({
        ...(flow === undefined
          ? {
              integrationId: pulumi
                .all([loadIntegrations[0].integrationId, loadRun?.runId])
                .apply(([id]) => id),
            }
          : { flowId: pulumi.all([flow.flowId, loadRun?.runId]).apply(([id]) => id) }),
        limit: runHistoryLimit,
      });

// --- Stack outputs (the policies are here for review) -------------------------------------------
export const bucketName = landingZone.bucketName;
export const kmsKeyArn = landingZone.kmsKeyArn;
export const allowlist = landingZone.allowlist;
export const deployerArn = landingZone.deployerArn;
export const cloudWorksAccessKeyId = landingZone.accessKeyId;
export const connectionId = connection.connectionId;
export const sourceObjectKey = accountsCsv.key;
export const loadIntegrationIds = loadIntegrations.map((integration) => integration.integrationId);
export const loadFlowId = flow?.flowId;
export const exportIntegrationId = exportAccounts.integrationId;
export const loadRunResult = loadRun
  ? { runId: loadRun.runId, success: loadRun.success, message: loadRun.message }
  : undefined;
export const recentLoadRuns = loadHistory?.runs.apply((runs) =>
  runs.map((r) => ({
    runId: r.runId,
    startDate: r.startDate,
    endDate: r.endDate,
    success: r.success,
    triggerSource: r.triggerSource,
    errorCount: r.errorCount,
  })),
);
export const bucketPolicy = landingZone.bucketPolicyJson;
export const keyPolicy = landingZone.keyPolicyJson;
export const cloudWorksUserPolicy = landingZone.userPolicyJson;
