// The server-kept fields of what CloudWorks returns (audit fields, the latest run, a run's status)
// in the null-for-absent form that lookup results and resource outputs show, declared once here so
// that both read an answer the same way.

import type { LatestRun } from "./types";

/** The audit fields of an object, null when CloudWorks leaves one out. */
export interface AuditFields {
  /** When the object was created (ISO 8601). */
  creationDate: string | null;
  /** When the object was last modified (ISO 8601). */
  modificationDate: string | null;
  /** Who created the object. */
  createdBy: string | null;
  /** Who last modified the object. */
  modifiedBy: string | null;
}

/** The status of a run, null where CloudWorks leaves a field out. */
export interface RunStatusFields {
  /** When the run started (ISO 8601). */
  startDate: string | null;
  /** When it ended; null while it runs. */
  endDate: string | null;
  /** Whether it succeeded; null while it runs. */
  success: boolean | null;
  /** CloudWorks' message for the run. */
  message: string | null;
  /** CloudWorks' error code, or null. */
  executionErrorCode: number | null;
}

/** The audit fields of a returned object, null where absent. @internal */
export function auditFieldsOf(record: { [K in keyof AuditFields]?: string | null }): AuditFields {
  return {
    creationDate: record.creationDate ?? null,
    modificationDate: record.modificationDate ?? null,
    createdBy: record.createdBy ?? null,
    modifiedBy: record.modifiedBy ?? null,
  };
}

/**
 * An object's latest run, or null when CloudWorks sends none or an empty object (its way of
 * saying the object never ran).
 * @internal
 */
export function latestRunOrNull(run: LatestRun | null | undefined): LatestRun | null {
  return run && Object.keys(run).length > 0 ? run : null;
}

/** The status fields of a run record or run status, null where absent. @internal */
export function runStatusFieldsOf(status: {
  [K in keyof RunStatusFields]?: RunStatusFields[K];
}): RunStatusFields {
  return {
    startDate: status.startDate ?? null,
    endDate: status.endDate ?? null,
    success: status.success ?? null,
    message: status.message ?? null,
    executionErrorCode: status.executionErrorCode ?? null,
  };
}
