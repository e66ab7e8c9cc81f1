// The read-only audit fields every CloudWorks object carries, as resource outputs.

/** The audit fields as CloudWorks objects carry them (each may be missing on some reads). */
export interface AuditSource {
  /** Display name of the creator. */
  createdBy?: string;
  /** ISO-8601 creation time. */
  creationDate?: string;
  /** Display name of the last modifier. */
  modifiedBy?: string;
  /** ISO-8601 last modification time. */
  modificationDate?: string;
}

/** The audit fields of a resource's outputs: null when CloudWorks did not report them. */
export interface AuditFields {
  /** Who created the object. */
  createdBy?: string | null;
  /** When the object was created (ISO 8601). */
  creationDate?: string | null;
  /** Who last modified the object. */
  modifiedBy?: string | null;
  /** When the object was last modified (ISO 8601). */
  modificationDate?: string | null;
}

/** The audit fields CloudWorks returns on objects, null when absent, for outputs. */
export function auditFields(record: AuditSource): Required<AuditFields> {
  return {
    createdBy: record.createdBy ?? null,
    creationDate: record.creationDate ?? null,
    modifiedBy: record.modifiedBy ?? null,
    modificationDate: record.modificationDate ?? null,
  };
}
