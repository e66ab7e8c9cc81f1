// Validation of a connection's inputs, and the parsing of a Google service-account key that both
// validation and the request body need, run by check before any API call.
import type { GoogleServiceAccountKey } from "../client";
import { ALL_TYPE_FIELDS, CONNECTION_TYPES, TYPE_FIELDS } from "./connectionTypes";
import { ConnectionInputs } from "./inputs";
import { s3BucketNameProblem } from "./s3BucketName";
import { containsUnknown, isUnknown } from "./unknowns";
import {
  checkName,
  checkReservedKeys,
  describeValue,
  FailureCollector,
  LOWER_HEX_ID,
  typeName,
} from "./validation";

/** Every input property of a connection, for the unknown-property check. */
const CONNECTION_KEYS = ["name", "type", "workspaceId", "adoptExistingId", ...ALL_TYPE_FIELDS];

/** Validates every connection input before any API call. */
export function checkConnection(collector: FailureCollector, news: ConnectionInputs): void {
  checkReservedKeys(collector, "", news);
  collector.knownKeys("", news, CONNECTION_KEYS);
  checkName(collector, "name", news.name);
  if (collector.required("type", news.type, `one of ${CONNECTION_TYPES.join(", ")}`)) {
    collector.oneOf("type", news.type, CONNECTION_TYPES);
  }
  collector.pattern("workspaceId", news.workspaceId, LOWER_HEX_ID, "32 lowercase hex characters");
  collector.pattern(
    "adoptExistingId",
    news.adoptExistingId,
    LOWER_HEX_ID,
    "a connection ID of 32 lowercase hex characters",
  );
  const type = news.type;
  if (CONNECTION_TYPES.includes(type)) {
    const fields = TYPE_FIELDS[type];
    for (const field of fields.required)
      collector.required(field, news[field], `set for ${type} connections`);
    for (const field of ALL_TYPE_FIELDS) {
      if (!fields.required.includes(field) && !fields.optional.includes(field)) {
        collector.forbidden(field, news[field], `on ${type} connections`);
      }
    }
    checkTypeSpecificFormats(collector, news);
  }
}

// The formats CloudWorks and the clouds impose on each type's fields, checked only once the type is valid.
function checkTypeSpecificFormats(collector: FailureCollector, news: ConnectionInputs): void {
  const bucket = news.bucketName;
  if (bucket !== undefined && bucket !== null && !isUnknown(bucket)) {
    // The landing zone's rules (one shared copy); dots are allowed for existing buckets.
    const problem = typeof bucket === "string" ? s3BucketNameProblem(bucket) : "be a string";
    if (problem !== undefined)
      collector.fail(
        "bucketName",
        `bucketName must be a valid S3 bucket name: it must ${problem}; got ${describeValue(bucket)}`,
      );
  }
  // Secrets are never echoed: the messages name the type received, not the value.
  collector.secretString("secretAccessKey", news.secretAccessKey);
  collector.secretString("sasToken", news.sasToken);
  collector.pattern(
    "accessKeyId",
    news.accessKeyId,
    /^[A-Z0-9]{16,128}$/,
    "an AWS access key ID (upper-case letters and digits)",
  );
  collector.pattern(
    "roleArn",
    news.roleArn,
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    "an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
  );
  collector.pattern(
    "storageAccountName",
    news.storageAccountName,
    /^[a-z0-9]{3,24}$/,
    "3–24 lowercase letters and digits",
  );
  collector.pattern(
    "containerName",
    news.containerName,
    /^(?!.*--)[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
    "a valid Azure container name (3–63 lowercase letters, digits and single hyphens)",
  );
  collector.pattern(
    "dataset",
    news.dataset,
    /^[A-Za-z0-9_]{1,1024}$/,
    "a BigQuery dataset name (letters, digits and '_')",
  );
  const key = news.serviceAccountKey;
  if (key !== undefined && key !== null && typeof key !== "string" && typeof key !== "object") {
    collector.fail(
      "serviceAccountKey",
      `serviceAccountKey must be the service-account key JSON (text or object); got ${typeName(key)}`,
    );
  } else if (key !== undefined && !isUnknown(key) && !containsUnknown(key)) {
    const parsed = parseServiceAccountKey(key);
    if (typeof parsed === "string") {
      collector.fail("serviceAccountKey", `serviceAccountKey ${parsed}`);
    }
  }
}

/** A PEM private-key block, as in Google's key files (PKCS#8) or the older RSA form. */
const PEM_PRIVATE_KEY =
  /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

/** The ten keys CloudWorks documents for `serviceAccountKey` (reference §4.1), all present in Google's key files. */
const SERVICE_ACCOUNT_KEYS: (keyof GoogleServiceAccountKey)[] = [
  "type",
  "projectId",
  "privateKeyId",
  "privateKey",
  "clientEmail",
  "clientId",
  "authUri",
  "tokenUri",
  "authProviderX509CertUrl",
  "clientX509CertUrl",
];

/**
 * Normalises a Google service-account key to the camelCase keys CloudWorks documents. Users hold
 * Google's own key file, whose keys are snake_case (`private_key`); whether CloudWorks accepts
 * those is unknown (reference §13), so we convert rather than send something unverified.
 * Keys CloudWorks does not document (newer key files add `universe_domain`) are dropped, since an
 * unknown key may be rejected as an invalid body. Returns a reason string when the key is
 * unusable; the reason never includes key material.
 */
export function parseServiceAccountKey(
  value: string | Record<string, string>,
): GoogleServiceAccountKey | string {
  let raw: unknown = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      return "must be the service-account key JSON (text or object); the text given is not valid JSON";
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return "must be a JSON object";
  const byCamelKey: Record<string, unknown> = {};
  for (const [key, fieldValue] of Object.entries(raw)) {
    const camel = key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
    byCamelKey[camel] = fieldValue;
  }
  const normalised: Partial<GoogleServiceAccountKey> = {};
  const wrongType: string[] = [];
  for (const key of SERVICE_ACCOUNT_KEYS) {
    const fieldValue = byCamelKey[key];
    if (typeof fieldValue === "string" && fieldValue !== "") normalised[key] = fieldValue;
    else if (fieldValue !== undefined && fieldValue !== null && fieldValue !== "")
      wrongType.push(`${key} (${typeName(fieldValue)})`);
  }
  if (wrongType.length > 0)
    return `must hold text in every field; not text: ${wrongType.join(", ")}`;
  if (!isCompleteKey(normalised)) {
    const missing = SERVICE_ACCOUNT_KEYS.filter((field) => !normalised[field]);
    return `is missing ${missing.join(", ")}`;
  }
  if (normalised.type !== "service_account") return `must have type "service_account"`;
  // Google's key files hold a PKCS#8 PEM block; anything else cannot sign CloudWorks' token
  // requests, and the API would only say "Invalid request body" at `up`.
  if (!PEM_PRIVATE_KEY.test(normalised.privateKey))
    return "privateKey (private_key) must be a PEM private key (-----BEGIN PRIVATE KEY----- … -----END PRIVATE KEY-----)";
  return normalised;
}

/** True when every documented field of a service-account key is set. */
function isCompleteKey(key: Partial<GoogleServiceAccountKey>): key is GoogleServiceAccountKey {
  return SERVICE_ACCOUNT_KEYS.every((field) => Boolean(key[field]));
}
