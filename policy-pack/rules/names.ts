/**
 * The pack's vocabulary: its name, the names of its rules (as `--policy-pack-config` files use
 * them) and the Pulumi type tokens the rules look at. Every other module of rules/ reads these.
 */

/** The pack's name, as `pulumi preview` prints it and `--policy-pack-config` files use it. */
export const POLICY_PACK_NAME = "pulumi-cloudworks-security";

/** The names of the rules, as used in `--policy-pack-config` files. */
export const policyNames = {
  /** TLS-only and IP-allowlist denies in the bucket policy, proven by simulation. */
  bucketPolicy: "cloudworks-bucket-policy-denies-insecure-and-outside-access",
  /** Default SSE-KMS with a customer-managed key. */
  encryption: "cloudworks-bucket-sse-kms-customer-key",
  /** All four S3 Block Public Access settings. */
  publicAccessBlock: "cloudworks-bucket-public-access-block",
  /** Allowlist entries only from the published CloudWorks egress table (or explicitly allowed). */
  allowlist: "cloudworks-allowlist-within-egress-table",
  /** Connection secrets reach the engine as Pulumi secrets. */
  connectionSecrets: "cloudworks-connection-secrets-are-secret",
  /** Helper of `connectionSecrets`; records secretness, changes nothing. */
  connectionSecretsObserver: "cloudworks-connection-secrets-observer",
  /** AmazonS3 connections whose bucket is not managed in the stack. */
  bucketNotInStack: "cloudworks-s3-bucket-not-in-stack",
} as const;

/** Pulumi type tokens the rules look at. */
export const resourceTypes = {
  /** `CloudWorksConnection` (a dynamic resource: `pulumi-nodejs:dynamic/<module>:<type>`). */
  connection: "pulumi-nodejs:dynamic/cloudworks:Connection",
  /** `aws.s3.Bucket` and the deprecated `aws.s3.BucketV2` (aliased to each other in v7). */
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  /** `aws.s3.BucketPolicy`. */
  bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
  /** `aws.s3.BucketServerSideEncryptionConfiguration` and its deprecated V2 alias. */
  encryption: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  /** `aws.s3.BucketPublicAccessBlock`. */
  publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  /** `aws.kms.Key` (always a customer-managed key). */
  kmsKey: ["aws:kms/key:Key"],
  /** `aws.kms.Alias`. */
  kmsAlias: ["aws:kms/alias:Alias"],
} as const;
