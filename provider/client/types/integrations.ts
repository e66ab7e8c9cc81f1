// Integration and job bodies and reads of the CloudWorks 2.0 API (shared/reference/cloudworks-api.md §5).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

import type { IntegrationSchedule } from "./schedules";

/** Kind of integration as reported on reads. */
export type IntegrationType = "Import" | "Export" | "Process";

/** Kind of a job inside an integration: direction and cloud store. */
export type JobType =
  | "AmazonS3ToAnaplan"
  | "AzureBlobToAnaplan"
  | "GoogleBigQueryToAnaplan"
  | "AnaplanToAmazonS3"
  | "AnaplanToAzureBlob"
  | "AnaplanToGoogleBigQuery";

/** Read-only fields the API adds to connection-backed job ends on `GET /integrations/{id}`. */
export interface JobConnectionReadOnlyFields {
  /** Name of the referenced connection (read-only). */
  connectionName?: string;
  /** True when the referenced connection was deleted (read-only). */
  isConnectionDeleted?: boolean;
  /** Bucket name, or container name for Azure (read-only). */
  bucketName?: string;
}

/** Anaplan side of an export job: the export action. */
export interface AnaplanJobSource {
  /** Always `"Anaplan"`. */
  type: "Anaplan";
  /** Export action ID, a 12-digit string starting `116`. */
  actionId: string;
  /** Workspace ID; v1 bodies only (v2 carries it on the integration). */
  workspaceId?: string;
  /** Model ID; v1 bodies only (v2 carries it on the integration). */
  modelId?: string;
}

/** File-store end of a job (S3 object path or Azure blob path). */
export interface FileStoreJobSource extends JobConnectionReadOnlyFields {
  /** Cloud store type. */
  type: "AmazonS3" | "AzureBlob";
  /** ID of the connection to read from. */
  connectionId: string;
  /** Object path inside the bucket or container, e.g. `inbound/sales.csv`. */
  file: string;
}

/** BigQuery end of an import job. */
export interface BigQueryJobSource extends JobConnectionReadOnlyFields {
  /** Always `"GoogleBigQuery"`. */
  type: "GoogleBigQuery";
  /** ID of the connection to read from. */
  connectionId: string;
  /** Table to read. */
  table: string;
}

/** Source of a job: a cloud store for imports, Anaplan for exports. */
export type JobSource = AnaplanJobSource | FileStoreJobSource | BigQueryJobSource;

/** Anaplan side of an import job: the import action and its data-source file. */
export interface AnaplanJobTarget {
  /** Always `"Anaplan"`. */
  type: "Anaplan";
  /** Import action ID, a 12-digit string starting `112`. */
  actionId: string;
  /** Import data-source file ID, a 12-digit string (usually starting `113`). */
  fileId: string;
  /** Workspace ID; v1 bodies only. */
  workspaceId?: string;
  /** Model ID; v1 bodies only. */
  modelId?: string;
}

/** File-store target of an export job. */
export interface FileStoreJobTarget extends JobConnectionReadOnlyFields {
  /** Cloud store type. */
  type: "AmazonS3" | "AzureBlob";
  /** ID of the connection to write to. */
  connectionId: string;
  /** Folder path the export is written into, e.g. `exports/`. */
  file: string;
  /** Overwrite the previous output instead of writing a new file each run (server default false). */
  overwrite?: boolean;
}

/** BigQuery target of an export job. */
export interface BigQueryJobTarget extends JobConnectionReadOnlyFields {
  /** Always `"GoogleBigQuery"`. */
  type: "GoogleBigQuery";
  /** ID of the connection to write to. */
  connectionId: string;
  /** Table to write. */
  table: string;
  /** Replace the table contents instead of appending. */
  overwrite?: boolean;
}

/** Target of a job: Anaplan for imports, a cloud store for exports. */
export type JobTarget = AnaplanJobTarget | FileStoreJobTarget | BigQueryJobTarget;

/** Column mapping of a BigQuery export job. */
export interface ColumnMapping {
  /** Column name in the Anaplan export. */
  sourceName: string;
  /** Column name in the BigQuery table. */
  targetName: string;
}

/** One job of an integration: one source, one target. */
export interface Job {
  /** Direction and store of the job. */
  type: JobType;
  /** Exactly one source. */
  sources: JobSource[];
  /** Exactly one target. */
  targets: JobTarget[];
  /** Column mapping; required for BigQuery exports. */
  mapping?: ColumnMapping[];
}

/** v2 body of `POST /integrations` and `PUT /integrations/{id}` (§5.1). */
export interface IntegrationInput {
  /** Unique integration name. */
  name: string;
  /** Body format version; always `"2.0"` on the v2 API. */
  version: "2.0";
  /** Workspace of the model. */
  workspaceId: string;
  /** 32-char uppercase hex model ID. */
  modelId: string;
  /** Show the integration on UX action cards. */
  nuxVisible?: boolean;
  /** Process ID (12-digit string starting `118`); makes this a process integration. */
  processId?: string;
  /** Exactly one job for import/export; 0..n for a process (one per cloud-store action). */
  jobs?: Job[];
}

/** The latest run embedded in an integration or flow read. */
export interface LatestRun {
  /** Display name of whoever triggered the run. */
  triggeredBy?: string;
  /** ISO-8601 start time. */
  startDate?: string;
  /** ISO-8601 end time; null while running. */
  endDate?: string | null;
  /** Outcome; null or absent while running. */
  success?: boolean | null;
  /** Outcome text, e.g. `"Success"`, `"Running"`, `"Process failed"`. */
  message?: string;
  /** Error code when the run failed or partly failed; null otherwise. */
  executionErrorCode?: number | null;
  /** What started the run: `manual`, `scheduled`, `scheduled_inf`, `manual_inf`, `nux_dashboard`. */
  triggerSource?: string;
}

/** One item of `GET /integrations` (I2). Has no `jobs`. */
export interface IntegrationSummary {
  /** 32-char lowercase hex integration ID. */
  integrationId: string;
  /** Integration name. */
  name: string;
  /** Import, Export or Process; may be missing on the single-integration GET. */
  integrationType?: IntegrationType;
  /** Process ID, on process integrations. */
  processId?: string | null;
  /** Workspace of the model. */
  workspaceId: string;
  /** Model ID. */
  modelId: string;
  /** Display name of the creator. */
  createdBy: string;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
  /** Latest run; absent or empty if the integration never ran. */
  latestRun?: LatestRun | null;
  /** ID of the notification config auto-created with the integration. */
  notificationId?: string | null;
  /** Shown on UX action cards. */
  nuxVisible?: boolean;
  /** The schedule, if one exists. */
  schedule?: IntegrationSchedule | null;
}

/** `integration` of `GET /integrations/{id}` (I3): the summary plus the body version and jobs. */
export interface IntegrationDetail extends IntegrationSummary {
  /** Body version, `"2.0"`. */
  version?: string;
  /** The jobs, the only place connection references appear. */
  jobs?: Job[];
}
