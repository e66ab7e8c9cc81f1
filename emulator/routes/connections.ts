/** C1–C5: connections to S3, Azure Blob and BigQuery (§4). */
import type { EmulatorCore } from "../core";
import { LOWER_HEX_32, isoDate, newId } from "../formats";
import { ApiError, Messages, success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import { CONNECTION_TYPES, type ConnectionType, type StoredConnection } from "../store";
import { isObject, isValidName, reject, requireObject, type JsonObject } from "../validation";
import { caller, duplicateName, jsonBody, notFound, schemaUrl } from "./common";
import { pageOf } from "./listing";
import { modificationStamp } from "./tenant";

interface TypeSpec {
  /** String fields a create or PUT must carry. */
  required: string[];
  /** String fields that may be sent. */
  optional: string[];
  /** The only body fields a GET returns (§4.3); everything else may be secret. */
  visible: string[];
}

const SPECS: Record<ConnectionType, TypeSpec> = {
  AmazonS3: {
    required: ["name", "accessKeyId", "secretAccessKey", "bucketName"],
    optional: ["roleArn"],
    visible: ["name", "bucketName"],
  },
  AzureBlob: {
    required: ["name", "storageAccountName", "sasToken", "containerName"],
    optional: [],
    visible: ["name", "storageAccountName", "containerName", "authMethod"],
  },
  GoogleBigQuery: { required: ["name", "dataset"], optional: [], visible: ["name", "dataset"] },
};

/** Apiary's camelCase service-account keys, with Google's native snake_case spelling accepted too. */
const SERVICE_ACCOUNT_KEYS: [camel: string, snake: string][] = [
  ["type", "type"],
  ["projectId", "project_id"],
  ["privateKeyId", "private_key_id"],
  ["privateKey", "private_key"],
  ["clientEmail", "client_email"],
  ["clientId", "client_id"],
  ["authUri", "auth_uri"],
  ["tokenUri", "token_uri"],
  ["authProviderX509CertUrl", "auth_provider_x509_cert_url"],
  ["clientX509CertUrl", "client_x509_cert_url"],
];

/** The only Azure auth method whose API fields are known (§4.1); OAuth2 is unconfirmed. */
const AZURE_AUTH_METHODS = ["SAS-based"];

const S3_BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

function readServiceAccountKey(value: unknown): Record<string, string> {
  const input = requireObject(value);
  const key: Record<string, string> = {};
  for (const [camel, snake] of SERVICE_ACCOUNT_KEYS) {
    const field = input[camel] ?? input[snake];
    if (typeof field !== "string" || field.trim() === "") reject();
    key[camel] = field;
  }
  if (key.type !== "service_account") reject();
  return key;
}

interface ConnectionFields {
  fields: Record<string, unknown>;
  workspaceId: string | undefined;
}

/** Read the inner connection body; `full` demands every required field (create and PUT). */
function readFields(type: ConnectionType, input: JsonObject, full: boolean): ConnectionFields {
  const spec = SPECS[type];
  const fields: Record<string, unknown> = {};
  for (const key of [...spec.required, ...spec.optional]) {
    const value = input[key];
    if (value === undefined || value === null) {
      if (full && spec.required.includes(key)) reject();
      continue;
    }
    if (typeof value !== "string" || value.trim() === "") reject();
    fields[key] = value;
  }
  if (typeof fields.name === "string" && !isValidName(fields.name)) reject();
  if (type === "AzureBlob") {
    // SETI sends `auth_method`, the SDK `authMethod`; which one the server needs is unresolved (§12).
    const method = input.authMethod ?? input.auth_method;
    if (method === undefined || method === null) {
      if (full) reject();
    } else if (typeof method !== "string" || !AZURE_AUTH_METHODS.includes(method)) {
      reject();
    } else {
      fields.authMethod = method;
    }
  }
  if (type === "GoogleBigQuery") {
    if (input.serviceAccountKey === undefined || input.serviceAccountKey === null) {
      if (full) reject();
    } else {
      fields.serviceAccountKey = readServiceAccountKey(input.serviceAccountKey);
    }
  }
  let workspaceId: string | undefined;
  if (input.workspaceId !== undefined && input.workspaceId !== null) {
    if (typeof input.workspaceId !== "string" || !LOWER_HEX_32.test(input.workspaceId)) reject();
    workspaceId = input.workspaceId;
  }
  return { fields, workspaceId };
}

/**
 * The real service tests the third-party credentials on every write (SETI). Offline, the
 * emulator applies documented rules instead (README "Credential validation").
 */
function checkThirdParty(type: ConnectionType, body: Record<string, unknown>): void {
  const invalid = (value: unknown): boolean =>
    typeof value === "string" && value.startsWith("INVALID");
  if (type === "AmazonS3") {
    if (invalid(body.accessKeyId) || invalid(body.secretAccessKey))
      reject("Credentials are invalid");
    const bucket = String(body.bucketName);
    if (!S3_BUCKET_NAME.test(bucket) || bucket.includes("..")) reject("Bucket name is invalid");
    if (bucket.startsWith("denied-")) reject("Bucket access denied");
    if (body.roleArn !== undefined && !ROLE_ARN.test(String(body.roleArn)))
      reject("Role arn is invalid");
  } else if (type === "AzureBlob") {
    if (invalid(body.sasToken)) reject("Credentials are invalid");
  } else {
    const key = body.serviceAccountKey as Record<string, string> | undefined;
    if (invalid(key?.privateKeyId) || invalid(key?.privateKey)) reject("Credentials are invalid");
    if (String(body.dataset).startsWith("denied-")) reject("Dataset access denied");
  }
}

function nameTaken(core: EmulatorCore, name: unknown, exceptId?: string): boolean {
  return Object.values(core.state.connections).some(
    (c) => c.body.name === name && c.connectionId !== exceptId,
  );
}

function asConnectionType(value: unknown): ConnectionType {
  if (typeof value !== "string" || !CONNECTION_TYPES.includes(value as ConnectionType)) {
    throw new ApiError(400, "Invalid connection type");
  }
  return value as ConnectionType;
}

/**
 * PUT and PATCH bodies: Apiary sends the bare inner object, SETI/Postman `{type, body}` or
 * `{body}` (§4.2, §12). Both are accepted; a `type` that differs from the connection's is refused.
 */
function unwrapUpdate(input: JsonObject, connection: StoredConnection): JsonObject {
  if (!isObject(input.body)) return input;
  if (input.type !== undefined && asConnectionType(input.type) !== connection.connectionType) {
    throw new ApiError(400, "Invalid connection type");
  }
  return input.body;
}

/** @internal The §4.3 list item: non-secret body fields only. */
function connectionView(connection: StoredConnection): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key of SPECS[connection.connectionType]?.visible ?? ["name"]) {
    if (connection.body[key] !== undefined) body[key] = connection.body[key];
  }
  return {
    connectionId: connection.connectionId,
    connectionType: connection.connectionType,
    body,
    creationDate: connection.creationDate,
    modificationDate: connection.modificationDate,
    createdBy: connection.createdBy,
    modifiedBy: connection.modifiedBy,
    status: connection.status,
    integrationErrorCode: connection.integrationErrorCode,
    workspaceId: connection.workspaceId,
    authMethod: connection.authMethod,
  };
}

/** The connection the path's `connectionId` names, or 404 "Resource not found". */
function connectionOf(core: EmulatorCore, ctx: RouteContext): StoredConnection {
  return core.state.connections[ctx.params.connectionId] ?? notFound();
}

/** @internal Integrations whose jobs use the connection. */
function isConnectionReferenced(core: EmulatorCore, connectionId: string): boolean {
  return Object.values(core.state.integrations).some((integration) =>
    integration.jobs.some((job) =>
      [...job.sources, ...job.targets].some((side) => side.connectionId === connectionId),
    ),
  );
}

/** @internal C1: create a connection (§4.1). */
export function create(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const user = caller(ctx);
  const input = requireObject(jsonBody(ctx));
  const type = asConnectionType(input.type);
  const { fields, workspaceId } = readFields(type, requireObject(input.body), true);
  if (nameTaken(core, fields.name)) duplicateName(core);
  checkThirdParty(type, fields);
  // Not creationStamp(): a stored connection keeps its audit fields in its own order (the
  // admin API's /state shows it), creation date first.
  const now = isoDate();
  const connection: StoredConnection = {
    connectionId: newId(),
    connectionType: type,
    body: fields as StoredConnection["body"],
    creationDate: now,
    modificationDate: now,
    createdBy: user.displayName,
    modifiedBy: user.displayName,
    status: 1,
    integrationErrorCode: null,
    workspaceId: workspaceId ?? null,
    authMethod: type === "AzureBlob" ? String(fields.authMethod) : null,
  };
  core.state.connections[connection.connectionId] = connection;
  core.markDirty();
  return success({ connections: { connectionId: connection.connectionId } });
}

/** C3 and C4: a PUT (`full`) sends every required field, a PATCH only the fields it changes. */
function update(core: EmulatorCore, ctx: RouteContext, full: boolean): HandlerResult {
  const user = caller(ctx);
  const connection = connectionOf(core, ctx);
  const input = unwrapUpdate(requireObject(jsonBody(ctx)), connection);
  const { fields, workspaceId } = readFields(connection.connectionType, input, full);
  if (!full && Object.keys(fields).length === 0 && workspaceId === undefined) reject();
  const body = (full ? fields : { ...connection.body, ...fields }) as StoredConnection["body"];
  if (fields.name !== undefined && nameTaken(core, fields.name, connection.connectionId))
    duplicateName(core);
  checkThirdParty(connection.connectionType, body);
  connection.body = body;
  if (workspaceId !== undefined) connection.workspaceId = workspaceId;
  if (connection.connectionType === "AzureBlob") connection.authMethod = String(body.authMethod);
  // Credentials were just re-validated, so a connection marked invalid becomes valid again.
  connection.status = 1;
  connection.integrationErrorCode = null;
  Object.assign(connection, modificationStamp(user));
  core.markDirty();
  return success();
}

/** @internal C3: replace a connection's body, every required field sent (§4.2). */
export function replace(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return update(core, ctx, true);
}

/** @internal C4: change some fields of a connection's body (§4.2). */
export function patch(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return update(core, ctx, false);
}

/** @internal C2: a page of connections, without their secrets (§4.3). */
export function list(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const page = pageOf(core, ctx, Object.values(core.state.connections).map(connectionView));
  return success({
    connections: page.items,
    meta: {
      paging: page.paging,
      schema: `${schemaUrl(ctx, "connections")}?connectionType=<connectionType>`,
    },
  });
}

/** @internal C5: delete a connection no integration uses (§4). */
export function remove(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const connection = connectionOf(core, ctx);
  if (isConnectionReferenced(core, connection.connectionId)) {
    throw new ApiError(409, Messages.referenced);
  }
  delete core.state.connections[connection.connectionId];
  core.markDirty();
  return success();
}
