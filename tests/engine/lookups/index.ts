/**
 * Reads objects made outside the stack: each stack config key below switches one reader on, so
 * the engine test can run every combination (and none) on one stack. `managedName` adds one
 * managed connection, so the stack also holds something it owns.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CloudWorksConnection,
  CloudWorksIntegration,
  CloudWorksIntegrationFlow,
  getCloudWorksConnection,
  getCloudWorksIntegration,
  getCloudWorksIntegrationFlow,
  getCloudWorksRunErrors,
  getCloudWorksRunHistory,
} from "pulumi-cloudworks";

const config = new pulumi.Config();
const outputs: Record<string, unknown> = {};

const managedName = config.get("managedName");
if (managedName) {
  const managed = new CloudWorksConnection("managed", {
    name: managedName,
    type: "AmazonS3",
    bucketName: "acme-managed",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: config.requireSecret("s3SecretAccessKey"),
  });
  outputs.managedConnectionId = managed.connectionId;
}

const connectionId = config.get("getConnectionId");
if (connectionId) {
  const shared = CloudWorksConnection.get("shared-connection", connectionId);
  outputs.gotConnection = {
    connectionId: shared.connectionId,
    name: shared.name,
    type: shared.type,
    bucketName: (shared as unknown as { bucketName: pulumi.Output<string> }).bucketName,
    status: shared.status,
    createdBy: shared.createdBy,
  };
}

const integrationId = config.get("getIntegrationId");
if (integrationId) {
  const shared = CloudWorksIntegration.get("shared-integration", integrationId);
  outputs.gotIntegration = {
    integrationId: shared.integrationId,
    name: shared.name,
    integrationType: shared.integrationType,
    latestRun: shared.latestRun,
    jobs: (shared as unknown as { jobs: pulumi.Output<unknown> }).jobs,
  };
}

const flowId = config.get("getFlowId");
if (flowId) {
  const shared = CloudWorksIntegrationFlow.get("shared-flow", flowId);
  outputs.gotFlow = {
    flowId: shared.flowId,
    name: shared.name,
    steps: (shared as unknown as { steps: pulumi.Output<unknown> }).steps,
  };
}

const connectionName = config.get("connectionName");
if (connectionName) outputs.foundConnection = getCloudWorksConnection({ name: connectionName });
const integrationName = config.get("integrationName");
if (integrationName) outputs.foundIntegration = getCloudWorksIntegration({ name: integrationName });
const flowName = config.get("flowName");
if (flowName) outputs.foundFlow = getCloudWorksIntegrationFlow({ name: flowName });

const historyIntegrationId = config.get("historyIntegrationId");
if (historyIntegrationId) {
  outputs.integrationHistory = getCloudWorksRunHistory({
    integrationId: historyIntegrationId,
    limit: config.getNumber("historyLimit"),
  });
}
const historyFlowId = config.get("historyFlowId");
if (historyFlowId) outputs.flowHistory = getCloudWorksRunHistory({ flowId: historyFlowId });
const runId = config.get("runId");
if (runId) outputs.runErrors = getCloudWorksRunErrors({ runId });

export const read = outputs;
