import type * as pulumi from "@pulumi/pulumi";
import type { ConnectionBody, ConnectionCreateRequest, ConnectionSummary } from "../client";
import { configureProvider, getCloudWorksClient } from "./clientFactory";
import { createWithRecovery } from "./createRecovery";
import { compact, deepEqual } from "./equality";
import { hasStatus, operationError, ResourceOperationError } from "./errors";
import { listCache } from "./listCache";
import { ConnectionInputs, ConnectionType } from "./inputs";
import { missingRead } from "./getRead";
import { containsUnknown, isUnknown } from "./unknowns";
import { s3BucketNameProblem } from "./s3BucketName";
import {
  checkName,
  checkReservedKeys,
  describeValue,
  FailureCollector,
  LOWER_HEX_ID,
  typeName,
} from "./validation";

const KIND = "CloudWorksConnection";
const CONNECTION_TYPES: readonly ConnectionType[] = ["AmazonS3", "AzureBlob", "GoogleBigQuery"];

/** The per-type fields, with which of them are secret and required (reference §4.1). */
const TYPE_FIELDS: Record<
  ConnectionType,
  { required: string[]; optional: string[]; secret: string[] }
> = {
  AmazonS3: {
    required: ["bucketName", "accessKeyId", "secretAccessKey"],
    optional: ["roleArn"],
    secret: ["secretAccessKey"],
  },
  AzureBlob: {
    required: ["storageAccountName", "containerName", "sasToken"],
    optional: [],
    secret: ["sasToken"],
  },
  GoogleBigQuery: {
    required: ["dataset", "serviceAccountKey"],
    optional: [],
    secret: ["serviceAccountKey"],
  },
};

const ALL_TYPE_FIELDS = [
  ...new Set(Object.values(TYPE_FIELDS).flatMap((f) => [...f.required, ...f.optional])),
];

/** Every input property of a connection, for the unknown-property check. */
const CONNECTION_KEYS = ["name", "type", "workspaceId", "adoptExistingId", ...ALL_TYPE_FIELDS];

/**
 * Fields whose change replaces the connection. The type decides the body shape, and the
 * workspace decides who may see the connection; neither is meaningfully editable in place.
 * Everything else, secrets included, is updated with a full-body PUT: the provider always holds
 * the complete credential set (from state), which is what the API needs (reference §4.2).
 */
const REPLACE_FIELDS = ["type", "workspaceId"];
const COMPARED_FIELDS = ["name", ...REPLACE_FIELDS, ...ALL_TYPE_FIELDS];

/** Server-side fields added to the outputs. */
const SERVER_FIELDS = [
  "status",
  "integrationErrorCode",
  "creationDate",
  "modificationDate",
  "createdBy",
  "modifiedBy",
];

/**
 * The Azure auth-method value (reference §4.1). Its key is unresolved between `auth_method`
 * (SETI's live notes) and `authMethod` (the SDK, and the key GET returns); we send the camelCase
 * key like every other field of the API, and the emulator accepts both.
 */
const AZURE_AUTH_METHOD = "SAS-based";

/** Implements check/diff/create/read/update/delete of CloudWorks connections. */
export class ConnectionProvider implements pulumi.dynamic.ResourceProvider {
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureProvider(request.config);
  }

  async check(
    _olds: ConnectionInputs,
    news: ConnectionInputs,
  ): Promise<pulumi.dynamic.CheckResult> {
    const collector = new FailureCollector();
    checkReservedKeys(collector, "", news);
    collector.knownKeys("", news, CONNECTION_KEYS);
    checkName(collector, "name", news.name);
    if (collector.required("type", news.type, `one of ${CONNECTION_TYPES.join(", ")}`)) {
      collector.oneOf("type", news.type, CONNECTION_TYPES);
    }
    collector.pattern("workspaceId", news.workspaceId, LOWER_HEX_ID, "32 lowercase hex characters");
    collector.pattern(
      "adoptExistingId",
      news.adoptExistingId,
      LOWER_HEX_ID,
      "a connection ID of 32 lowercase hex characters",
    );
    const type = news.type;
    if (CONNECTION_TYPES.includes(type)) {
      const fields = TYPE_FIELDS[type];
      const record = news as unknown as Record<string, unknown>;
      for (const field of fields.required)
        collector.required(field, record[field], `set for ${type} connections`);
      for (const field of ALL_TYPE_FIELDS) {
        if (!fields.required.includes(field) && !fields.optional.includes(field)) {
          collector.forbidden(field, record[field], `on ${type} connections`);
        }
      }
      checkTypeSpecificFormats(collector, news);
    }
    return { inputs: news, failures: collector.engineSafe(news) };
  }

  async diff(
    _id: string,
    olds: ConnectionInputs,
    news: ConnectionInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const changed = changedFields(olds, news, COMPARED_FIELDS);
    const replaces = changed.filter((field) => REPLACE_FIELDS.includes(field));
    return {
      changes: changed.length > 0,
      replaces,
      // Names are unique in a tenant: a replacement that keeps the name must delete first.
      deleteBeforeReplace: replaces.length > 0 && !isUnknown(news.name) && olds.name === news.name,
    };
  }

  async create(inputs: ConnectionInputs): Promise<pulumi.dynamic.CreateResult> {
    const client = getCloudWorksClient();
    let connectionId: string;
    // Whether this call's POST made the object (rather than adoption or the recovery of a lost
    // response), so that nothing but the ID and the inputs can be in it.
    let posted = false;
    if (inputs.adoptExistingId) {
      connectionId = await adoptById(inputs);
    } else {
      connectionId = await createWithRecovery({
        kind: KIND,
        noun: "connection",
        name: inputs.name,
        post: async () => {
          const id = await client.createConnection(createRequest(inputs));
          posted = true;
          return id;
        },
        findByName: async () => {
          const existing = (await listConnections(true)).find((c) => c.body?.name === inputs.name);
          return (
            existing && {
              id: existing.connectionId,
              matches: deepEqual(visibleFieldsOf(existing), visibleFields(inputs)),
            }
          );
        },
        // A match on the visible fields is our own create whose response was lost; write the
        // credentials again so they are certainly this resource's.
        beforeAdopt: (id) => client.updateConnection(id, connectionBody(inputs)),
      });
    }
    // A fresh POST is not read back: the list (there is no GET by ID) would only add the server
    // fields (status, audit), which are outputs alone. The next refresh fills them and Pulumi
    // (3.248) reports no change for outputs a refresh fills, so the read-back, one shared list
    // pass per few creates (each pass one call per 100 connections), bought nothing a later
    // step needs. Adopted or recovered objects are read back: they may hold anything.
    return {
      id: connectionId,
      outs: outputsFor(connectionId, inputs, posted ? undefined : await readBack(connectionId)),
    };
  }

  async read(
    id: string,
    props: ConnectionInputs & Record<string, unknown>,
  ): Promise<pulumi.dynamic.ReadResult> {
    let summary: ConnectionSummary | undefined;
    try {
      summary = await fetchSummary(id);
    } catch (error) {
      throw operationError(KIND, props?.name, "read", error);
    }
    // Gone out of band: a blank ID tells the engine to drop it from state.
    if (!summary) return missingRead(KIND, "connection", id, props);
    const refreshed = inputsFromSummary(summary, props);
    return {
      id,
      props: outputsFor(id, refreshed, summary),
      inputs: refreshed as unknown as Record<string, unknown>,
    };
  }

  async update(
    id: string,
    olds: ConnectionInputs,
    news: ConnectionInputs,
  ): Promise<pulumi.dynamic.UpdateResult> {
    const client = getCloudWorksClient();
    try {
      await client.updateConnection(id, connectionBody(news));
    } catch (error) {
      throw operationError(KIND, news.name ?? olds.name, "update", error);
    } finally {
      listCache.clear();
    }
    return { outs: outputsFor(id, news, await readBack(id)) };
  }

  async delete(id: string, props: ConnectionInputs): Promise<void> {
    const client = getCloudWorksClient();
    try {
      await client.deleteConnection(id);
    } catch (error) {
      if (hasStatus(error, 404)) return;
      if (hasStatus(error, 409)) {
        const users = await integrationsUsing(id).catch(() => [] as string[]);
        const detail =
          users.length > 0
            ? ` It is used by integration(s) ${users.map((n) => `"${n}"`).join(", ")}.`
            : "";
        throw new ResourceOperationError(
          `${KIND} "${props.name}": delete failed: CloudWorks refuses to delete a connection that an integration references.${detail} Delete or repoint those integrations first.`,
        );
      }
      throw operationError(KIND, props.name, "delete", error);
    } finally {
      listCache.clear();
    }
  }
}

function checkTypeSpecificFormats(collector: FailureCollector, news: ConnectionInputs): void {
  const bucket = news.bucketName;
  if (bucket !== undefined && bucket !== null && !isUnknown(bucket)) {
    // The landing zone's rules (one shared copy); dots are allowed for existing buckets.
    const problem = typeof bucket === "string" ? s3BucketNameProblem(bucket) : "be a string";
    if (problem !== undefined)
      collector.fail(
        "bucketName",
        `bucketName must be a valid S3 bucket name: it must ${problem}; got ${describeValue(bucket)}`,
      );
  }
  // Secrets are never echoed: the messages name the type received, not the value.
  collector.secretString("secretAccessKey", news.secretAccessKey);
  collector.secretString("sasToken", news.sasToken);
  collector.pattern(
    "accessKeyId",
    news.accessKeyId,
    /^[A-Z0-9]{16,128}$/,
    "an AWS access key ID (upper-case letters and digits)",
  );
  collector.pattern(
    "roleArn",
    news.roleArn,
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    "an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
  );
  collector.pattern(
    "storageAccountName",
    news.storageAccountName,
    /^[a-z0-9]{3,24}$/,
    "3–24 lowercase letters and digits",
  );
  collector.pattern(
    "containerName",
    news.containerName,
    /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    "a valid Azure container name (3–63 lowercase letters, digits and single hyphens)",
  );
  collector.pattern(
    "dataset",
    news.dataset,
    /^[A-Za-z0-9_]{1,1024}$/,
    "a BigQuery dataset name (letters, digits and '_')",
  );
  const key = news.serviceAccountKey;
  if (key !== undefined && key !== null && typeof key !== "string" && typeof key !== "object") {
    collector.fail(
      "serviceAccountKey",
      `serviceAccountKey must be the service-account key JSON (text or object); got ${typeName(key)}`,
    );
  } else if (key !== undefined && !isUnknown(key) && !containsUnknown(key)) {
    const parsed = parseServiceAccountKey(key);
    if (typeof parsed === "string") {
      collector.fail("serviceAccountKey", `serviceAccountKey ${parsed}`);
    }
  }
}

/** A PEM private-key block, as in Google's key files (PKCS#8) or the older RSA form. */
const PEM_PRIVATE_KEY =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** The ten keys CloudWorks documents for `serviceAccountKey` (reference §4.1), all present in Google's key files. */
const SERVICE_ACCOUNT_KEYS = [
  "type",
  "projectId",
  "privateKeyId",
  "privateKey",
  "clientEmail",
  "clientId",
  "authUri",
  "tokenUri",
  "authProviderX509CertUrl",
  "clientX509CertUrl",
];

/**
 * Normalises a Google service-account key to the camelCase keys CloudWorks documents. Users hold
 * Google's own key file, whose keys are snake_case (`private_key`); whether CloudWorks accepts
 * those is unknown (reference §13), so we convert rather than send something unverified.
 * Keys CloudWorks does not document (newer key files add `universe_domain`) are dropped, since an
 * unknown key may be rejected as an invalid body. Returns a reason string when the key is
 * unusable; the reason never includes key material.
 */
export function parseServiceAccountKey(
  value: string | Record<string, string>,
): Record<string, string> | string {
  let raw: unknown = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      return "must be the service-account key JSON (text or object); the text given is not valid JSON";
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return "must be a JSON object";
  const byCamelKey: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(raw as Record<string, unknown>)) {
    const camel = key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    byCamelKey[camel] = fieldValue;
  }
  const normalised: Record<string, string> = {};
  const wrongType: string[] = [];
  for (const key of SERVICE_ACCOUNT_KEYS) {
    const fieldValue = byCamelKey[key];
    if (typeof fieldValue === "string" && fieldValue !== "") normalised[key] = fieldValue;
    else if (fieldValue !== undefined && fieldValue !== null && fieldValue !== "")
      wrongType.push(`${key} (${typeName(fieldValue)})`);
  }
  if (wrongType.length > 0)
    return `must hold text in every field; not text: ${wrongType.join(", ")}`;
  const missing = SERVICE_ACCOUNT_KEYS.filter((field) => !normalised[field]);
  if (missing.length > 0) return `is missing ${missing.join(", ")}`;
  if (normalised.type !== "service_account") return `must have type "service_account"`;
  // Google's key files hold a PKCS#8 PEM block; anything else cannot sign CloudWorks' token
  // requests, and the API would only say "Invalid request body" at `up`.
  if (!PEM_PRIVATE_KEY.test(normalised.privateKey))
    return "privateKey (private_key) must be a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)";
  return normalised;
}

function connectionBody(inputs: ConnectionInputs): ConnectionBody {
  return connectionFields(inputs) as unknown as ConnectionBody;
}

function connectionFields(inputs: ConnectionInputs): Record<string, unknown> {
  const common = { name: inputs.name, workspaceId: inputs.workspaceId };
  switch (inputs.type) {
    case "AmazonS3":
      return compact({
        ...common,
        bucketName: inputs.bucketName,
        accessKeyId: inputs.accessKeyId,
        secretAccessKey: inputs.secretAccessKey,
        roleArn: inputs.roleArn,
      });
    case "AzureBlob":
      return compact({
        ...common,
        storageAccountName: inputs.storageAccountName,
        containerName: inputs.containerName,
        sasToken: inputs.sasToken,
        authMethod: AZURE_AUTH_METHOD,
      });
    case "GoogleBigQuery": {
      const key = parseServiceAccountKey(inputs.serviceAccountKey ?? "");
      return compact({
        ...common,
        dataset: inputs.dataset,
        serviceAccountKey: typeof key === "string" ? undefined : key,
      });
    }
  }
}

function createRequest(inputs: ConnectionInputs): ConnectionCreateRequest {
  return { type: inputs.type, body: connectionBody(inputs) } as unknown as ConnectionCreateRequest;
}

/**
 * The tenant's connections as reads (refresh) see them: one cached list for the whole provider
 * run, so refreshing N connections costs one pass over the list. `fresh` lists anew (for the
 * lookups that decide adoption, which must not trust an older list).
 */
async function listConnections(fresh: boolean): Promise<ConnectionSummary[]> {
  const client = getCloudWorksClient();
  if (fresh) {
    listCache.clear();
    return client.listConnections();
  }
  return listCache.get("connections", () => client.listConnections());
}

/** One connection from the run's cached list (reads only; writes read back with readBack). */
async function fetchSummary(connectionId: string): Promise<ConnectionSummary | undefined> {
  const connections = await listConnections(false);
  return connections.find((connection) => connection.connectionId === connectionId);
}

/** How long a read-back waits for other writes to finish, so that they share one list call. */
const READ_BACK_GATHER_MS = 25;
let gatheringList: Promise<ConnectionSummary[]> | undefined;

/**
 * Reads a connection back after this process wrote it, for the server fields of its outputs.
 * There is no GET by ID, only the list, so each write reading the whole list would cost N list
 * passes for N connections. A list that starts after a write has finished is sure to include
 * it, so every write that finishes while a list is still gathering joins that list; once the
 * list starts, later writes gather the next one. Creates running in parallel thus share list
 * calls. A failed read-back does not fail the write (the object exists and must be recorded):
 * the server fields stay null until the next refresh.
 */
async function readBack(connectionId: string): Promise<ConnectionSummary | undefined> {
  gatheringList ??= new Promise((resolve) => setTimeout(resolve, READ_BACK_GATHER_MS)).then(() => {
    gatheringList = undefined;
    return getCloudWorksClient().listConnections();
  });
  try {
    return (await gatheringList).find((connection) => connection.connectionId === connectionId);
  } catch {
    return undefined;
  }
}

/** The non-secret fields the list returns, for comparing a found object with what we sent. */
function visibleFields(inputs: ConnectionInputs): Record<string, unknown> {
  return compact({
    type: inputs.type,
    name: inputs.name,
    workspaceId: inputs.workspaceId,
    bucketName: inputs.bucketName,
    storageAccountName: inputs.storageAccountName,
    containerName: inputs.containerName,
    dataset: inputs.dataset,
  });
}

function visibleFieldsOf(summary: ConnectionSummary): Record<string, unknown> {
  const body = (summary.body ?? {}) as unknown as Record<string, unknown>;
  return compact({
    type: summary.connectionType,
    name: body.name as string | undefined,
    workspaceId: summary.workspaceId ?? undefined,
    bucketName: body.bucketName as string | undefined,
    storageAccountName: body.storageAccountName as string | undefined,
    containerName: body.containerName as string | undefined,
    dataset: body.dataset as string | undefined,
  });
}

async function adoptById(inputs: ConnectionInputs): Promise<string> {
  const client = getCloudWorksClient();
  const id = inputs.adoptExistingId as string;
  const existing = (await listConnections(true)).find((c) => c.connectionId === id);
  if (!existing) {
    throw new ResourceOperationError(
      `${KIND} "${inputs.name}": adopt failed: no connection with ID ${id} exists in this tenant.`,
    );
  }
  if (existing.connectionType !== inputs.type) {
    throw new ResourceOperationError(
      `${KIND} "${inputs.name}": adopt failed: connection ${id} is of type ${existing.connectionType}, not ${inputs.type}.`,
    );
  }
  try {
    // Adoption makes the object match the program, credentials included.
    await client.updateConnection(id, connectionBody(inputs));
  } catch (error) {
    throw operationError(KIND, inputs.name, "adopt", error);
  } finally {
    listCache.clear();
  }
  return id;
}

function inputsFromSummary(
  summary: ConnectionSummary,
  previous: ConnectionInputs,
): ConnectionInputs {
  const visible = visibleFieldsOf(summary);
  const refreshed: Record<string, unknown> = {};
  for (const field of ["name", "type", "workspaceId", ...ALL_TYPE_FIELDS]) {
    const record = previous as unknown as Record<string, unknown>;
    refreshed[field] =
      field in visible
        ? visible[field]
        : TYPE_SECRET_OR_HIDDEN.has(field)
          ? record[field]
          : undefined;
  }
  return compact(refreshed) as unknown as ConnectionInputs;
}

/** Fields the list never returns; their last known value comes from state. */
const TYPE_SECRET_OR_HIDDEN = new Set([
  "accessKeyId",
  "secretAccessKey",
  "roleArn",
  "sasToken",
  "serviceAccountKey",
]);

function outputsFor(
  id: string,
  inputs: ConnectionInputs,
  summary: ConnectionSummary | undefined,
): Record<string, unknown> {
  const server: Record<string, unknown> = {};
  const record = (summary ?? {}) as unknown as Record<string, unknown>;
  for (const field of SERVER_FIELDS) server[field] = record[field] ?? null;
  const { adoptExistingId: _ignored, ...rest } = inputs;
  return { ...compact(rest as unknown as Record<string, unknown>), ...server, connectionId: id };
}

/** The fields whose new value differs from the old one or is not known yet. */
function changedFields(olds: object, news: object, fields: string[]): string[] {
  const oldRecord = olds as Record<string, unknown>;
  const newRecord = news as Record<string, unknown>;
  return fields.filter(
    (field) => isUnknown(newRecord[field]) || !deepEqual(oldRecord[field], newRecord[field]),
  );
}

async function integrationsUsing(connectionId: string): Promise<string[]> {
  const client = getCloudWorksClient();
  const names: string[] = [];
  for (const summary of await client.listIntegrations()) {
    const detail = await client.getIntegration(summary.integrationId);
    const sides = (detail.jobs ?? []).flatMap((job) => [
      ...(job.sources ?? []),
      ...(job.targets ?? []),
    ]);
    if (sides.some((side) => (side as { connectionId?: string }).connectionId === connectionId))
      names.push(summary.name);
  }
  return names;
}
