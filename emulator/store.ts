/**
 * The tenant's data, kept in the API's own JSON field names so tests can edit it out of band
 * (`emu.state.connections[id].body.bucketName = "other"`) exactly as a user would in the UI.
 * Read shapes are computed from these records on every GET; secrets stay here and are never
 * copied into a response.
 */

/** A CloudWorks connection type (§4.1). */
export type ConnectionType = "AmazonS3" | "AzureBlob" | "GoogleBigQuery";

/** The connection types the API accepts, in the order the reference lists them. */
export const CONNECTION_TYPES: readonly ConnectionType[] = [
  "AmazonS3",
  "AzureBlob",
  "GoogleBigQuery",
];

/** Who created an object and who last changed it, and when: connections, integrations, flows. */
export interface AuditFields {
  /** Creator's display name. */
  createdBy: string;
  /** ISO date of the creation. */
  creationDate: string;
  /** ISO date of the last change. */
  modificationDate: string;
  /** Last editor's display name. */
  modifiedBy: string | null;
}

/** A stored connection. `body` holds every field the client sent, secrets included. */
export interface StoredConnection extends AuditFields {
  /** 32-hex connection ID. */
  connectionId: string;
  /** The connection's type. */
  connectionType: ConnectionType;
  /** The full inner body (name, bucket, credentials...). Only non-secret fields are ever returned. */
  body: Record<string, unknown> & { name: string };
  /** `1` valid, `0` invalid. */
  status: number;
  /** Why the connection is invalid, when `status` is 0. */
  integrationErrorCode: number | null;
  /** The workspace the connection is scoped to, or null. */
  workspaceId: string | null;
  /** Azure auth method (`SAS-based`), null for other types. */
  authMethod: string | null;
}

/** One side of a job: an Anaplan action or a cloud location. */
export interface StoredJobEndpoint {
  /** `Anaplan`, `AmazonS3`, `AzureBlob` or `GoogleBigQuery`. */
  type: string;
  /** The connection used by a cloud side. */
  connectionId?: string;
  /** Object path (import) or folder (export) in a bucket or container. */
  file?: string;
  /** BigQuery table. */
  table?: string;
  /** Anaplan import (112…) or export (116…) action. */
  actionId?: string;
  /** Anaplan import data source file. */
  fileId?: string;
  /** Whether an export overwrites its target. */
  overwrite?: boolean;
}

/** A BigQuery export column mapping. */
export interface StoredMapping {
  /** Anaplan column. */
  sourceName: string;
  /** BigQuery column. */
  targetName: string;
}

/** One job of an integration. */
export interface StoredJob {
  /** e.g. `AmazonS3ToAnaplan`. */
  type: string;
  /** Exactly one source. */
  sources: StoredJobEndpoint[];
  /** Exactly one target. */
  targets: StoredJobEndpoint[];
  /** BigQuery export mapping. */
  mapping?: StoredMapping[];
}

/** A schedule, in the shape it is read back inside an integration (§6). */
export interface StoredSchedule {
  /** Schedule name. */
  name: string;
  /** `daily`, `weekly`, `hourly`, `monthly_specific_day` or `monthly_relative_weekday`. */
  type: string;
  /** `HH:MM`. */
  time?: string;
  /** `HH:MM`, hourly only. */
  fromTime?: string;
  /** `HH:MM`, hourly only. */
  toTime?: string;
  /** 0 = Sunday. */
  daysOfWeek?: number[];
  /** 1–31. */
  dayOfMonth?: number;
  /** 0 = Sunday. */
  dayOfWeek?: number;
  /** Every N hours, or the Nth week. */
  repeatEvery?: number;
  /** `YYYY-MM-DD`. */
  startDate: string;
  /** `YYYY-MM-DD` or null when open-ended. */
  endDate: string | null;
  /** A timezone from the §6 list. */
  timezone: string;
  /** Toggled by `POST .../schedule/status/{enabled|disabled}`. */
  status: "Active" | "Inactive";
}

/** A stored import, export or process integration, in v2 form. */
export interface StoredIntegration extends AuditFields {
  /** 32-hex ID. */
  integrationId: string;
  /** Unique name. */
  name: string;
  /** Always `2.0`: v1 bodies are normalised on the way in. */
  version: "2.0";
  /** Derived from the jobs or `processId`. */
  integrationType: "Import" | "Export" | "Process";
  /** Set for process integrations only. */
  processId: string | null;
  /** Anaplan workspace. */
  workspaceId: string;
  /** Anaplan model. */
  modelId: string;
  /** Shown on UX action cards. */
  nuxVisible: boolean;
  /** The jobs as sent (without read-only decorations). */
  jobs: StoredJob[];
  /** The notification config created with the integration, or null once deleted. */
  notificationId: string | null;
  /** The integration's schedule, if any. */
  schedule: StoredSchedule | null;
}

/** A step of an integration flow as stored; names and types are resolved on read. */
export interface StoredFlowStep {
  /** Always `Integration` on input. */
  type: string;
  /** The integration this step runs. */
  referrer: string;
  /** Referrers of the steps this one waits for. */
  dependsOn: string[];
  /** Disabled step. */
  isSkipped: boolean;
  /** What to do on failure / partial success. */
  exceptionBehavior: { type: string; strategy: string }[];
  /** Creator's display name. */
  createdBy: string;
  /** `YYYY-MM-DD HH:MM:SS.ffffff+00:00`. */
  createdDate: string;
  /** `YYYY-MM-DD HH:MM:SS.ffffff+00:00`. */
  modifiedDate: string;
  /** Last editor's display name. */
  modifiedBy: string;
}

/** A stored integration flow. */
export interface StoredFlow extends AuditFields {
  /** 32-hex ID (the list calls it `id`, create returns `integrationFlowId`). */
  id: string;
  /** Unique name, shared namespace with integrations. */
  name: string;
  /** Always `2.0`. */
  version: "2.0";
  /** Always `IntegrationFlow`. */
  type: "IntegrationFlow";
  /** Shown on UX action cards. */
  nuxVisible: boolean;
  /** Auto-created notification config, or null. */
  notificationId: string | null;
  /** The flow's schedule, if any. */
  schedule: StoredSchedule | null;
  /** Steps in order. */
  steps: StoredFlowStep[];
}

/** One entry of `GET /integrations/runerror/{runId}` (§5.4). */
export interface StoredRunError {
  /** The run ID. */
  id: string;
  /** Messages per failed action. */
  errorMessages: {
    errorMessage: {
      localMessageText: string;
      occurrences: number;
      type: string;
      values: string[];
    }[];
    actionId: string;
    actionName: string;
    failureDumpGenerated: boolean;
  }[];
  /** Anaplan task, uppercase 32-hex. */
  taskId: string;
  /** ISO date. */
  creationDate: string;
  /** ISO date. */
  modificationDate: string;
  /** Display name. */
  createdBy: string;
  /** Display name. */
  modifiedBy: string;
}

/** A run of an integration or of a flow (then `integrationId` is the flow's ID). */
export interface StoredRun {
  /** 32-hex run ID. */
  id: string;
  /** The integration (or flow) that ran. */
  integrationId: string;
  /** The flow that triggered this run, or null. */
  flowGroupId: string | null;
  /** 32-hex trace ID. */
  traceId: string;
  /** Display name of whoever started it. */
  triggeredBy: string;
  /** `manual` for API runs. */
  triggerSource: string;
  /** ISO date. */
  startDate: string;
  /** ISO date, null while running. */
  endDate: string | null;
  /** Epoch seconds of the start. */
  lastRun: number;
  /** False while running and on failure. */
  success: boolean;
  /** `Running`, `Success`, `Cancelled`, or a failure message. */
  message: string;
  /** Error code on failure. */
  executionErrorCode: number | null;
  /** ISO date. */
  creationDate: string;
  /** ISO date. */
  modificationDate: string;
  /** Display name. */
  createdBy: string;
  /** Display name. */
  modifiedBy: string;
  /** Entries served by `runerror`; empty when the run had no errors. */
  errors: StoredRunError[];
  /** CSV served by `/dumps` for a failed import, else null. */
  dump: string | null;
  /** CSV per import action ID served by `/process/import/{actionId}/dumps`. */
  processDumps: Record<string, string>;
}

/** A notification config; `users` are stored as GUIDs and resolved to names on read. */
export interface StoredNotification {
  /** 32-hex ID. */
  notificationId: string;
  /** Exactly one integration or flow ID. */
  integrationIds: string[];
  /** `email` and/or `in_app`. */
  channels: string[];
  /** Per completion type, who is notified. */
  notifications: { config: { type: string; users: string[] }[] };
}

/** Everything the emulated tenant holds, keyed by ID. */
export interface TenantState {
  /** Connections by `connectionId`. */
  connections: Record<string, StoredConnection>;
  /** Integrations by `integrationId`. */
  integrations: Record<string, StoredIntegration>;
  /** Integration flows by `id`. */
  integrationFlows: Record<string, StoredFlow>;
  /** Notification configs by `notificationId`. */
  notifications: Record<string, StoredNotification>;
  /** Runs by run `id`, in start order. */
  runs: Record<string, StoredRun>;
}

/** @internal A tenant with nothing in it. */
export function emptyTenant(): TenantState {
  return { connections: {}, integrations: {}, integrationFlows: {}, notifications: {}, runs: {} };
}

/**
 * @internal Replace the contents of `target` with `source` without replacing the object, so
 * references handed to tests (`emu.state`) stay live across reset() and reloads.
 */
export function replaceTenant(target: TenantState, source: TenantState): void {
  for (const key of Object.keys(emptyTenant()) as (keyof TenantState)[]) {
    const into = (target[key] ?? {}) as Record<string, unknown>;
    for (const id of Object.keys(into)) delete into[id];
    Object.assign(into, source[key] ?? {});
    target[key] = into as never;
  }
}
