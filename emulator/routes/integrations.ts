/** I1–I6: import, export and process integrations, v2 and v1 bodies (§5). */
import type { EmulatorCore } from "../core";
import { ACTION_ID, LOWER_HEX_32, UPPER_HEX_32, newId } from "../formats";
import { ApiError, Messages, success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import type { ConnectionType, StoredIntegration, StoredJob, StoredJobEndpoint } from "../store";
import {
  numericId,
  optionalBoolean,
  reject,
  requireName,
  requireObject,
  requireString,
  requireVersion2,
  type JsonObject,
} from "../validation";
import { caller, duplicateName, jsonBody, notFound, schemaUrl, withSchema } from "./common";
import { listPage } from "./listing";
import { addToTenant, removeFromTenant } from "./membership";
import { integrationLatestRunView, latestRunOf } from "./runHistory";
import { creationStamp, integrationNameTaken, modificationStamp, tenantCount } from "./tenant";

const SCHEMA = Messages.schemaNotCompliant;

/** Job types and the cloud side each one moves data from or to (§5.1). */
const JOB_TYPES: Record<string, { direction: "import" | "export"; cloud: ConnectionType }> = {
  AmazonS3ToAnaplan: { direction: "import", cloud: "AmazonS3" },
  AzureBlobToAnaplan: { direction: "import", cloud: "AzureBlob" },
  GoogleBigQueryToAnaplan: { direction: "import", cloud: "GoogleBigQuery" },
  AnaplanToAmazonS3: { direction: "export", cloud: "AmazonS3" },
  AnaplanToAzureBlob: { direction: "export", cloud: "AzureBlob" },
  AnaplanToGoogleBigQuery: { direction: "export", cloud: "GoogleBigQuery" },
};

/** Action-ID prefixes (§2.5): imports 112…, exports 116…, processes 118…. */
const IMPORT_PREFIX = "112";
const EXPORT_PREFIX = "116";
const PROCESS_PREFIX = "118";

interface AnaplanLocation {
  workspaceId: string;
  modelId: string;
}

/** What a create or PUT body sets, the fields a replace overwrites, in the stored order. */
type ParsedIntegration = Pick<
  StoredIntegration,
  "name" | "integrationType" | "processId" | "workspaceId" | "modelId" | "nuxVisible" | "jobs"
>;

function parseJob(
  raw: unknown,
  version: 1 | 2,
  badActions: string[],
  locations: AnaplanLocation[],
): StoredJob {
  const job = requireObject(raw, SCHEMA);
  const spec = typeof job.type === "string" ? JOB_TYPES[job.type] : undefined;
  if (!spec) return reject(SCHEMA);
  const { sources, targets } = job;
  if (
    !Array.isArray(sources) ||
    sources.length !== 1 ||
    !Array.isArray(targets) ||
    targets.length !== 1
  ) {
    return reject(SCHEMA);
  }
  const source = requireObject(sources[0], SCHEMA);
  const target = requireObject(targets[0], SCHEMA);
  const isImport = spec.direction === "import";
  const anaplanInput = isImport ? target : source;
  const cloudInput = isImport ? source : target;
  if (anaplanInput.type !== "Anaplan" || cloudInput.type !== spec.cloud) reject(SCHEMA);

  const actionId = numericId(anaplanInput.actionId);
  if (!actionId || !ACTION_ID.test(actionId)) return reject(SCHEMA);
  if (!actionId.startsWith(isImport ? IMPORT_PREFIX : EXPORT_PREFIX)) badActions.push(actionId);
  const anaplan: StoredJobEndpoint = { type: "Anaplan", actionId };
  if (isImport) {
    const fileId = numericId(anaplanInput.fileId);
    if (!fileId || !ACTION_ID.test(fileId)) return reject(SCHEMA);
    anaplan.fileId = fileId;
  }
  if (version === 1) {
    // v1 carries the workspace and model on the Anaplan side of each job (§5.2).
    locations.push({
      workspaceId: requireString(anaplanInput, "workspaceId", SCHEMA),
      modelId: requireString(anaplanInput, "modelId", SCHEMA),
    });
  }

  const cloud: StoredJobEndpoint = {
    type: spec.cloud,
    connectionId: requireString(cloudInput, "connectionId", SCHEMA),
  };
  if (spec.cloud === "GoogleBigQuery") cloud.table = requireString(cloudInput, "table", SCHEMA);
  else cloud.file = requireString(cloudInput, "file", SCHEMA);
  if (!isImport) {
    const overwrite = optionalBoolean(cloudInput, "overwrite", SCHEMA);
    if (overwrite !== undefined) cloud.overwrite = overwrite;
  }
  const stored: StoredJob = {
    type: job.type as string,
    sources: [isImport ? cloud : anaplan],
    targets: [isImport ? anaplan : cloud],
  };
  if (job.type === "AnaplanToGoogleBigQuery") {
    const mapping = job.mapping;
    if (!Array.isArray(mapping) || mapping.length === 0) return reject(SCHEMA);
    stored.mapping = mapping.map((entry) => {
      const item = requireObject(entry, SCHEMA);
      return {
        sourceName: requireString(item, "sourceName", SCHEMA),
        targetName: requireString(item, "targetName", SCHEMA),
      };
    });
  }
  return stored;
}

/** Validate a create/PUT body in the order a client would fix its mistakes. */
function parseIntegration(
  core: EmulatorCore,
  ctx: RouteContext,
  input: JsonObject,
  exceptId?: string,
): ParsedIntegration {
  const version = ctx.version;
  if (version === 2) {
    requireVersion2(input);
  } else if (input.version !== undefined && input.version !== "1.0") {
    reject(Messages.versionNotSupported);
  }
  const name = requireName(input);
  const nuxVisible = optionalBoolean(input, "nuxVisible") ?? false;
  let processId: string | null = null;
  if (input.processId !== undefined && input.processId !== null) {
    processId = numericId(input.processId) ?? reject();
    if (!ACTION_ID.test(processId)) reject();
  }
  let workspaceId = "";
  let modelId = "";
  if (version === 2) {
    workspaceId = requireString(input, "workspaceId");
    modelId = requireString(input, "modelId");
    if (!LOWER_HEX_32.test(workspaceId) || !UPPER_HEX_32.test(modelId)) reject();
  }

  let rawJobs: unknown[] = [];
  if (input.jobs !== undefined && input.jobs !== null) {
    if (!Array.isArray(input.jobs)) reject();
    rawJobs = input.jobs;
  } else if (processId === null) {
    reject();
  }
  if (processId === null && rawJobs.length !== 1) {
    throw new ApiError(409, "Only a single job is supported by import/export integration");
  }
  // v1 has no top-level workspace, so a v1 process needs at least one job to carry it.
  if (version === 1 && rawJobs.length === 0) reject(SCHEMA);

  const badActions: string[] = [];
  if (processId !== null && !processId.startsWith(PROCESS_PREFIX)) badActions.push(processId);
  const locations: AnaplanLocation[] = [];
  const jobs = rawJobs.map((raw) => parseJob(raw, version, badActions, locations));
  if (version === 1) {
    ({ workspaceId, modelId } = locations[0]);
    if (locations.some((l) => l.workspaceId !== workspaceId || l.modelId !== modelId))
      reject(SCHEMA);
    if (!LOWER_HEX_32.test(workspaceId) || !UPPER_HEX_32.test(modelId)) reject();
  }
  if (badActions.length > 0) {
    reject(
      `Action(s) you included, ${badActions.join(", ")} are not defined in your Anaplan model.`,
    );
  }

  for (const job of jobs) {
    for (const side of [...job.sources, ...job.targets]) {
      if (side.type === "Anaplan") continue;
      const connection = core.state.connections[side.connectionId ?? ""];
      if (!connection) throw new ApiError(404, "Invalid connection_id");
      if (connection.connectionType !== side.type) reject(SCHEMA);
      // Apiary: the integration's workspace must match its connection's, when it has one.
      if (connection.workspaceId && connection.workspaceId !== workspaceId) {
        reject("User does not have access to workspace");
      }
    }
  }
  if (integrationNameTaken(core.state, name, exceptId)) duplicateName(core);

  const integrationType =
    processId !== null
      ? "Process"
      : JOB_TYPES[jobs[0].type].direction === "import"
        ? "Import"
        : "Export";
  return { name, integrationType, processId, workspaceId, modelId, nuxVisible, jobs };
}

/** A job side as GET shows it: connection sides gain read-only connection fields (§5.3). */
function sideView(
  core: EmulatorCore,
  side: StoredJobEndpoint,
  ctx: RouteContext,
  integration: StoredIntegration,
): Record<string, unknown> {
  if (side.type === "Anaplan") {
    return ctx.version === 1
      ? { ...side, workspaceId: integration.workspaceId, modelId: integration.modelId }
      : { ...side };
  }
  const connection = core.state.connections[side.connectionId ?? ""];
  return {
    ...side,
    connectionName: connection?.body.name ?? null,
    isConnectionDeleted: !connection,
    // SETI: `bucketName` is used for every type (the container for Azure).
    bucketName: connection
      ? (connection.body.bucketName ??
        connection.body.containerName ??
        connection.body.dataset ??
        null)
      : null,
  };
}

/** @internal The §5.3 summary (no jobs). */
function integrationSummary(
  core: EmulatorCore,
  integration: StoredIntegration,
  ctx: RouteContext,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    integrationId: integration.integrationId,
    name: integration.name,
    integrationType: integration.integrationType,
  };
  if (integration.processId !== null) view.processId = integration.processId;
  Object.assign(view, {
    workspaceId: integration.workspaceId,
    modelId: integration.modelId,
    createdBy: integration.createdBy,
    creationDate: integration.creationDate,
    modificationDate: integration.modificationDate,
    modifiedBy: integration.modifiedBy,
  });
  const latest = latestRunOf(core.state, integration.integrationId);
  if (latest) view.latestRun = integrationLatestRunView(latest);
  // `notificationId` in integration GETs is a v2 feature (§1).
  if (ctx.version === 2) view.notificationId = integration.notificationId;
  view.nuxVisible = integration.nuxVisible;
  if (integration.schedule) view.schedule = { ...integration.schedule };
  return view;
}

/**
 * The single-integration read. It omits `integrationType`, as the SDK observed (its
 * `SingleIntegration` sentinel, §5.3), so clients that depend on it fail here too.
 */
function integrationDetail(
  core: EmulatorCore,
  integration: StoredIntegration,
  ctx: RouteContext,
): Record<string, unknown> {
  const { integrationType: _omitted, ...summary } = integrationSummary(core, integration, ctx);
  return {
    ...summary,
    ...(ctx.version === 2 ? { version: integration.version } : {}),
    jobs: integration.jobs.map((job) => ({
      ...job,
      sources: job.sources.map((side) => sideView(core, side, ctx, integration)),
      targets: job.targets.map((side) => sideView(core, side, ctx, integration)),
    })),
  };
}

/** @internal The integration the path's `integrationId` names, or 404 "Resource not found". */
export function integrationOf(core: EmulatorCore, ctx: RouteContext): StoredIntegration {
  return core.state.integrations[ctx.params.integrationId] ?? notFound();
}

/** @internal I1: create an import, export or process integration, v2 or v1 body (§5.1, §5.2). */
export function create(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  const input = requireObject(jsonBody(ctx));
  const { name, ...fields } = parseIntegration(core, ctx, input);
  const integration: StoredIntegration = {
    integrationId: newId(),
    name,
    version: "2.0",
    ...fields,
    notificationId: null,
    schedule: null,
    ...creationStamp(user),
  };
  addToTenant(core, core.state.integrations, integration.integrationId, integration);
  return success({ integration: { integrationId: integration.integrationId } });
}

/** @internal I4: replace an integration with a full body (§5.1). */
export function replace(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  const integration = integrationOf(core, ctx);
  const input = requireObject(jsonBody(ctx));
  const parsed = parseIntegration(core, ctx, input, integration.integrationId);
  Object.assign(integration, parsed, modificationStamp(user));
  core.markDirty();
  return success();
}

/** @internal I5: delete an integration that is neither running nor a flow's step (§3). */
export function remove(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const integration = integrationOf(core, ctx);
  const id = integration.integrationId;
  // SETI live: 409 (Apiary's 500 "A running integration cannot be deleted" is not used, §12).
  if (core.runs.isRunning(id)) throw new ApiError(409, Messages.alreadyRunning);
  if (
    Object.values(core.state.integrationFlows).some((flow) =>
      flow.steps.some((s) => s.referrer === id),
    )
  ) {
    throw new ApiError(409, Messages.referenced);
  }
  removeFromTenant(core, core.state.integrations, id);
  return success();
}

/** @internal I2: a page of integrations, without their jobs, and the tenant's count and cap (§5.3). */
export function list(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const page = listPage(core, ctx, Object.values(core.state.integrations));
  return success({
    integrations: page.items.map((integration) => integrationSummary(core, integration, ctx)),
    meta: {
      paging: page.paging,
      schema: schemaUrl(ctx, "integrations"),
      tenantCurrentCount: tenantCount(core.state),
      tenantMaxAllowed: core.options.maxIntegrations,
    },
  });
}

/** @internal I3: one integration with its jobs (§5.3). */
export function read(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return withSchema(ctx, "integration", {
    integration: integrationDetail(core, integrationOf(core, ctx), ctx),
  });
}
