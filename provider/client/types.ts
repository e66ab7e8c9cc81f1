// Request and response shapes of the CloudWorks 2.0 API (shared/reference/cloudworks-api.md §2–§7).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

// ---------------------------------------------------------------------------------------------
// Envelope and paging (§2.2–§2.4)
// ---------------------------------------------------------------------------------------------

/** The `status` object every CloudWorks response carries, on success and on error. */
export interface ApiStatus {
  /** HTTP-like status code repeated in the body; `200` on success. */
  code: number;
  /** Human-readable outcome, `"Success"` or the error text. */
  message: string;
}

/** `meta.paging` of a list response. */
export interface Paging {
  /** Number of items actually returned; the server may silently cap the requested `limit`. */
  currentPageSize: number;
  /** Number of items across all pages. */
  totalSize: number;
  /** Zero-based offset of the first item of this page. */
  offset: number;
}

/** The `meta` object of a response. */
export interface ResponseMeta {
  /** Paging information, on list responses only. */
  paging?: Paging;
  /** URL of the JSON schema describing the payload. */
  schema?: string;
  /** Number of integrations (flows included) the tenant has, on `GET /integrations`. */
  tenantCurrentCount?: number;
  /** Maximum number of integrations the tenant may have (500), on `GET /integrations`. */
  tenantMaxAllowed?: number;
}

// ---------------------------------------------------------------------------------------------
// Connections (§4)
// ---------------------------------------------------------------------------------------------

/** Cloud store kinds a connection can point at. */
export type ConnectionType = "AmazonS3" | "AzureBlob" | "GoogleBigQuery";

/** Body of an Amazon S3 connection, as sent on create and full update. */
export interface AmazonS3ConnectionBody {
  /** Unique connection name (at most 60 Latin letters, digits, spaces, `-`, `_`). */
  name: string;
  /** AWS access key ID CloudWorks uses to reach the bucket. */
  accessKeyId: string;
  /** AWS secret access key; secret, never returned by the API. */
  secretAccessKey: string;
  /** Name of the S3 bucket. */
  bucketName: string;
  /** Optional IAM role CloudWorks assumes with the access key. */
  roleArn?: string;
  /** Workspace the connection belongs to; required for restricted integration users. */
  workspaceId?: string;
}

/** Body of an Azure Blob connection, as sent on create and full update. */
export interface AzureBlobConnectionBody {
  /** Unique connection name. */
  name: string;
  /** Azure storage account name. */
  storageAccountName: string;
  /** Shared access signature token; secret, never returned by the API. */
  sasToken: string;
  /** Blob container name. */
  containerName: string;
  /** Workspace the connection belongs to; required for restricted integration users. */
  workspaceId?: string;
  /** Authentication method, `"SAS-based"` (camelCase spelling the SDK sends; §12 leaves it open). */
  authMethod?: string;
  /** Authentication method, snake_case spelling seen live by SETI; send whichever the tenant takes. */
  auth_method?: string;
}

/** Google service-account key in the camelCase form CloudWorks expects. */
export interface GoogleServiceAccountKey {
  /** Always `"service_account"`. */
  type: string;
  /** Google Cloud project ID. */
  projectId: string;
  /** ID of the private key; treated as secret. */
  privateKeyId: string;
  /** PEM private key of the service account; secret. */
  privateKey: string;
  /** Service account e-mail address. */
  clientEmail: string;
  /** Numeric client ID of the service account. */
  clientId: string;
  /** OAuth authorization URI from the key file. */
  authUri: string;
  /** OAuth token URI from the key file. */
  tokenUri: string;
  /** Provider certificate URL from the key file. */
  authProviderX509CertUrl: string;
  /** Client certificate URL from the key file. */
  clientX509CertUrl: string;
}

/** Body of a Google BigQuery connection, as sent on create and full update. */
export interface GoogleBigQueryConnectionBody {
  /** Unique connection name. */
  name: string;
  /** Service-account key CloudWorks authenticates with; secret. */
  serviceAccountKey: GoogleServiceAccountKey;
  /** BigQuery dataset name. */
  dataset: string;
  /** Workspace the connection belongs to; required for restricted integration users. */
  workspaceId?: string;
}

/** The inner connection body of any type; what `PUT /integrations/connections/{id}` takes. */
export type ConnectionBody =
  AmazonS3ConnectionBody | AzureBlobConnectionBody | GoogleBigQueryConnectionBody;

/** `POST /integrations/connections` body for an Amazon S3 connection. */
export interface AmazonS3ConnectionCreateRequest {
  /** Connection type discriminator. */
  type: "AmazonS3";
  /** Connection settings and credentials. */
  body: AmazonS3ConnectionBody;
}

/** `POST /integrations/connections` body for an Azure Blob connection. */
export interface AzureBlobConnectionCreateRequest {
  /** Connection type discriminator. */
  type: "AzureBlob";
  /** Connection settings and credentials. */
  body: AzureBlobConnectionBody;
}

/** `POST /integrations/connections` body for a Google BigQuery connection. */
export interface GoogleBigQueryConnectionCreateRequest {
  /** Connection type discriminator. */
  type: "GoogleBigQuery";
  /** Connection settings and credentials. */
  body: GoogleBigQueryConnectionBody;
}

/** `POST /integrations/connections` body (C1): `{type, body}`. */
export type ConnectionCreateRequest =
  | AmazonS3ConnectionCreateRequest
  | AzureBlobConnectionCreateRequest
  | GoogleBigQueryConnectionCreateRequest;

/** The non-secret `body` of a listed connection. */
export interface ConnectionSummaryBody {
  /** Connection name. */
  name: string;
  /** S3 bucket name (AmazonS3). */
  bucketName?: string;
  /** Storage account name (AzureBlob). */
  storageAccountName?: string;
  /** Container name (AzureBlob). */
  containerName?: string;
  /** Authentication method (AzureBlob), e.g. `"SAS-based"`. */
  authMethod?: string;
  /** Dataset name (GoogleBigQuery). */
  dataset?: string;
}

/** One item of `GET /integrations/connections` (C2). Never carries secrets. */
export interface ConnectionSummary {
  /** 32-char lowercase hex connection ID. */
  connectionId: string;
  /** Connection type. */
  connectionType: ConnectionType;
  /** Non-secret connection settings. */
  body: ConnectionSummaryBody;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the creator. */
  createdBy: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
  /** Connection health: `1` valid, `0` invalid. */
  status: number;
  /** Reason code when `status` is 0 (1 invalid credentials, 4 invalid bucket, 10 assume-role failed). */
  integrationErrorCode: number | null;
  /** Workspace of the connection; null unless created by a restricted integration user. */
  workspaceId?: string | null;
  /** Root-level auth method; null for old connections. */
  authMethod?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Integrations and jobs (§5)
// ---------------------------------------------------------------------------------------------

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

/** Fields shared by every schedule type (§6). */
export interface ScheduleCommon {
  /** Schedule name. */
  name: string;
  /** First day, `YYYY-MM-DD`; must not be in the past. */
  startDate: string;
  /** Last day, `YYYY-MM-DD`; omit for an open-ended schedule. */
  endDate?: string;
  /** IANA time zone name, e.g. `America/New_York`. */
  timezone: string;
}

/** Runs once a day. */
export interface DailySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "daily";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Days of the week (0 = Sunday); accepted but not required for daily schedules. */
  daysOfWeek?: number[];
}

/** Runs on chosen days of the week. */
export interface WeeklySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "weekly";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Days of the week, 0 = Sunday, e.g. `[1, 3]`. */
  daysOfWeek: number[];
}

/** Runs every N hours inside a time window on chosen days. */
export interface HourlySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "hourly";
  /** Interval in hours. */
  repeatEvery: number;
  /** Window start, `HH:MM`. */
  fromTime: string;
  /** Window end, `HH:MM`. */
  toTime: string;
  /** Days of the week, 0 = Sunday. */
  daysOfWeek: number[];
}

/** Runs on one day of the month. */
export interface MonthlySpecificDaySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "monthly_specific_day";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Day of the month, 1–31. */
  dayOfMonth: number;
}

/** Runs on the nth given weekday of the month (e.g. the second Wednesday). */
export interface MonthlyRelativeWeekdaySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "monthly_relative_weekday";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Weekday, 0 = Sunday. */
  dayOfWeek: number;
  /** Which occurrence in the month, e.g. 2 for the second. */
  repeatEvery: number;
  /** Listed as required by Apiary's field table although its example omits it. */
  daysOfWeek?: number[];
}

/** A schedule of any of the five types. */
export type Schedule =
  | DailySchedule
  | WeeklySchedule
  | HourlySchedule
  | MonthlySpecificDaySchedule
  | MonthlyRelativeWeekdaySchedule;

/** The schedule type names. */
export type ScheduleType = Schedule["type"];

/** Body of `POST` and `PUT /integrations/{id}/schedule` (S1, S2). */
export interface ScheduleRequest {
  /** The integration ID again; the PUT fails with 400 without it. */
  integrationId: string;
  /** The schedule. */
  schedule: Schedule;
}

/** Read-only state the API adds to a schedule embedded in an integration. */
export interface ScheduleState {
  /** `"Active"` or `"Inactive"`, toggled with `setScheduleStatus`. */
  status?: string;
  /** Next run date, `YYYY-MM-DD` (unverified, SETI only). */
  nextScheduleDate?: string;
}

/** A schedule as read back inside an integration. */
export type IntegrationSchedule = Schedule & ScheduleState;

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

// ---------------------------------------------------------------------------------------------
// Runs (§5.4)
// ---------------------------------------------------------------------------------------------

/** One run in `history_of_runs.runs` (R3). */
export interface RunRecord {
  /** Run ID. */
  id: string;
  /** Display name of whoever triggered the run. */
  triggeredBy: string;
  /** Start of the run as Unix epoch **seconds** (an integer, unlike the other dates). */
  lastRun: number;
  /** ISO-8601 start time. */
  startDate: string;
  /** ISO-8601 end time; null while running. */
  endDate: string | null;
  /** Outcome; null while running. */
  success: boolean | null;
  /** Outcome text. */
  message: string;
  /** Error code, or null. */
  executionErrorCode: number | null;
  /** Trace ID to quote to Anaplan support. */
  traceId?: string;
  /** What started the run. */
  triggerSource?: string;
}

/** `history_of_runs` of `GET /integrations/runs/{integrationId}` (R3). */
export interface RunHistory {
  /** Integration ID. */
  integrationId: string;
  /** Integration name. */
  name: string;
  /** Import, Export or Process. */
  integrationType?: IntegrationType;
  /** Process ID, on process integrations. */
  processId?: string | null;
  /** Body version. */
  version?: string;
  /** The schedule, or null. */
  schedule?: IntegrationSchedule | null;
  /** Workspace ID. */
  workspaceId: string;
  /** Model ID. */
  modelId: string;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the creator. */
  createdBy: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
  /** Integration status flag (1). */
  status?: number;
  /** Notification config ID. */
  notificationId?: string | null;
  /** The runs of the requested page. */
  runs: RunRecord[];
  /** Number of runs across all pages. */
  totalRuns: number;
}

/** `run` of `GET /integrations/run/{runId}` (R4). */
export interface RunStatus {
  /** Run ID. */
  id: string;
  /** Integration the run belongs to. */
  integrationId: string;
  /** Trace ID to quote to Anaplan support. */
  traceId?: string;
  /** ISO-8601 start time. */
  startDate: string;
  /** ISO-8601 end time; null while running. This is what `waitForRun` polls. */
  endDate: string | null;
  /** Outcome; null while running. */
  success: boolean | null;
  /** Outcome text, `"Running"` while in progress. */
  message: string;
  /** ISO-8601 creation time. */
  creationDate?: string;
  /** ISO-8601 last modification time. */
  modificationDate?: string;
  /** Display name of the creator. */
  createdBy?: string;
  /** Display name of the last modifier. */
  modifiedBy?: string;
  /** Error code, or null. */
  executionErrorCode: number | null;
  /** Flow that triggered the run, or null. */
  flowGroupId?: string | null;
  /** What started the run. */
  triggerSource?: string;
}

/** One message inside a run error (R5). */
export interface RunErrorMessage {
  /** Localised error text. */
  localMessageText: string;
  /** How many rows hit this error. */
  occurrences: number;
  /** Error category, e.g. `hierarchyRowsProcessedWithFailures`. */
  type: string;
  /** Values the message refers to. */
  values: unknown[];
}

/** Errors of one Anaplan action inside a run error (R5). */
export interface RunActionErrors {
  /** The messages. */
  errorMessage: RunErrorMessage[];
  /** Action ID. */
  actionId: string;
  /** Action name. */
  actionName: string;
  /** True when a failure dump can be fetched for this action. */
  failureDumpGenerated: boolean;
}

/** One item of `runs` of `GET /integrations/runerror/{runId}` (R5). */
export interface RunError {
  /** Run ID. */
  id: string;
  /** Per-action errors. */
  errorMessages: RunActionErrors[];
  /** Anaplan import/export task ID (32-char uppercase hex). */
  taskId: string;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the creator. */
  createdBy: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
}

// ---------------------------------------------------------------------------------------------
// Notifications (§7a)
// ---------------------------------------------------------------------------------------------

/** Run outcome a notification rule fires on. */
export type NotificationType = "success" | "partial_failure" | "full_failure";

/** Delivery channel of a notification. */
export type NotificationChannel = "email" | "in_app";

/** One rule of a notification input: who is told about which outcome. */
export interface NotificationRule {
  /** Outcome the rule fires on. */
  type: NotificationType;
  /** 1–5 user GUIDs; drop the rule rather than sending an empty list. */
  users: string[];
}

/** Body of `POST /integrations/notification` and `PUT /integrations/notification/{id}` (N1, N3). */
export interface NotificationInput {
  /** Exactly one integration ID (the API takes a list but allows only one). */
  integrationIds: string[];
  /** Delivery channels. */
  channels: NotificationChannel[];
  /** The rules. */
  notifications: {
    /** One rule per outcome type. */
    config: NotificationRule[];
  };
}

/** A user resolved on notification reads. */
export interface NotificationUser {
  /** 32-char lowercase hex user GUID. */
  userGuid: string;
  /** First name. */
  firstName?: string;
  /** Last name. */
  lastName?: string;
}

/** One rule of a notification read. */
export interface NotificationUserRule {
  /** Outcome the rule fires on. */
  type: NotificationType;
  /** The users, resolved to objects. */
  users: NotificationUser[];
}

/** `notifications` of `GET /integrations/notification/{id}` (N2). */
export interface NotificationConfig {
  /** Notification config ID. */
  notificationId: string;
  /** The integration it belongs to. */
  integrationIds: string[];
  /** Delivery channels. */
  channels: NotificationChannel[];
  /** The rules. */
  notifications: {
    /** One rule per outcome type. */
    config: NotificationUserRule[];
  };
}

// ---------------------------------------------------------------------------------------------
// Integration flows (§7b)
// ---------------------------------------------------------------------------------------------

/** What a flow does when a step ends a given way. */
export interface FlowExceptionBehavior {
  /** The step outcome. */
  type: "failure" | "partial_success";
  /** Stop the flow or continue with the next step. */
  strategy: "stop" | "continue";
}

/** One step of a flow input. */
export interface FlowStepInput {
  /** Always `"Integration"`. */
  type: "Integration";
  /** ID of the integration this step runs. */
  referrer: string;
  /** Referrers of the steps this one waits for; omitting it corrupts the flow. */
  dependsOn: string[];
  /** Skip the step when the flow runs. */
  isSkipped: boolean;
  /** Outcome handling, default failure→stop and partial_success→continue. */
  exceptionBehavior: FlowExceptionBehavior[];
}

/** Body of `POST /integrationflows` and `PUT /integrationflows/{id}` (F1, F4). */
export interface FlowInput {
  /** Unique flow name. */
  name: string;
  /** Body format version, `"2.0"`. */
  version: "2.0";
  /** Always `"IntegrationFlow"`. */
  type: "IntegrationFlow";
  /** 2–100 steps, at least two not skipped. */
  steps: FlowStepInput[];
}

/** One item of `GET /integrationflows` (F2). */
export interface FlowSummary {
  /** Flow ID (the list uses `id`, not `integrationFlowId`). */
  id: string;
  /** Flow name. */
  name: string;
  /** Display name of the creator. */
  createdBy: string;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
  /** Notification config ID. */
  notificationId?: string | null;
  /** Shown on UX action cards. */
  nuxVisible?: boolean;
  /** Number of steps. */
  stepsCount: number;
  /** Latest run, if any. */
  latestRun?: LatestRun | null;
  /** The schedule, if any. */
  schedule?: IntegrationSchedule | null;
}

/** One step of a flow read. */
export interface FlowStep {
  /** ID of the integration the step runs. */
  referrer: string;
  /** Name of that integration. */
  name?: string;
  /** Kind of that integration. */
  type: IntegrationType | "Integration";
  /** Display name of the creator. */
  createdBy?: string;
  /** Creation time, `YYYY-MM-DD HH:MM:SS.ffffff+00:00`. */
  createdDate?: string;
  /** Modification time, same format as `createdDate`. */
  modifiedDate?: string;
  /** Display name of the last modifier. */
  modifiedBy?: string;
  /** Model of the integration. */
  modelId?: string;
  /** Workspace of the integration. */
  workspaceId?: string;
  /** Referrers of the steps this one waits for. */
  dependsOn: string[];
  /** Skipped when the flow runs. */
  isSkipped: boolean;
  /** Outcome handling. */
  exceptionBehavior: FlowExceptionBehavior[];
  /** Whether the caller can access the step's integration. */
  accessible?: boolean;
  /** Latest run of the step's integration. */
  latestRun?: LatestRun | null;
}

/** `integrationFlow` of `GET /integrationflows/{id}` (F3). */
export interface FlowDetail {
  /** Flow ID; the client fills it from `integrationFlowId` or the requested ID when absent. */
  id: string;
  /** Flow ID under the name the create response uses, when the server sends it. */
  integrationFlowId?: string;
  /** Flow name. */
  name: string;
  /** Body format version. */
  version?: string;
  /** Always `"IntegrationFlow"`. */
  type?: string;
  /** Display name of the creator. */
  createdBy?: string;
  /** ISO-8601 creation time. */
  creationDate?: string;
  /** ISO-8601 last modification time. */
  modificationDate?: string;
  /** Display name of the last modifier. */
  modifiedBy?: string;
  /** Notification config ID. */
  notificationId?: string | null;
  /** Shown on UX action cards. */
  nuxVisible?: boolean;
  /** The steps. */
  steps: FlowStep[];
  /** Latest run, if any. */
  latestRun?: LatestRun | null;
  /** The schedule, if any. */
  schedule?: IntegrationSchedule | null;
}

// ---------------------------------------------------------------------------------------------
// Authentication API (§8)
// ---------------------------------------------------------------------------------------------

/** `tokenInfo` of the authenticate and refresh responses. */
export interface TokenInfo {
  /** Expiry as Unix epoch milliseconds; authoritative (tokens live about 35 minutes). */
  expiresAt: number;
  /** Token UUID. */
  tokenId: string;
  /** The opaque token sent as `AnaplanAuthToken <tokenValue>`; secret. */
  tokenValue: string;
  /** Refresh token UUID. */
  refreshTokenId: string;
}

/** Body of `POST /token/authenticate` (201) and `POST /token/refresh` (200). */
export interface AuthResponse {
  /** Carries the validation URL. */
  meta?: {
    /** URL of `GET /token/validate`. */
    validationUrl?: string;
  };
  /** `"SUCCESS"`, or a `FAILURE_*` code on errors. */
  status: string;
  /** E.g. `"Login successful"` or `"Token refreshed"`. */
  statusMessage: string;
  /** The token. */
  tokenInfo: TokenInfo;
}
