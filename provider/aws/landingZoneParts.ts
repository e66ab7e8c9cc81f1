/**
 * Named steps of the landing zone's constructor: the KMS key (with its alias and key policy) and
 * the bucket's configuration resources. The component calls them in its registration order;
 * each registers its resources as children of the component, named `<component name>-…`.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { buildKeyPolicy } from "./keyPolicy";
import type { CloudWorksS3LandingZoneArgs, ResolvedLandingZoneArgs } from "./landingZoneArgs";
import { renderPolicyJson } from "./policyJson";

/**
 * What {@link createKey} needs from the component.
 *
 * @internal
 */
export interface KeyInputs extends Pick<
  ResolvedLandingZoneArgs,
  "adminRoleArns" | "accessMode" | "kmsViaS3Only" | "rotationPeriod" | "deletionWindow" | "keyAlias"
> {
  /** The landing-zone bucket (its region names the S3 endpoint for kms:ViaService). */
  bucket: aws.s3.Bucket;
  /** The partition the stack deploys to. */
  partition: pulumi.Output<aws.GetPartitionResult>;
  /** The deploying account. */
  accountId: pulumi.Output<string>;
  /** The deployer's role ARN, always a key administrator. */
  deployerArn: pulumi.Output<string>;
  /** The CloudWorks user, who may use the key. */
  cloudWorksUserArn: pulumi.Output<string>;
  /** Tags of the key. */
  tags: CloudWorksS3LandingZoneArgs["tags"];
}

/**
 * The KMS customer-managed key and its alias, with the key policy rendered for review; also the
 * kms:ViaService value the user policy repeats.
 *
 * @internal
 */
export function createKey(
  kms: typeof aws.kms,
  name: string,
  parent: pulumi.CustomResourceOptions,
  inputs: KeyInputs,
): {
  kmsViaService: pulumi.Output<string | undefined>;
  keyPolicyJson: pulumi.Output<string>;
  kmsKey: aws.kms.Key;
  kmsAlias: aws.kms.Alias;
} {
  const {
    bucket,
    partition,
    accountId,
    adminRoleArns,
    deployerArn,
    cloudWorksUserArn,
    accessMode,
    kmsViaS3Only,
    rotationPeriod,
    deletionWindow,
    keyAlias,
    tags,
  } = inputs;
  // kms:ViaService names the S3 endpoint of the bucket's region; the key must live there too.
  const kmsViaService: pulumi.Output<string | undefined> = kmsViaS3Only
    ? pulumi.interpolate`s3.${bucket.region}.${partition.dnsSuffix}`
    : pulumi.output(undefined);

  // buildKeyPolicy dedupes and sorts, so the rendered policy does not change with input order.
  const keyAdmins = pulumi
    .all([adminRoleArns, deployerArn])
    .apply(([admins, deployer]) => [...admins, deployer]);

  const keyPolicyJson = pulumi
    .all([partition.partition, accountId, keyAdmins, cloudWorksUserArn, accessMode, kmsViaService])
    .apply(([partitionName, accountId, admins, userArn, mode, via]) =>
      renderPolicyJson(
        buildKeyPolicy({
          partition: partitionName,
          accountId,
          adminPrincipalArns: admins,
          cloudWorksPrincipalArn: userArn,
          accessMode: mode,
          kmsViaService: via,
        }),
      ),
    );

  const kmsKey = new kms.Key(
    `${name}-key`,
    {
      description: pulumi.interpolate`CloudWorks landing zone ${name}: default encryption of bucket ${bucket.bucket}`,
      enableKeyRotation: true,
      rotationPeriodInDays: rotationPeriod,
      deletionWindowInDays: deletionWindow,
      policy: keyPolicyJson,
      tags,
    },
    parent,
  );
  const kmsAlias = new kms.Alias(
    `${name}-key-alias`,
    { name: keyAlias, targetKeyId: kmsKey.keyId },
    parent,
  );
  return { kmsViaService, keyPolicyJson, kmsKey, kmsAlias };
}

/**
 * What {@link configureBucket} needs from the component.
 *
 * @internal
 */
export interface BucketConfigurationInputs extends Pick<
  ResolvedLandingZoneArgs,
  "noncurrentDays" | "abortDays"
> {
  /** The landing-zone bucket. */
  bucket: aws.s3.Bucket;
  /** The key of the bucket's default encryption. */
  kmsKeyArn: pulumi.Output<string>;
  /** Server access logging, when configured. */
  accessLogging: CloudWorksS3LandingZoneArgs["accessLogging"];
}

/**
 * The bucket's configuration resources, registered in this order: ownership controls, Block
 * Public Access, default encryption, versioning, lifecycle, then optional access logging.
 *
 * @internal
 */
export function configureBucket(
  s3: typeof aws.s3,
  name: string,
  component: pulumi.ComponentResource,
  inputs: BucketConfigurationInputs,
): {
  ownershipControls: aws.s3.BucketOwnershipControls;
  publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  versioning: aws.s3.BucketVersioning;
  lifecycle: aws.s3.BucketLifecycleConfiguration;
  accessLogging: aws.s3.BucketLogging | undefined;
} {
  const { bucket, kmsKeyArn, noncurrentDays, abortDays } = inputs;
  const accessLoggingArgs = inputs.accessLogging;
  const parent = { parent: component };
  const ownershipControls = new s3.BucketOwnershipControls(
    `${name}-ownership`,
    { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
    parent,
  );
  const publicAccessBlock = new s3.BucketPublicAccessBlock(
    `${name}-public-access-block`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    parent,
  );
  const encryption = new s3.BucketServerSideEncryptionConfiguration(
    `${name}-encryption`,
    {
      bucket: bucket.id,
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: "aws:kms",
            kmsMasterKeyId: kmsKeyArn,
          },
          bucketKeyEnabled: true,
          blockedEncryptionTypes: ["SSE-C"],
        },
      ],
    },
    parent,
  );
  const versioning = new s3.BucketVersioning(
    `${name}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    parent,
  );
  // After versioning: a noncurrent-version rule on a bucket whose versioning is still being
  // switched on is accepted but may be evaluated against the old state.
  const lifecycle = new s3.BucketLifecycleConfiguration(
    `${name}-lifecycle`,
    {
      bucket: bucket.id,
      rules: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays },
          expiration: { expiredObjectDeleteMarker: true },
        },
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: {},
          abortIncompleteMultipartUpload: { daysAfterInitiation: abortDays },
        },
      ],
    },
    { parent: component, dependsOn: [versioning] },
  );
  const accessLogging =
    accessLoggingArgs === undefined
      ? undefined
      : new s3.BucketLogging(
          `${name}-access-logging`,
          {
            bucket: bucket.id,
            targetBucket: accessLoggingArgs.targetBucket,
            targetPrefix: accessLoggingArgs.targetPrefix ?? pulumi.interpolate`${bucket.bucket}/`,
          },
          parent,
        );
  return { ownershipControls, publicAccessBlock, encryption, versioning, lifecycle, accessLogging };
}
