// How each kind of CloudWorks object is listed and told apart by name, declared once for the two
// places that look an object up by its unique name: the create recovery of the providers and
// the lookup functions of the program (lookups/byName.ts).
import type {
  CloudWorksClient,
  ConnectionSummary,
  FlowSummary,
  IntegrationSummary,
} from "../client";

/** The list of one kind of object, and an item's name and ID. */
export interface ListedKind<T> {
  /** What the kind is called in messages, e.g. "connection"; plural with an `s`. */
  noun: string;
  /** Fetches the whole list (every page). */
  list: (client: CloudWorksClient) => Promise<T[]>;
  /** An item's name; the connection list nests it in the body, which a tenant may leave out. */
  nameOf: (item: T) => string | undefined;
  /** An item's ID. */
  idOf: (item: T) => string;
}

/** The connection list (there is no GET of one connection). */
export const LISTED_CONNECTIONS: ListedKind<ConnectionSummary> = {
  noun: "connection",
  list: (client) => client.listConnections(),
  nameOf: (item) => item.body?.name,
  idOf: (item) => item.connectionId,
};

/** The integration list (its items have no jobs). */
export const LISTED_INTEGRATIONS: ListedKind<IntegrationSummary> = {
  noun: "integration",
  list: (client) => client.listIntegrations(),
  nameOf: (item) => item.name,
  idOf: (item) => item.integrationId,
};

/** The flow list (its items have no steps). */
export const LISTED_FLOWS: ListedKind<FlowSummary> = {
  noun: "flow",
  list: (client) => client.listFlows(),
  nameOf: (item) => item.name,
  idOf: (item) => item.id,
};
