/**
 * The resolved input shapes the dynamic providers receive from the engine (plain values, after
 * Pulumi has resolved every `Input<T>`), and the outputs they return: the inputs plus the fields
 * CloudWorks adds. During a preview any input may still be the engine's unknown sentinel, which
 * `check` and `diff` must tolerate (see `unknowns.ts`).
 *
 * The server fields are optional in the output types, although every create, read and update
 * sets them (null when CloudWorks reports nothing): state written by earlier releases may lack
 * some, and the SDK types the refreshed `inputs` of a read, which hold no server fields, as
 * outputs too.
 */

import type {
  ColumnMapping,
  ConnectionType,
  IntegrationType,
  JobType,
  LatestRun,
  NotificationChannel,
  ScheduleBody,
  ScheduleType,
} from "../client";
import type * as pulumi from "@pulumi/pulumi";
import type { AuditFields, RunStatusFields } from "../client/records";

export type { ConnectionType, JobType, ScheduleType };

/**
 * Resolved inputs of a CloudWorksConnection: the one declaration of its properties, from which
 * the resource's Args derive. Per-type fields are flat and optional; check requires those of
 * the connection's type (connectionTypes.ts).
 */
export interface ConnectionInputs {
  /**
   * Unique connection name: 1–60 Latin letters, digits, spaces, `-` and `_`, starting and ending
   * with a letter or digit. Updated in place.
   */
  name: string;
  /** The connection type. Changing it replaces the connection (the body shape differs per type). */
  type: ConnectionType;
  /**
   * Workspace the connection belongs to (32 lowercase hex). Required for restricted integration
   * users. Changing it replaces the connection.
   */
  workspaceId?: string;
  /** AmazonS3: the bucket name. Updated in place. */
  bucketName?: string;
  /** AmazonS3: the IAM access key ID CloudWorks signs in with. Updated in place. */
  accessKeyId?: string;
  /** AmazonS3: the IAM secret access key. Always stored as a Pulumi secret. Updated in place. */
  secretAccessKey?: string;
  /** AmazonS3: an IAM role ARN CloudWorks assumes after signing in. Updated in place. */
  roleArn?: string;
  /** AzureBlob: the storage account name. Updated in place. */
  storageAccountName?: string;
  /** AzureBlob: the blob container name. Updated in place. */
  containerName?: string;
  /** AzureBlob: the SAS token. Always stored as a Pulumi secret. Updated in place. */
  sasToken?: string;
  /** GoogleBigQuery: the dataset name. Updated in place. */
  dataset?: string;
  /**
   * GoogleBigQuery: the service-account key, as Google's JSON key file text or object
   * (snake_case keys are converted to the camelCase CloudWorks documents). Always stored as a
   * Pulumi secret. Updated in place.
   */
  serviceAccountKey?: string | Record<string, string>;
  /**
   * Bring an existing connection (made in the UI) under management instead of creating one: its
   * ID, 32 lowercase hex. On create the provider checks it exists and has this type, then
   * writes this resource's inputs to it. `pulumi import` cannot serve dynamic providers, so this
   * is the supported route. Ignored after creation.
   */
  adoptExistingId?: string;
}

/** Resolved job of an import or export integration, in the package's flat form. */
export interface JobInputs {
  /** The job type; it fixes the direction and the cloud side's connection type. */
  type: JobType;
  /** The connection on the cloud side. */
  connectionId: string;
  /** S3/Azure: object path (import) or folder (export). */
  file?: string;
  /** BigQuery: table name. */
  table?: string;
  /** Anaplan import (112…) or export (116…) action ID. */
  actionId: string;
  /** Import only: the import's data-source file ID (113…). */
  fileId?: string;
  /** Export only: overwrite the target instead of writing a new file each run. */
  overwrite?: boolean;
  /** BigQuery export only: column mapping. */
  mapping?: ColumnMapping[];
}

/**
 * Resolved schedule of an integration: the schedule body CloudWorks takes (the one declaration of
 * a schedule's fields, in client/types/schedules.ts) plus whether it is active, which CloudWorks
 * sets with a call of its own.
 */
export interface ScheduleInputs extends ScheduleBody {
  /** Whether the schedule is active. Default true. */
  enabled?: boolean;
}

/**
 * Who CloudWorks notifies about runs, in the package's flat form: one list of users per
 * outcome rather than the API's list of rules.
 */
export interface NotificationInputs {
  /** Delivery channels: `email`, `in_app`. */
  channels: NotificationChannel[];
  /** 1–5 user GUIDs notified on success. */
  success?: string[];
  /** 1–5 user GUIDs notified on partial failure. */
  partialFailure?: string[];
  /** 1–5 user GUIDs notified on full failure. */
  fullFailure?: string[];
}

/** Resolved inputs of a CloudWorksIntegration. */
export interface IntegrationInputs {
  /** Unique integration name. */
  name: string;
  /** Workspace (32 lowercase hex). */
  workspaceId: string;
  /** Model (32 uppercase hex). */
  modelId: string;
  /** Show on UX action cards. */
  nuxVisible?: boolean;
  /** Process ID (118…); makes this a process integration. */
  processId?: string;
  /** Jobs: exactly one for import/export, any number for a process. */
  jobs?: JobInputs[];
  /** Optional schedule. */
  schedule?: ScheduleInputs;
  /** Optional notification settings. */
  notifications?: NotificationInputs;
  /** Take over this existing integration instead of creating one. */
  adoptExistingId?: string;
}

// The runtime values below live in this type-only module so that the resource classes, which run
// in the program, can read them without loading the provider.

/**
 * The property a static `get` adds to the properties it hands to the engine's read. The engine
 * passes those properties to `read` (the 3.248 dynamic-provider host takes `__provider` from the
 * same bag), so its presence marks a read step. A refresh passes the state's outputs instead,
 * which never hold it.
 */
export const GET_MARKER = "__cloudworksGet";

/**
 * Keys that must never appear in inputs. `__proto__` as an own key replaces an object's
 * prototype when the SDK copies it (`obj[key] = value`), and `constructor` shadows the one every
 * object inherits; neither can be a CloudWorks field.
 */
export const RESERVED_KEYS: readonly string[] = ["__proto__", "constructor"];

/**
 * The input fields an integration's state keeps (its outputs also hold computed fields), which a
 * `get` reads back too.
 */
export const INTEGRATION_INPUT_FIELDS: readonly (keyof IntegrationInputs)[] = [
  "name",
  "workspaceId",
  "modelId",
  "nuxVisible",
  "processId",
  "jobs",
  "schedule",
  "notifications",
];

/**
 * The integration's own body fields (its POST and PUT); the schedule and the notification
 * settings have endpoints of their own.
 */
export const INTEGRATION_BODY_FIELDS = INTEGRATION_INPUT_FIELDS.filter(
  (field) => field !== "schedule" && field !== "notifications",
);

/** The input fields a flow's state keeps: what a diff compares and a `get` returns. */
export const FLOW_INPUT_FIELDS: readonly (keyof FlowInputs)[] = ["name", "nuxVisible", "steps"];

/** Resolved step of an integration flow. */
export interface FlowStepInputs {
  /** The integration this step runs. */
  integrationId: string;
  /** Skip this step. */
  isSkipped?: boolean;
  /** What the flow does when the step fails; default stop. */
  onFailure?: "stop" | "continue";
  /** What the flow does when the step partially succeeds; default continue. */
  onPartialSuccess?: "stop" | "continue";
}

/** Resolved inputs of a CloudWorksIntegrationFlow. */
export interface FlowInputs {
  /** Unique flow name. */
  name: string;
  /** Show on UX action cards. */
  nuxVisible?: boolean;
  /** Ordered steps (at least two enabled). */
  steps: FlowStepInputs[];
  /** Take over this existing flow instead of creating one. */
  adoptExistingId?: string;
}

/** Resolved inputs of a CloudWorksIntegrationRun. */
export interface RunInputs {
  /** Integration to run (exactly one of integrationId and flowId). */
  integrationId?: string;
  /** Flow to run. */
  flowId?: string;
  /** Arbitrary values; any change starts a new run. */
  triggers?: Record<string, string>;
  /** How long to wait for the run to finish. */
  timeoutSeconds?: number;
  /** Whether a failed run fails the deployment; default true. */
  failOnError?: boolean;
}

/** What CloudWorks adds to a connection's inputs in its outputs. */
export interface ConnectionServerFields extends Partial<AuditFields> {
  /** The connection ID, the same as the resource ID. */
  connectionId?: string;
  /** Connection health: 1 valid, 0 invalid. */
  status?: number | null;
  /** Why CloudWorks considers the connection invalid. */
  integrationErrorCode?: number | null;
}

/** Outputs of a CloudWorksConnection. */
export type ConnectionOutputs = ConnectionInputs & ConnectionServerFields;

/** What CloudWorks adds to an integration's inputs in its outputs. */
export interface IntegrationServerFields extends Partial<AuditFields> {
  /** The integration ID, the same as the resource ID. */
  integrationId?: string;
  /** The integration's notification config, or null. */
  notificationId?: string | null;
  /** Import, Export or Process. */
  integrationType?: IntegrationType;
  /** The latest run, or null when it never ran. */
  latestRun?: LatestRun | null;
}

/** Outputs of a CloudWorksIntegration. */
export type IntegrationOutputs = IntegrationInputs & IntegrationServerFields;

/** What CloudWorks adds to a flow's inputs in its outputs. */
export interface FlowServerFields extends Partial<AuditFields> {
  /** The flow ID, the same as the resource ID. */
  flowId?: string;
  /** The flow's notification config, or null. */
  notificationId?: string | null;
}

/** Outputs of a CloudWorksIntegrationFlow. */
export type FlowOutputs = FlowInputs & FlowServerFields;

/** What a finished (or abandoned) run adds to a run's inputs in its outputs. */
export interface RunServerFields extends Partial<RunStatusFields> {
  /** The run ID, the same as the resource ID. */
  runId?: string;
  /** Trace ID to quote to Anaplan support. */
  traceId?: string | null;
}

/** Outputs of a CloudWorksIntegrationRun. */
export type RunOutputs = RunInputs & RunServerFields;

/**
 * What the providers' `create` returns: the SDK's result with `outs` always set, so that callers
 * (the engine ignores the difference) need not test for missing outputs.
 */
export type Created<Outputs> = pulumi.dynamic.CreateResult<Outputs> & {
  /** The new object's outputs. */
  readonly outs: Outputs;
};
