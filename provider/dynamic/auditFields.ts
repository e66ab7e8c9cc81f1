// The read-only audit fields every CloudWorks object carries, as resource outputs.

/** The audit fields CloudWorks returns on objects, null when absent, for outputs. */
export function auditFields(record: Record<string, unknown>): Record<string, unknown> {
  return {
    createdBy: record.createdBy ?? null,
    creationDate: record.creationDate ?? null,
    modifiedBy: record.modifiedBy ?? null,
    modificationDate: record.modificationDate ?? null,
  };
}
