// Each connection type's own fields, declared once: validation, the refresh and the resource
// class's secret outputs all derive from this table. A leaf module (no runtime imports), so the
// program-side resource class can read it without loading the provider.
import type { ConnectionSummaryBody } from "../client";
import type { ConnectionInputs, ConnectionType } from "./inputs";

/** A type-specific field of a connection's inputs. */
export type ConnectionTypeField = Exclude<
  keyof ConnectionInputs,
  "name" | "type" | "workspaceId" | "adoptExistingId"
>;

/** The connection types, in the order messages list them. */
export const CONNECTION_TYPES: readonly ConnectionType[] = [
  "AmazonS3",
  "AzureBlob",
  "GoogleBigQuery",
];

/** The per-type fields, with which of them are secret and required (reference §4.1). */
export const TYPE_FIELDS: Record<
  ConnectionType,
  {
    /** Fields a connection of this type must set. */
    required: ConnectionTypeField[];
    /** Fields a connection of this type may set. */
    optional: ConnectionTypeField[];
    /** The fields among these that are credentials: Pulumi secrets end to end, never echoed. */
    secret: ConnectionTypeField[];
  }
> = {
  AmazonS3: {
    required: ["bucketName", "accessKeyId", "secretAccessKey"],
    optional: ["roleArn"],
    secret: ["secretAccessKey"],
  },
  AzureBlob: {
    required: ["storageAccountName", "containerName", "sasToken"],
    optional: [],
    secret: ["sasToken"],
  },
  GoogleBigQuery: {
    required: ["dataset", "serviceAccountKey"],
    optional: [],
    secret: ["serviceAccountKey"],
  },
};

/** Every type-specific field of a connection, of all types, in {@link TYPE_FIELDS} order. */
export const ALL_TYPE_FIELDS = [
  ...new Set(Object.values(TYPE_FIELDS).flatMap((f) => [...f.required, ...f.optional])),
];

/**
 * The input fields a connection's state keeps (its outputs also hold computed fields): what a
 * diff compares, a refresh reads back and a `get` returns.
 */
export const CONNECTION_INPUT_FIELDS: readonly (keyof ConnectionInputs)[] = [
  "name",
  "type",
  "workspaceId",
  ...ALL_TYPE_FIELDS,
];

/** The secret fields of every connection type (secretAccessKey, sasToken, serviceAccountKey). */
export const CONNECTION_SECRET_KEYS = [
  ...new Set(Object.values(TYPE_FIELDS).flatMap((f) => f.secret)),
];

/**
 * The type fields a connection list item shows in its `body` (reference §4.3). CloudWorks never
 * returns the others (the credentials, the S3 access key ID and role), so a refresh keeps their
 * last known value from state.
 */
export const SHOWN_TYPE_FIELDS = [
  "bucketName",
  "storageAccountName",
  "containerName",
  "dataset",
] as const satisfies readonly (ConnectionTypeField & keyof ConnectionSummaryBody)[];

/** The type fields a connection list never returns: see {@link SHOWN_TYPE_FIELDS}. */
export const UNSHOWN_TYPE_FIELDS: readonly ConnectionTypeField[] = ALL_TYPE_FIELDS.filter(
  (field) => !(SHOWN_TYPE_FIELDS as readonly string[]).includes(field),
);
