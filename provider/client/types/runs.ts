// Run history, status and errors of the CloudWorks 2.0 API (shared/reference/cloudworks-api.md §5.4).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

import type { IntegrationType } from "./integrations";
import type { IntegrationSchedule } from "./schedules";

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
