/**
 * Lookup functions that find a connection, integration or flow by its exact name, for programs
 * that use objects they do not manage. They run in the program process on every preview and
 * update, and return Outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import type {
  ConnectionSummary,
  ConnectionType,
  FlowSummary,
  IntegrationSchedule,
  IntegrationSummary,
  IntegrationType,
  LatestRun,
} from "../client";
import { AuditFields, auditFieldsOf, latestRunOrNull } from "../client/records";
import { SHOWN_TYPE_FIELDS } from "../dynamic/connectionTypes";
import {
  LISTED_CONNECTIONS,
  LISTED_FLOWS,
  LISTED_INTEGRATIONS,
  ListedKind,
} from "../dynamic/listing";
import { CloudWorksLookupError, listOnce, step } from "./session";

/** Arguments of the lookups by name. */
export interface CloudWorksLookupByNameArgs {
  /** The object's exact name: case, spaces and punctuation must match what CloudWorks shows. */
  name: pulumi.Input<string>;
}

/** Audit fields CloudWorks keeps on every object. */
export type CloudWorksAuditFields = AuditFields;

/**
 * A connection found by {@link getCloudWorksConnection}. CloudWorks never returns a
 * connection's credentials, so none is here (nothing secret is returned).
 */
export interface CloudWorksConnectionLookupResult extends CloudWorksAuditFields {
  /** The connection ID (32 lowercase hex), e.g. for a job's `connectionId`. */
  connectionId: string;
  /** The connection name. */
  name: string;
  /** AmazonS3, AzureBlob or GoogleBigQuery. */
  type: ConnectionType;
  /** The workspace the connection is restricted to, or null. */
  workspaceId: string | null;
  /** AmazonS3: the bucket. */
  bucketName?: string;
  /** AzureBlob: the storage account. */
  storageAccountName?: string;
  /** AzureBlob: the container. */
  containerName?: string;
  /** GoogleBigQuery: the dataset. */
  dataset?: string;
  /** CloudWorks' health flag: 1 valid, 0 invalid (then see integrationErrorCode). */
  status: number | null;
  /** Why CloudWorks considers the connection invalid (1 invalid credentials, 4 invalid bucket, …). */
  integrationErrorCode: number | null;
}

/** An integration found by {@link getCloudWorksIntegration} (the list's fields; no jobs). */
export interface CloudWorksIntegrationLookupResult extends CloudWorksAuditFields {
  /** The integration ID (32 lowercase hex), e.g. for a flow step or a run. */
  integrationId: string;
  /** The integration name. */
  name: string;
  /** Import, Export or Process. */
  integrationType: IntegrationType | null;
  /** The process ID of a process integration, else null. */
  processId: string | null;
  /** The workspace of the model. */
  workspaceId: string;
  /** The model. */
  modelId: string;
  /** Shown on UX action cards. */
  nuxVisible: boolean;
  /** The integration's notification config, or null. */
  notificationId: string | null;
  /** The schedule as CloudWorks returns it, or null. */
  schedule: IntegrationSchedule | null;
  /** The latest run, or null if it never ran. */
  latestRun: LatestRun | null;
}

/** A flow found by {@link getCloudWorksIntegrationFlow} (the list's fields; no steps). */
export interface CloudWorksIntegrationFlowLookupResult extends CloudWorksAuditFields {
  /** The flow ID (32 lowercase hex). */
  flowId: string;
  /** The flow name. */
  name: string;
  /** How many steps the flow has. */
  stepsCount: number;
  /** Shown on UX action cards. */
  nuxVisible: boolean;
  /** The flow's notification config, or null. */
  notificationId: string | null;
  /** The schedule as CloudWorks returns it, or null. */
  schedule: IntegrationSchedule | null;
  /** The latest run, or null if it never ran. */
  latestRun: LatestRun | null;
}

/**
 * Finds a connection by its exact name. Costs one pass over the connection list (one GET per
 * 100 connections) per program run, however many connections are looked up, plus the login
 * when nothing else logged in yet. Runs on every preview and update. Fails, naming the name,
 * when no connection or several have it.
 */
export const getCloudWorksConnection = lookupByName("getCloudWorksConnection");

/**
 * Finds an integration by its exact name. Costs one pass over the integration list (one GET
 * per 100 integrations) per program run, plus the login when nothing else logged in yet. Runs
 * on every preview and update. Fails, naming the name, when no integration or several have it.
 */
export const getCloudWorksIntegration = lookupByName("getCloudWorksIntegration");

/**
 * Finds an integration flow by its exact name. Costs one pass over the flow list (one GET per
 * 100 flows) per program run, plus the login when nothing else logged in yet. Runs on every
 * preview and update. Fails, naming the name, when no flow or several have it.
 */
export const getCloudWorksIntegrationFlow = lookupByName("getCloudWorksIntegrationFlow");

// Each lookup by name: the list item it searches and the result it returns.
interface Lookups {
  getCloudWorksConnection: { item: ConnectionSummary; result: CloudWorksConnectionLookupResult };
  getCloudWorksIntegration: { item: IntegrationSummary; result: CloudWorksIntegrationLookupResult };
  getCloudWorksIntegrationFlow: {
    item: FlowSummary;
    result: CloudWorksIntegrationFlowLookupResult;
  };
}

/** How a lookup searches: its kind's list (its noun, plural, keys the cache) and its result. */
interface NamedKind<T, R> {
  /** How the kind is listed, and an item's name and ID (the ID tells apart items of one name). */
  listed: ListedKind<T>;
  /** The lookup's result for the item found. */
  result: (item: T) => R;
}

// A mapped type, so that indexing it with a lookup's name keeps the item and result types of
// that lookup (TypeScript resolves `{ [K in L]: X<K> }[K]` to `X<K>`).
const NAMED_KINDS: { [K in keyof Lookups]: NamedKind<Lookups[K]["item"], Lookups[K]["result"]> } = {
  getCloudWorksConnection: { listed: LISTED_CONNECTIONS, result: connectionResult },
  getCloudWorksIntegration: { listed: LISTED_INTEGRATIONS, result: integrationResult },
  getCloudWorksIntegrationFlow: { listed: LISTED_FLOWS, result: flowResult },
};

function lookupByName<K extends keyof Lookups>(
  lookup: K,
): (args: CloudWorksLookupByNameArgs) => pulumi.Output<Lookups[K]["result"]> {
  return (args) => findByName(args, lookup, NAMED_KINDS[lookup]);
}

// One pass over the kind's list per program run, shared by every lookup of that kind.
function findByName<T, R>(
  args: CloudWorksLookupByNameArgs,
  lookup: string,
  kind: NamedKind<T, R>,
): pulumi.Output<R> {
  const { noun, list } = kind.listed;
  return pulumi.output(args).apply(async ({ name }) => {
    const all = await step(lookup, `listing ${noun}s`, () => listOnce(`${noun}s`, list));
    return kind.result(single(lookup, kind.listed, name, all));
  });
}

/**
 * The one item with this exact name. Names are unique per tenant in CloudWorks, but a list the
 * caller cannot tell apart must never be resolved by picking one: several is an error that
 * lists their IDs, so the user can pick with the resource class's `get`.
 */
function single<T>(lookup: string, listed: ListedKind<T>, name: string, items: T[]): T {
  const { noun, nameOf, idOf } = listed;
  const matches = items.filter((item) => nameOf(item) === name);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    throw new CloudWorksLookupError(
      `${lookup}: ${matches.length} ${noun}s are named "${name}" (IDs ${matches.map(idOf).join(", ")}); ` +
        `read the one you mean by ID with the resource class's get().`,
    );
  }
  const nearly = items
    .map(nameOf)
    .filter((other): other is string => other?.toLowerCase() === name.toLowerCase());
  const hint = nearly.length > 0 ? ` Did you mean "${nearly[0]}"? Names are case-sensitive.` : "";
  throw new CloudWorksLookupError(
    `${lookup}: no ${noun} is named "${name}" among the ${items.length} ${noun}(s) this tenant ` +
      `lists.${hint} Check the name, and that the cloudworks:* configuration points at the ` +
      "tenant that holds it.",
  );
}

function connectionResult(summary: ConnectionSummary): CloudWorksConnectionLookupResult {
  const body = summary.body ?? { name: "" };
  // Only the documented non-secret body fields are copied: an unexpected field in a tenant's
  // answer must not reach an Output that is not secret.
  const result: CloudWorksConnectionLookupResult = {
    connectionId: summary.connectionId,
    name: body.name,
    type: summary.connectionType,
    workspaceId: summary.workspaceId ?? null,
    status: summary.status ?? null,
    integrationErrorCode: summary.integrationErrorCode ?? null,
    ...auditFieldsOf(summary),
  };
  for (const field of SHOWN_TYPE_FIELDS) {
    if (body[field] !== undefined) result[field] = body[field];
  }
  return result;
}

function integrationResult(summary: IntegrationSummary): CloudWorksIntegrationLookupResult {
  return {
    integrationId: summary.integrationId,
    name: summary.name,
    integrationType: summary.integrationType ?? null,
    processId: summary.processId ?? null,
    workspaceId: summary.workspaceId,
    modelId: summary.modelId,
    ...listedFields(summary),
  };
}

function flowResult(summary: FlowSummary): CloudWorksIntegrationFlowLookupResult {
  return {
    flowId: summary.id,
    name: summary.name,
    stepsCount: summary.stepsCount,
    ...listedFields(summary),
  };
}

// What the integration and flow lists both say of an item beyond its identity.
function listedFields(
  summary: IntegrationSummary | FlowSummary,
): Omit<CloudWorksIntegrationFlowLookupResult, "flowId" | "name" | "stepsCount"> {
  return {
    nuxVisible: summary.nuxVisible ?? false,
    notificationId: summary.notificationId ?? null,
    schedule: summary.schedule ?? null,
    latestRun: latestRunOrNull(summary.latestRun),
    ...auditFieldsOf(summary),
  };
}
