/**
 * The resolved input shapes the dynamic providers receive from the engine (plain values, after
 * Pulumi has resolved every `Input<T>`). During a preview any of them may still be the engine's
 * unknown sentinel, which `check` and `diff` must tolerate (see `unknowns.ts`).
 */

import type { ConnectionType, JobType, ScheduleType } from "../client";

export type { ConnectionType, JobType, ScheduleType };

/** Resolved inputs of a CloudWorksConnection. */
export interface ConnectionInputs {
  /** Unique connection name. */
  name: string;
  /** The connection type. */
  type: ConnectionType;
  /** Workspace that owns the connection (restricted integration users must set it). */
  workspaceId?: string;
  /** AmazonS3 bucket. */
  bucketName?: string;
  /** AmazonS3 access key ID. */
  accessKeyId?: string;
  /** AmazonS3 secret access key (secret). */
  secretAccessKey?: string;
  /** AmazonS3 role to assume. */
  roleArn?: string;
  /** AzureBlob storage account. */
  storageAccountName?: string;
  /** AzureBlob container. */
  containerName?: string;
  /** AzureBlob SAS token (secret). */
  sasToken?: string;
  /** GoogleBigQuery dataset. */
  dataset?: string;
  /** GoogleBigQuery service-account key, JSON text or object (secret). */
  serviceAccountKey?: string | Record<string, string>;
  /** Take over this existing connection instead of creating one. */
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
  mapping?: { sourceName: string; targetName: string }[];
}

/** Resolved schedule of an integration. */
export interface ScheduleInputs {
  /** Schedule name. */
  name: string;
  /** Schedule type. */
  type: ScheduleType;
  /** `HH:MM` start time (all types but hourly). */
  time?: string;
  /** Hourly: first run time `HH:MM`. */
  fromTime?: string;
  /** Hourly: last run time `HH:MM`. */
  toTime?: string;
  /** Weekly/hourly: days, 0 = Sunday. */
  daysOfWeek?: number[];
  /** monthly_specific_day: 1–31. */
  dayOfMonth?: number;
  /** monthly_relative_weekday: 0 = Sunday. */
  dayOfWeek?: number;
  /** Hourly: every N hours; monthly_relative_weekday: the nth week. */
  repeatEvery?: number;
  /** First day, `YYYY-MM-DD`. */
  startDate: string;
  /** Optional last day, `YYYY-MM-DD`. */
  endDate?: string;
  /** IANA timezone from the CloudWorks list. */
  timezone: string;
  /** Whether the schedule is active; default true. */
  enabled?: boolean;
}

/** Resolved notification settings of an integration. */
export interface NotificationInputs {
  /** Delivery channels. */
  channels: ("email" | "in_app")[];
  /** User GUIDs told on success. */
  success?: string[];
  /** User GUIDs told on partial failure. */
  partialFailure?: string[];
  /** User GUIDs told on full failure. */
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
