import type { ConnectionBody, ConnectionCreateRequest, ConnectionSummary } from "../client";
import { auditFieldsOf } from "../client/records";
import { compact, deepEqual, pick } from "./equality";
import { ResourceOperationError } from "./errors";
import { ConnectionInputs, ConnectionOutputs } from "./inputs";
import { isUnknown } from "./unknowns";
import { checkConnection, parseServiceAccountKey } from "./connectionRules";
import { CONNECTION_INPUT_FIELDS, SHOWN_TYPE_FIELDS, UNSHOWN_TYPE_FIELDS } from "./connectionTypes";
import { checked } from "./validation";
import { LISTED_CONNECTIONS } from "./listing";
import {
  CloudWorksObjectProvider,
  getCloudWorksClient,
  listCache,
  withoutAdoption,
} from "./providerBase";
import type { CreatedObject } from "./providerBase";

const KIND = "CloudWorksConnection";
/**
 * Fields whose change replaces the connection. The type decides the body shape, and the
 * workspace decides who may see the connection; neither is meaningfully editable in place.
 * Everything else, secrets included, is updated with a full-body PUT: the provider always holds
 * the complete credential set (from state), which is what the API needs (reference §4.2).
 */
const REPLACE_FIELDS: (keyof ConnectionInputs)[] = ["type", "workspaceId"];

/**
 * The Azure auth-method value (reference §4.1). Its key is unresolved between `auth_method`
 * (SETI's live notes) and `authMethod` (the SDK, and the key GET returns); we send the camelCase
 * key like every other field of the API, and the emulator accepts both.
 */
const AZURE_AUTH_METHOD = "SAS-based";

/**
 * Check, diff, create, read, update and delete of CloudWorks connections: the lifecycle is
 * CloudWorksObjectProvider's; the connection's calls, mapping and diff are here.
 */
export class ConnectionProvider extends CloudWorksObjectProvider<
  ConnectionInputs,
  ConnectionOutputs,
  ConnectionSummary,
  ConnectionSummary
> {
  constructor() {
    super(KIND, LISTED_CONNECTIONS, checkConnection);
  }

  protected changedFields(
    olds: ConnectionOutputs,
    news: ConnectionInputs,
  ): (keyof ConnectionInputs)[] {
    return CONNECTION_INPUT_FIELDS.filter(
      (field) => isUnknown(news[field]) || !deepEqual(olds[field], news[field]),
    );
  }

  protected replacedFields(changed: (keyof ConnectionInputs)[]): (keyof ConnectionInputs)[] {
    return changed.filter((field) => REPLACE_FIELDS.includes(field));
  }

  protected async checkAdoptable(inputs: ConnectionInputs, id: string): Promise<void> {
    // Adoption must not trust an older list: the cached one is dropped and the list read anew.
    listCache.clear();
    const existing = await getCloudWorksClient().getConnection(id);
    if (!existing) {
      throw new ResourceOperationError(
        `${this.kind} "${inputs.name}": adopt failed: ${this.noSuchObject(id)}`,
      );
    }
    if (existing.connectionType !== inputs.type) {
      throw new ResourceOperationError(
        `${this.kind} "${inputs.name}": adopt failed: connection ${id} is of type ${existing.connectionType}, not ${inputs.type}.`,
      );
    }
  }

  // The list never shows the secrets, so the visible fields decide.
  protected async matchesInputs(
    existing: ConnectionSummary,
    inputs: ConnectionInputs,
  ): Promise<boolean> {
    return deepEqual(visibleFieldsOf(existing), visibleFields(inputs));
  }

  // A match on the visible fields is our own create whose response was lost; write the
  // credentials again so they are certainly this resource's.
  protected beforeAdopt(inputs: ConnectionInputs, id: string): Promise<void> {
    return this.put(id, inputs);
  }

  protected post(inputs: ConnectionInputs): Promise<string> {
    return getCloudWorksClient().createConnection(createRequest(inputs));
  }

  protected put(id: string, inputs: ConnectionInputs): Promise<void> {
    return getCloudWorksClient().updateConnection(id, connectionBody(inputs));
  }

  // A fresh POST is not read back: the list (there is no GET by ID) would only add the server
  // fields (status, audit), which are outputs alone. The next refresh fills them and Pulumi
  // (3.248) reports no change for outputs a refresh fills, so the read-back, one shared list
  // pass per few creates (each pass one call per 100 connections), bought nothing a later
  // step needs. Adopted or recovered objects are read back: they may hold anything.
  protected async outputsAfterCreate(
    { id, posted }: CreatedObject,
    inputs: ConnectionInputs,
  ): Promise<ConnectionOutputs> {
    return this.outputsOf(id, inputs, posted ? undefined : await readBack(id));
  }

  // One connection from the list, cached for the whole provider run so that refreshing N
  // connections costs one pass (there is no GET by ID); writes read back with readBack instead.
  // A connection missing from the list is gone.
  protected async fetch(id: string): Promise<ConnectionSummary | undefined> {
    const connections = await listCache.get("connections", () =>
      getCloudWorksClient().listConnections(),
    );
    return connections.find((connection) => connection.connectionId === id);
  }

  // The list never returns the secrets, nor the S3 access key ID and role ARN: those keep their
  // last known value from state.
  protected refreshedInputs(
    summary: ConnectionSummary,
    state: ConnectionOutputs,
  ): ConnectionInputs {
    const visible = visibleFieldsOf(summary);
    const kept = pick(state, UNSHOWN_TYPE_FIELDS);
    // A list item always names its connection and type (reference §4.3); were one missing, the
    // value in state would stand rather than a connection without a name.
    return {
      ...compact({ ...kept, ...visible }),
      name: visible.name ?? state.name,
      type: visible.type ?? state.type,
    };
  }

  // Also the outputs of a write, whose read-back may have failed (no summary).
  protected outputsOf(
    id: string,
    inputs: ConnectionInputs,
    summary: ConnectionSummary | undefined,
  ): ConnectionOutputs {
    return {
      ...compact(withoutAdoption(inputs)),
      status: summary?.status ?? null,
      integrationErrorCode: summary?.integrationErrorCode ?? null,
      ...auditFieldsOf(summary ?? {}),
      connectionId: id,
    };
  }

  protected async write(
    id: string,
    _olds: ConnectionOutputs,
    news: ConnectionInputs,
  ): Promise<ConnectionOutputs> {
    await this.put(id, news);
    return this.outputsOf(id, news, await readBack(id));
  }

  protected remove(id: string): Promise<void> {
    return getCloudWorksClient().deleteConnection(id);
  }

  protected async deleteRefusal(id: string): Promise<string> {
    const users = await integrationsUsing(id).catch(() => [] as string[]);
    const detail =
      users.length > 0
        ? ` It is used by integration(s) ${users.map((n) => `"${n}"`).join(", ")}.`
        : "";
    return `CloudWorks refuses to delete a connection that an integration references.${detail} Delete or repoint those integrations first.`;
  }
}

/**
 * The create body `{type, body}` of a connection. Fields `check` requires for the type are
 * narrowed with `checked`, which only inputs that skipped check can fail.
 */
function createRequest(inputs: ConnectionInputs): ConnectionCreateRequest {
  const common = { name: inputs.name, workspaceId: inputs.workspaceId };
  switch (inputs.type) {
    case "AmazonS3":
      return {
        type: inputs.type,
        body: compact({
          ...common,
          bucketName: checked(inputs.bucketName, "bucketName"),
          accessKeyId: checked(inputs.accessKeyId, "accessKeyId"),
          secretAccessKey: checked(inputs.secretAccessKey, "secretAccessKey"),
          roleArn: inputs.roleArn,
        }),
      };
    case "AzureBlob":
      return {
        type: inputs.type,
        body: compact({
          ...common,
          storageAccountName: checked(inputs.storageAccountName, "storageAccountName"),
          containerName: checked(inputs.containerName, "containerName"),
          sasToken: checked(inputs.sasToken, "sasToken"),
          authMethod: AZURE_AUTH_METHOD,
        }),
      };
    case "GoogleBigQuery": {
      const key = parseServiceAccountKey(checked(inputs.serviceAccountKey, "serviceAccountKey"));
      return {
        type: inputs.type,
        body: compact({
          ...common,
          dataset: checked(inputs.dataset, "dataset"),
          serviceAccountKey: checked(
            typeof key === "string" ? undefined : key,
            "serviceAccountKey",
          ),
        }),
      };
    }
  }
}

/** The inner body of a connection, which updates send without the type wrapper (reference §4.2). */
function connectionBody(inputs: ConnectionInputs): ConnectionBody {
  return createRequest(inputs).body;
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
    ...pick(inputs, SHOWN_TYPE_FIELDS),
  });
}

function visibleFieldsOf(summary: ConnectionSummary): Partial<ConnectionInputs> {
  return compact({
    type: summary.connectionType,
    name: summary.body?.name,
    workspaceId: summary.workspaceId ?? undefined,
    ...pick(summary.body ?? {}, SHOWN_TYPE_FIELDS),
  });
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
    if (sides.some((side) => "connectionId" in side && side.connectionId === connectionId))
      names.push(summary.name);
  }
  return names;
}
