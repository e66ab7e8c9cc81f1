/**
 * The least-privilege identity policy of the IAM user CloudWorks signs in as.
 */
import { PolicyDocument, PolicyStatement } from "./policyJson";
import { InvalidLandingZoneArgError, validatePrefix } from "./validation";

/**
 * What CloudWorks may do under its prefix:
 * - `import`: read files (S3 → Anaplan integrations);
 * - `export`: write files (Anaplan → S3 integrations);
 * - `both`: read and write.
 */
export type CloudWorksAccessMode = "import" | "export" | "both";

/** The access modes, for validation and docs. */
export const cloudWorksAccessModes: readonly CloudWorksAccessMode[] = ["import", "export", "both"];

/** Inputs of {@link buildCloudWorksUserPolicy}. All values are resolved strings. */
export interface CloudWorksUserPolicyInputs {
  /** ARN of the landing-zone bucket, e.g. `arn:aws:s3:::acme-cloudworks`. */
  bucketArn: string;
  /** ARN of the landing-zone KMS key. */
  kmsKeyArn: string;
  /** Key prefix CloudWorks is confined to, e.g. `anaplan/`. */
  prefix: string;
  /** Import only, export only, or both. */
  accessMode: CloudWorksAccessMode;
  /**
   * When set (e.g. `s3.eu-west-1.amazonaws.com`), KMS use is allowed only through that service
   * endpoint (`kms:ViaService`), never by calling KMS directly with the access key.
   */
  kmsViaService?: string;
  /**
   * Whether listing is confined to the prefix with an `s3:prefix` condition (default true).
   * Turn off only if CloudWorks must list the bucket root to validate a connection.
   */
  restrictListingToPrefix?: boolean;
}

/**
 * Builds the identity policy of the CloudWorks IAM user. Statements, in order:
 *
 * 1. `ListBucketUnderPrefix`: `s3:ListBucket` on the bucket, only for an `s3:prefix`
 *    matching `<prefix>*` (unless `restrictListingToPrefix` is false);
 * 2. `LocateBucket`: `s3:GetBucketLocation` (SDKs call it to find the bucket's region);
 * 3. `ReadObjectsUnderPrefix` (import, both): `s3:GetObject` on `<bucket>/<prefix>*`;
 * 4. `WriteObjectsUnderPrefix` (export, both): `s3:PutObject`, `s3:AbortMultipartUpload`,
 *    `s3:ListMultipartUploadParts` on `<bucket>/<prefix>*`;
 * 5. `UseLandingZoneKey`: `kms:Decrypt` (import), plus `kms:GenerateDataKey` (export) on the key
 *    only, optionally only via S3 (`kms:ViaService`).
 *
 * No `s3:DeleteObject`, no `s3:*`, no access outside the prefix. Exports need `kms:Decrypt` too:
 * S3 decrypts the data key for every part of a multipart upload.
 *
 * @param inputs the resolved bucket, key, prefix and mode
 * @returns the policy document
 */
export function buildCloudWorksUserPolicy(inputs: CloudWorksUserPolicyInputs): PolicyDocument {
  const prefix = validatePrefix(inputs.prefix, "prefix");
  validateAccessMode(inputs.accessMode, "accessMode");
  const reads = inputs.accessMode !== "export";
  const writes = inputs.accessMode !== "import";
  const objects = `${inputs.bucketArn}/${prefix}*`;

  const statements: PolicyStatement[] = [
    {
      Sid: "ListBucketUnderPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: inputs.bucketArn,
      ...(inputs.restrictListingToPrefix === false
        ? {}
        : { Condition: { StringLike: { "s3:prefix": `${prefix}*` } } }),
    },
    {
      Sid: "LocateBucket",
      Effect: "Allow",
      Action: "s3:GetBucketLocation",
      Resource: inputs.bucketArn,
    },
  ];
  if (reads) {
    statements.push({
      Sid: "ReadObjectsUnderPrefix",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: objects,
    });
  }
  if (writes) {
    statements.push({
      Sid: "WriteObjectsUnderPrefix",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: objects,
    });
  }
  statements.push({
    Sid: "UseLandingZoneKey",
    Effect: "Allow",
    Action: cloudWorksKmsActions(inputs.accessMode),
    Resource: inputs.kmsKeyArn,
    ...(inputs.kmsViaService === undefined
      ? {}
      : { Condition: { StringEquals: { "kms:ViaService": inputs.kmsViaService } } }),
  });
  return { Version: "2012-10-17", Statement: statements };
}

/**
 * Checks an access mode.
 *
 * @param value the mode
 * @param argument the argument name used in errors
 * @returns the value, typed
 */
export function validateAccessMode(value: string, argument: string): CloudWorksAccessMode {
  if (!(cloudWorksAccessModes as readonly string[]).includes(value)) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      `must be one of ${cloudWorksAccessModes.join(", ")}`,
    );
  }
  return value as CloudWorksAccessMode;
}

/**
 * The KMS actions CloudWorks needs on the landing-zone key for an access mode: reading needs
 * `kms:Decrypt`; writing needs `kms:GenerateDataKey` and, for multipart uploads, `kms:Decrypt`.
 *
 * @param accessMode import, export or both
 * @returns the actions, in a fixed order
 */
export function cloudWorksKmsActions(accessMode: CloudWorksAccessMode): string[] {
  return accessMode === "import" ? ["kms:Decrypt"] : ["kms:Decrypt", "kms:GenerateDataKey"];
}
