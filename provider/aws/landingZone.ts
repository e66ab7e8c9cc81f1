/**
 * The secure S3 landing zone CloudWorks reads from and writes to, with its KMS key, bucket
 * policy, CloudWorks IAM user and the CloudWorks connection that uses them, as one component.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { CloudWorksConnection } from "../resources/connection";
import { buildBucketPolicy } from "./bucketPolicy";
import { LandingZoneDeletionGuard } from "./deletionGuard";
import { buildKeyPolicy } from "./keyPolicy";
import { renderPolicyJson } from "./policyJson";
import { buildCloudWorksUserPolicy, CloudWorksAccessMode, validateAccessMode } from "./userPolicy";
import {
  resolveAllowlist,
  validateAllowlistEntry,
  validateAnaplanRegion,
  validateBucketName,
  validateIntegerInRange,
  validateKeyAlias,
  validatePrefix,
  validateRoleArn,
  validateVpcEndpointId,
} from "./validation";

/** Where S3 server access logs of the landing-zone bucket go. */
export interface LandingZoneAccessLoggingArgs {
  /**
   * Name of an existing bucket that receives the logs. It must grant the S3 logging service
   * (`logging.s3.amazonaws.com`) `s3:PutObject`; it should not be the landing-zone bucket itself.
   */
  targetBucket: pulumi.Input<string>;
  /** Key prefix of the log objects in the target bucket. Default: `<bucket name>/`. */
  targetPrefix?: pulumi.Input<string>;
}

/** Arguments of {@link CloudWorksS3LandingZone}. */
export interface CloudWorksS3LandingZoneArgs {
  /**
   * Name of the bucket (3–63 lowercase letters, digits and hyphens; no dots, because the bucket
   * requires TLS). Default: auto-named from the component name.
   */
  bucketName?: pulumi.Input<string>;
  /**
   * Anaplan region of the tenant (e.g. `eu1`). Its published CloudWorks egress addresses, from
   * the dated table shipped with this package (`CLOUDWORKS_EGRESS_TABLE_DATE`), become the
   * allowlist. Give `anaplanRegion`, `allowedCidrs`, or both.
   */
  anaplanRegion?: pulumi.Input<string>;
  /**
   * Extra source addresses or CIDR blocks allowed to reach the bucket (e.g. addresses Anaplan
   * announced after the table's date, or your own egress). Single addresses become `/32`.
   * `0.0.0.0/0`, `::/0`, private ranges and malformed entries are rejected.
   */
  allowedCidrs?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * IAM role ARNs that administer the KMS key and are exempt from the address restriction (e.g.
   * the break-glass admin role). The role deploying the stack is added automatically.
   */
  adminRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * IAM role ARNs exempt from the address restriction only, without key administration: e.g. an
   * ETL role outside the allowlist, or an AWS service-linked role that audits buckets (AWS
   * Config, Macie). Their own IAM policies still decide what they may do.
   */
  allowlistExemptRoleArns?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * VPC endpoint IDs whose traffic is exempt from the address restriction (requests through a
   * VPC endpoint carry no public source address). Traffic through other endpoints is denied.
   */
  vpcEndpointIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Key prefix CloudWorks is confined to; must end in `/`. Default: `anaplan/`. */
  prefix?: pulumi.Input<string>;
  /** What CloudWorks may do under the prefix: `import`, `export` or `both`. Default: `both`. */
  accessMode?: pulumi.Input<CloudWorksAccessMode>;
  /**
   * Whether the CloudWorks user may use the KMS key only through S3 (`kms:ViaService`), so a
   * leaked access key cannot decrypt data keys directly. Default: true.
   */
  kmsViaS3Only?: boolean;
  /**
   * Whether `s3:ListBucket` is confined to the prefix with an `s3:prefix` condition. Turn off
   * only if CloudWorks must list the bucket root to validate the connection. Default: true.
   */
  restrictListingToPrefix?: boolean;
  /** Alias of the KMS key. Default: `alias/cloudworks/<component name>`. */
  keyAlias?: string;
  /** Waiting period before a scheduled key deletion completes, 7–30 days. Default: 30. */
  keyDeletionWindowInDays?: number;
  /** Automatic key rotation period, 90–2560 days (rotation is always on). Default: 365. */
  keyRotationPeriodInDays?: number;
  /** Days after which noncurrent object versions are deleted, 1–3650. Default: 30. */
  noncurrentVersionExpirationDays?: number;
  /** Days after which incomplete multipart uploads are aborted, 1–365. Default: 7. */
  abortIncompleteMultipartUploadDays?: number;
  /** Server access logging of the bucket. Default: off. */
  accessLogging?: LandingZoneAccessLoggingArgs;
  /**
   * Whether `pulumi destroy` may delete a bucket that still holds objects. Default: false, so
   * landing-zone data is never removed by accident.
   */
  forceDestroy?: boolean;
  /**
   * Whether `pulumi destroy` (or removing the landing zone from the program) is refused. Default:
   * true unless `forceDestroy` is true. Pulumi deletes the bucket policy, Block Public Access,
   * default encryption, the KMS key and the CloudWorks IAM identity before the bucket, and S3
   * refuses to delete a bucket that still holds objects, so without this a destroy of a bucket
   * holding CloudWorks exports would strip the data of its protections and then fail. While on,
   * a guard resource refuses deletion before any of them is touched and says how to proceed: set
   * it to false and run `pulumi up` first (see docs/security-review.md). Updates in place.
   */
  deletionProtection?: boolean;
  /** Name of the CloudWorks IAM user. Default: auto-named from the component name. */
  userName?: pulumi.Input<string>;
  /** IAM path of the CloudWorks user. Default: `/cloudworks/`. */
  userPath?: pulumi.Input<string>;
  /** ARN of a permissions boundary policy for the CloudWorks user, if your account requires one. */
  permissionsBoundaryArn?: pulumi.Input<string>;
  /**
   * Whether to create the `AmazonS3` CloudWorks connection for the bucket. Default: true. Set
   * false to provision only the AWS side.
   */
  createConnection?: boolean;
  /**
   * Name of the CloudWorks connection (≤ 60 characters: Latin letters, digits, spaces, `-`, `_`).
   * Default: the component name.
   */
  connectionName?: pulumi.Input<string>;
  /** Anaplan workspace of the connection; required when the Anaplan user is a restricted integration user. */
  workspaceId?: pulumi.Input<string>;
  /** Tags applied to the bucket, the KMS key and the IAM user. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Defaults of {@link CloudWorksS3LandingZoneArgs}, in one place for code and docs. */
export const landingZoneDefaults = {
  /** Default of `prefix`. */
  prefix: "anaplan/",
  /** Default of `accessMode`. */
  accessMode: "both" as CloudWorksAccessMode,
  /** Default of `keyDeletionWindowInDays`. */
  keyDeletionWindowInDays: 30,
  /** Default of `keyRotationPeriodInDays`. */
  keyRotationPeriodInDays: 365,
  /** Default of `noncurrentVersionExpirationDays`. */
  noncurrentVersionExpirationDays: 30,
  /** Default of `abortIncompleteMultipartUploadDays`. */
  abortIncompleteMultipartUploadDays: 7,
  /** Default of `userPath`. */
  userPath: "/cloudworks/",
} as const;

/**
 * A secure S3 landing zone for Anaplan CloudWorks:
 *
 * - a KMS customer-managed key with rotation, an alias and a key policy that keeps IAM
 *   delegation to the account, names the key administrators (configured admin roles plus the
 *   deploying role) and lets the CloudWorks user use the key, by default only through S3;
 * - a bucket with default SSE-KMS (that key, bucket keys on, SSE-C blocked), all four Block
 *   Public Access settings, `BucketOwnerEnforced` ownership, versioning, a lifecycle and optional
 *   access logging;
 * - a deny-only bucket policy: TLS only, CloudWorks egress allowlist (with exemptions for admins,
 *   the deployer, AWS services acting for a caller and chosen VPC endpoints), no wrong SSE
 *   algorithm or key on PUT (the header itself is never required);
 * - the IAM user CloudWorks signs in as, with a prefix-scoped least-privilege policy and an
 *   access key whose secret stays a Pulumi secret;
 * - the `AmazonS3` CloudWorks connection, created only after the bucket policy, encryption,
 *   public access block and user policy are in place.
 *
 * Policies are rendered by pure functions (`buildBucketPolicy`, `buildKeyPolicy`,
 * `buildCloudWorksUserPolicy`) and exposed as outputs so they can be reviewed. Invalid
 * configuration fails at preview with a message naming the argument and the rule.
 */
export class CloudWorksS3LandingZone<WithConnection extends boolean = true>
  extends pulumi.ComponentResource
{
  /** The landing-zone bucket. */
  public readonly bucket: aws.s3.Bucket;
  /** The bucket's name. */
  public readonly bucketName: pulumi.Output<string>;
  /** The bucket's ARN. */
  public readonly bucketArn: pulumi.Output<string>;
  /** The KMS customer-managed key the bucket encrypts with. */
  public readonly kmsKey: aws.kms.Key;
  /** The key's ARN. */
  public readonly kmsKeyArn: pulumi.Output<string>;
  /** The key's alias. */
  public readonly kmsAlias: aws.kms.Alias;
  /** Default encryption (SSE-KMS with the key, bucket keys on). */
  public readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  /** Block Public Access, all four settings on. */
  public readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  /** Object ownership `BucketOwnerEnforced` (ACLs disabled). */
  public readonly ownershipControls: aws.s3.BucketOwnershipControls;
  /** Versioning, enabled. */
  public readonly versioning: aws.s3.BucketVersioning;
  /** Lifecycle: noncurrent-version expiry, abort incomplete multipart uploads. */
  public readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  /** Server access logging, when configured. */
  public readonly accessLogging?: aws.s3.BucketLogging;
  /** The bucket policy. */
  public readonly bucketPolicy: aws.s3.BucketPolicy;
  /** The IAM user CloudWorks signs in as. */
  public readonly cloudWorksUser: aws.iam.User;
  /** The CloudWorks user's inline policy. */
  public readonly cloudWorksUserPolicy: aws.iam.UserPolicy;
  /** The CloudWorks user's access key. */
  public readonly cloudWorksAccessKey: aws.iam.AccessKey;
  /** The access key ID CloudWorks signs in with. */
  public readonly accessKeyId: pulumi.Output<string>;
  /** The secret access key. Always a Pulumi secret. */
  public readonly secretAccessKey: pulumi.Output<string>;
  /**
   * The guard that refuses deletion while `deletionProtection` is on; it depends on every
   * resource above, so the engine deletes it first.
   */
  public readonly deletionGuard: LandingZoneDeletionGuard;
  /**
   * The CloudWorks connection; `undefined` when `createConnection` is false. Typed from the
   * `createConnection` literal, so the default (a connection) needs no `!` or check.
   */
  public readonly connection: WithConnection extends false ? undefined : CloudWorksConnection;
  /** The CloudWorks connection ID; `undefined` when `createConnection` is false (typed likewise). */
  public readonly connectionId: WithConnection extends false ? undefined : pulumi.Output<string>;
  /** The effective, sorted source-address allowlist of the bucket policy. */
  public readonly allowlist: pulumi.Output<string[]>;
  /** The ARN of the identity deploying the stack (the role behind an assumed-role session). */
  public readonly deployerArn: pulumi.Output<string>;
  /** The bucket policy as rendered JSON, for review. */
  public readonly bucketPolicyJson: pulumi.Output<string>;
  /** The KMS key policy as rendered JSON, for review. */
  public readonly keyPolicyJson: pulumi.Output<string>;
  /** The CloudWorks user's policy as rendered JSON, for review. */
  public readonly userPolicyJson: pulumi.Output<string>;

  /**
   * @param name the component name; child resources are named `<name>-…`
   * @param args the landing-zone arguments
   * @param opts resource options (e.g. an explicit AWS provider, which children inherit)
   */
  constructor(
    name: string,
    args: CloudWorksS3LandingZoneArgs & { createConnection?: WithConnection },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Validate before registering anything: plain values throw right here (synchronously, so
    // `pulumi preview` fails with the message); Output values throw inside apply once known.
    const config = resolveLandingZoneArgs(name, args);
    super("cloudworks:aws:CloudWorksS3LandingZone", name, {}, opts);
    const {
      bucketNameArg,
      allowlist,
      adminRoleArns,
      exemptRoleArns,
      vpcEndpointIds,
      prefix,
      accessMode,
      keyAlias,
      deletionWindow,
      rotationPeriod,
      noncurrentDays,
      abortDays,
      kmsViaS3Only,
      restrictListingToPrefix,
    } = config;

    const { getPartitionOutput, getCallerIdentityOutput, iam, kms, s3 } = loadAws();
    const parent = { parent: this };

    // The deployer: for an assumed-role session getCallerIdentity returns the sts ARN, while
    // policies match the role ARN (aws:PrincipalArn, key-policy principals), which
    // getSessionContext gives as issuerArn (for users and root it returns the ARN unchanged).
    const partition = getPartitionOutput({}, parent);
    const caller = getCallerIdentityOutput({}, parent);
    const deployerArn = iam.getSessionContextOutput({ arn: caller.arn }, parent).issuerArn;

    const cloudWorksUser = new iam.User(
      `${name}-cloudworks`,
      {
        name: args.userName,
        path: args.userPath ?? landingZoneDefaults.userPath,
        permissionsBoundary: args.permissionsBoundaryArn,
        tags: args.tags,
      },
      parent,
    );

    const bucket = new s3.Bucket(
      `${name}-bucket`,
      { bucket: bucketNameArg, forceDestroy: args.forceDestroy ?? false, tags: args.tags },
      parent,
    );

    // kms:ViaService names the S3 endpoint of the bucket's region; the key must live there too.
    const kmsViaService: pulumi.Output<string | undefined> = kmsViaS3Only
      ? pulumi.interpolate`s3.${bucket.region}.${partition.dnsSuffix}`
      : pulumi.output(undefined);

    const keyAdmins = pulumi
      .all([adminRoleArns, deployerArn])
      .apply(([admins, deployer]) => sortedUnique([...admins, deployer]));

    const keyPolicyJson = pulumi
      .all([
        partition.partition,
        caller.accountId,
        keyAdmins,
        cloudWorksUser.arn,
        accessMode,
        kmsViaService,
      ])
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
        tags: args.tags,
      },
      parent,
    );
    const kmsAlias = new kms.Alias(
      `${name}-key-alias`,
      { name: keyAlias, targetKeyId: kmsKey.keyId },
      parent,
    );

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
              kmsMasterKeyId: kmsKey.arn,
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
      { parent: this, dependsOn: [versioning] },
    );
    const accessLogging =
      args.accessLogging === undefined
        ? undefined
        : new s3.BucketLogging(
            `${name}-access-logging`,
            {
              bucket: bucket.id,
              targetBucket: args.accessLogging.targetBucket,
              targetPrefix:
                args.accessLogging.targetPrefix ?? pulumi.interpolate`${bucket.bucket}/`,
            },
            parent,
          );

    const exemptPrincipalArns = pulumi
      .all([adminRoleArns, deployerArn, exemptRoleArns])
      .apply(([admins, deployer, exempt]) => sortedUnique([...admins, deployer, ...exempt]));
    const bucketPolicyJson = pulumi
      .all([bucket.arn, kmsKey.arn, allowlist, exemptPrincipalArns, vpcEndpointIds])
      .apply(([bucketArn, keyArn, cidrs, exempt, endpoints]) =>
        renderPolicyJson(
          buildBucketPolicy({
            bucketArn,
            kmsKeyArn: keyArn,
            allowedCidrs: cidrs,
            exemptPrincipalArns: exempt,
            vpcEndpointIds: endpoints,
          }),
        ),
      );
    // After the public access block and ownership controls: S3 rejects concurrent bucket
    // configuration changes (OperationAborted), and the policy must land on a bucket that
    // already refuses public access.
    const bucketPolicy = new s3.BucketPolicy(
      `${name}-bucket-policy`,
      { bucket: bucket.id, policy: bucketPolicyJson },
      { parent: this, dependsOn: [publicAccessBlock, ownershipControls] },
    );

    const userPolicyJson = pulumi
      .all([bucket.arn, kmsKey.arn, prefix, accessMode, kmsViaService])
      .apply(([bucketArn, keyArn, keyPrefix, mode, via]) =>
        renderPolicyJson(
          buildCloudWorksUserPolicy({
            bucketArn,
            kmsKeyArn: keyArn,
            prefix: keyPrefix,
            accessMode: mode,
            kmsViaService: via,
            restrictListingToPrefix,
          }),
        ),
      );
    const cloudWorksUserPolicy = new iam.UserPolicy(
      `${name}-cloudworks-access`,
      { user: cloudWorksUser.name, policy: userPolicyJson },
      parent,
    );
    const cloudWorksAccessKey = new iam.AccessKey(
      `${name}-cloudworks-key`,
      { user: cloudWorksUser.name },
      parent,
    );
    // @pulumi/aws already marks `secret` as an additional secret output; wrapping again makes the
    // guarantee local (it holds under mocks and whatever the provider version does).
    const secretAccessKey = pulumi.secret(cloudWorksAccessKey.secret);

    // Deleted before everything it depends on, so a refused delete stops the engine before any
    // protection of the bucket is touched. The connection does not depend on it: CloudWorks
    // objects may go first, they hold no data.
    const deletionGuard = new LandingZoneDeletionGuard(
      `${name}-deletion-guard`,
      {
        landingZone: name,
        bucketName: bucket.bucket,
        deletionProtection: args.deletionProtection ?? !(args.forceDestroy ?? false),
      },
      {
        parent: this,
        dependsOn: [
          bucket,
          bucketPolicy,
          publicAccessBlock,
          encryption,
          versioning,
          lifecycle,
          ownershipControls,
          ...(accessLogging ? [accessLogging] : []),
          kmsKey,
          kmsAlias,
          cloudWorksUser,
          cloudWorksUserPolicy,
          cloudWorksAccessKey,
        ],
      },
    );

    let connection: CloudWorksConnection | undefined;
    if (args.createConnection ?? true) {
      // CloudWorks validates a connection against the bucket; it must never see a bucket without
      // its policy, encryption or public access block, nor a user without its grants.
      connection = new CloudWorksConnection(
        `${name}-connection`,
        {
          name: args.connectionName ?? name,
          type: "AmazonS3",
          workspaceId: args.workspaceId,
          bucketName: bucket.bucket,
          accessKeyId: cloudWorksAccessKey.id,
          secretAccessKey,
        },
        {
          parent: this,
          dependsOn: [
            bucketPolicy,
            encryption,
            publicAccessBlock,
            ownershipControls,
            cloudWorksUserPolicy,
          ],
        },
      );
    }
    // The casts restate at run time what the class's type parameter says about createConnection.
    this.connection = connection as WithConnection extends false ? undefined : CloudWorksConnection;
    this.connectionId = connection?.connectionId as WithConnection extends false
      ? undefined
      : pulumi.Output<string>;

    this.deletionGuard = deletionGuard;
    this.bucket = bucket;
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.kmsKey = kmsKey;
    this.kmsKeyArn = kmsKey.arn;
    this.kmsAlias = kmsAlias;
    this.encryption = encryption;
    this.publicAccessBlock = publicAccessBlock;
    this.ownershipControls = ownershipControls;
    this.versioning = versioning;
    this.lifecycle = lifecycle;
    this.accessLogging = accessLogging;
    this.bucketPolicy = bucketPolicy;
    this.cloudWorksUser = cloudWorksUser;
    this.cloudWorksUserPolicy = cloudWorksUserPolicy;
    this.cloudWorksAccessKey = cloudWorksAccessKey;
    this.accessKeyId = cloudWorksAccessKey.id;
    this.secretAccessKey = secretAccessKey;
    this.allowlist = allowlist;
    this.deployerArn = deployerArn;
    this.bucketPolicyJson = bucketPolicyJson;
    this.keyPolicyJson = keyPolicyJson;
    this.userPolicyJson = userPolicyJson;

    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      kmsKeyArn: this.kmsKeyArn,
      accessKeyId: this.accessKeyId,
      secretAccessKey: this.secretAccessKey,
      connectionId: this.connectionId,
      allowlist: this.allowlist,
      deployerArn: this.deployerArn,
      bucketPolicyJson: this.bucketPolicyJson,
      keyPolicyJson: this.keyPolicyJson,
      userPolicyJson: this.userPolicyJson,
    });
  }
}

/**
 * Arguments after validation and defaults.
 *
 * @internal
 */
export interface ResolvedLandingZoneArgs {
  /** `bucketName`, validated; undefined to auto-name. */
  bucketNameArg: pulumi.Output<string> | undefined;
  /** The effective allowlist (region table plus explicit entries), sorted. */
  allowlist: pulumi.Output<string[]>;
  /** `adminRoleArns`, validated. */
  adminRoleArns: pulumi.Output<string[]>;
  /** `allowlistExemptRoleArns`, validated. */
  exemptRoleArns: pulumi.Output<string[]>;
  /** `vpcEndpointIds`, validated. */
  vpcEndpointIds: pulumi.Output<string[]>;
  /** `prefix` or its default, validated. */
  prefix: pulumi.Output<string>;
  /** `accessMode` or its default, validated. */
  accessMode: pulumi.Output<CloudWorksAccessMode>;
  /** `keyAlias` or its default, validated. */
  keyAlias: string;
  /** `keyDeletionWindowInDays` or its default. */
  deletionWindow: number;
  /** `keyRotationPeriodInDays` or its default. */
  rotationPeriod: number;
  /** `noncurrentVersionExpirationDays` or its default. */
  noncurrentDays: number;
  /** `abortIncompleteMultipartUploadDays` or its default. */
  abortDays: number;
  /** `kmsViaS3Only` or its default. */
  kmsViaS3Only: boolean;
  /** `restrictListingToPrefix` or its default. */
  restrictListingToPrefix: boolean;
}

/**
 * Validates every argument and applies the defaults: plain values are checked now (throwing),
 * Output values inside apply (the returned Outputs reject).
 *
 * @internal
 */
export function resolveLandingZoneArgs(
  name: string,
  args: CloudWorksS3LandingZoneArgs,
): ResolvedLandingZoneArgs {
  return {
    bucketNameArg:
      args.bucketName === undefined
        ? undefined
        : validated(args.bucketName, (v) => validateBucketName(v, "bucketName")),
    allowlist: validatedAllowlist(args.anaplanRegion, args.allowedCidrs),
    adminRoleArns: validated(args.adminRoleArns ?? [], (arns) =>
      arns.map((arn, i) => validateRoleArn(arn, `adminRoleArns[${i}]`)),
    ),
    exemptRoleArns: validated(args.allowlistExemptRoleArns ?? [], (arns) =>
      arns.map((arn, i) => validateRoleArn(arn, `allowlistExemptRoleArns[${i}]`)),
    ),
    vpcEndpointIds: validated(args.vpcEndpointIds ?? [], (ids) =>
      ids.map((id, i) => validateVpcEndpointId(id, `vpcEndpointIds[${i}]`)),
    ),
    prefix: validated(args.prefix ?? landingZoneDefaults.prefix, (v) =>
      validatePrefix(v, "prefix"),
    ),
    accessMode: validated(args.accessMode ?? landingZoneDefaults.accessMode, (v) =>
      validateAccessMode(v, "accessMode"),
    ),
    keyAlias: validateKeyAlias(
      args.keyAlias ?? `alias/cloudworks/${name.replace(/[^A-Za-z0-9/_-]/g, "-")}`,
      "keyAlias",
    ),
    deletionWindow: validateIntegerInRange(
      args.keyDeletionWindowInDays ?? landingZoneDefaults.keyDeletionWindowInDays,
      "keyDeletionWindowInDays",
      7,
      30,
    ),
    rotationPeriod: validateIntegerInRange(
      args.keyRotationPeriodInDays ?? landingZoneDefaults.keyRotationPeriodInDays,
      "keyRotationPeriodInDays",
      90,
      2560,
    ),
    noncurrentDays: validateIntegerInRange(
      args.noncurrentVersionExpirationDays ?? landingZoneDefaults.noncurrentVersionExpirationDays,
      "noncurrentVersionExpirationDays",
      1,
      3650,
    ),
    abortDays: validateIntegerInRange(
      args.abortIncompleteMultipartUploadDays ??
        landingZoneDefaults.abortIncompleteMultipartUploadDays,
      "abortIncompleteMultipartUploadDays",
      1,
      365,
    ),
    kmsViaS3Only: args.kmsViaS3Only ?? true,
    restrictListingToPrefix: args.restrictListingToPrefix ?? true,
  };
}

/**
 * Runs `check` on an input: synchronously when the value is plain (so a bad stack config throws
 * from the constructor), otherwise inside `apply` once the value is known.
 */
function validated<T, R>(
  value: pulumi.Input<T>,
  check: (plain: pulumi.Unwrap<T>) => R,
): pulumi.Output<R> {
  if (isPlain(value)) {
    return pulumi.output(check(value as pulumi.Unwrap<T>) as pulumi.Input<R>) as pulumi.Output<R>;
  }
  return pulumi.output(value).apply((plain) => check(plain as pulumi.Unwrap<T>));
}

/** The allowlist from region and/or explicit entries, validated as early as the values allow. */
function validatedAllowlist(
  anaplanRegion: pulumi.Input<string> | undefined,
  allowedCidrs: pulumi.Input<pulumi.Input<string>[]> | undefined,
): pulumi.Output<string[]> {
  if (isPlain(anaplanRegion) && isPlain(allowedCidrs)) {
    return pulumi.output(
      resolveAllowlist(anaplanRegion as string | undefined, allowedCidrs as string[] | undefined),
    );
  }
  // Check whatever is already plain now, the rest when known.
  if (isPlain(anaplanRegion) && anaplanRegion !== undefined) {
    validateAnaplanRegion(anaplanRegion as string, "anaplanRegion");
  }
  if (Array.isArray(allowedCidrs)) {
    allowedCidrs.forEach((entry, i) => {
      if (isPlain(entry)) {
        validateAllowlistEntry(entry as string, `allowedCidrs[${i}]`);
      }
    });
  }
  return pulumi
    .all([pulumi.output(anaplanRegion), pulumi.output(allowedCidrs)])
    .apply(([region, cidrs]) => resolveAllowlist(region, cidrs));
}

/**
 * Loads @pulumi/aws when a landing zone is built, not when the package is imported: it is an
 * optional peer dependency, and CloudWorks-only programs must not need it.
 */
function loadAws(): typeof aws {
  try {
    return require("@pulumi/aws") as typeof aws;
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
      String(error).includes("@pulumi/aws")
    ) {
      throw new Error(
        "CloudWorksS3LandingZone needs the @pulumi/aws package (v7) in your program: npm install @pulumi/aws@^7",
      );
    }
    throw error;
  }
}

/** True when a value holds no Output or Promise anywhere (arrays and plain objects included). */
function isPlain(value: unknown): boolean {
  if (pulumi.Output.isInstance(value)) {
    return false;
  }
  if (typeof value === "object" && value !== null) {
    if (typeof (value as { then?: unknown }).then === "function") {
      return false;
    }
    return Object.values(value).every(isPlain);
  }
  return true;
}

function sortedUnique(values: string[]): string[] {
  return [...new Set(values)].sort();
}
