/**
 * The secure S3 landing zone CloudWorks reads from and writes to, with its KMS key, bucket
 * policy, CloudWorks IAM user and the CloudWorks connection that uses them, as one component.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { CloudWorksConnection } from "../resources/connection";
import { buildBucketPolicy } from "./bucketPolicy";
import { LandingZoneDeletionGuard } from "./deletionGuard";
import type { CloudWorksS3LandingZoneArgs } from "./landingZoneArgs";
import { landingZoneDefaults, resolveLandingZoneArgs } from "./landingZoneArgs";
import { configureBucket, createKey } from "./landingZoneParts";
import { renderPolicyJson } from "./policyJson";
import { buildCloudWorksUserPolicy } from "./userPolicy";

// The arguments live in landingZoneArgs.ts; re-exported so this module's import path still
// offers them (resolveLandingZoneArgs is internal and not re-exported; no tag word in this
// comment, since stripInternal drops a declaration whose leading comment has one).
export type { CloudWorksS3LandingZoneArgs, LandingZoneAccessLoggingArgs } from "./landingZoneArgs";
export { landingZoneDefaults } from "./landingZoneArgs";

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
    this.allowlist = allowlist;

    const { getPartitionOutput, getCallerIdentityOutput, iam, kms, s3 } = loadAws();
    const parent = { parent: this };

    // The deployer: for an assumed-role session getCallerIdentity returns the sts ARN, while
    // policies match the role ARN (aws:PrincipalArn, key-policy principals), which
    // getSessionContext gives as issuerArn (for users and root it returns the ARN unchanged).
    const partition = getPartitionOutput({}, parent);
    const caller = getCallerIdentityOutput({}, parent);
    this.deployerArn = iam.getSessionContextOutput({ arn: caller.arn }, parent).issuerArn;

    this.cloudWorksUser = new iam.User(
      `${name}-cloudworks`,
      {
        name: args.userName,
        path: args.userPath ?? landingZoneDefaults.userPath,
        permissionsBoundary: args.permissionsBoundaryArn,
        tags: args.tags,
      },
      parent,
    );

    this.bucket = new s3.Bucket(
      `${name}-bucket`,
      { bucket: bucketNameArg, forceDestroy: args.forceDestroy ?? false, tags: args.tags },
      parent,
    );
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const key = createKey(kms, name, parent, {
      bucket: this.bucket,
      partition,
      accountId: caller.accountId,
      adminRoleArns,
      deployerArn: this.deployerArn,
      cloudWorksUserArn: this.cloudWorksUser.arn,
      accessMode,
      kmsViaS3Only,
      rotationPeriod,
      deletionWindow,
      keyAlias,
      tags: args.tags,
    });
    // Each step's results go straight into their fields: a destructuring assignment to `this.…`
    // is checked for definite assignment like a plain one, so no field can be left unset.
    ({ kmsKey: this.kmsKey, kmsAlias: this.kmsAlias, keyPolicyJson: this.keyPolicyJson } = key);
    this.kmsKeyArn = this.kmsKey.arn;

    ({
      ownershipControls: this.ownershipControls,
      publicAccessBlock: this.publicAccessBlock,
      encryption: this.encryption,
      versioning: this.versioning,
      lifecycle: this.lifecycle,
      accessLogging: this.accessLogging,
    } = configureBucket(s3, name, this, {
      bucket: this.bucket,
      kmsKeyArn: this.kmsKeyArn,
      noncurrentDays,
      abortDays,
      accessLogging: args.accessLogging,
    }));

    // buildBucketPolicy dedupes and sorts, so the rendered policy does not change with input order.
    const exemptPrincipalArns = pulumi
      .all([adminRoleArns, this.deployerArn, exemptRoleArns])
      .apply(([admins, deployer, exempt]) => [...admins, deployer, ...exempt]);
    this.bucketPolicyJson = pulumi
      .all([this.bucket.arn, this.kmsKeyArn, allowlist, exemptPrincipalArns, vpcEndpointIds])
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
    this.bucketPolicy = new s3.BucketPolicy(
      `${name}-bucket-policy`,
      { bucket: this.bucket.id, policy: this.bucketPolicyJson },
      { parent: this, dependsOn: [this.publicAccessBlock, this.ownershipControls] },
    );

    this.userPolicyJson = pulumi
      .all([this.bucket.arn, this.kmsKeyArn, prefix, accessMode, key.kmsViaService])
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
    this.cloudWorksUserPolicy = new iam.UserPolicy(
      `${name}-cloudworks-access`,
      { user: this.cloudWorksUser.name, policy: this.userPolicyJson },
      parent,
    );
    this.cloudWorksAccessKey = new iam.AccessKey(
      `${name}-cloudworks-key`,
      { user: this.cloudWorksUser.name },
      parent,
    );
    this.accessKeyId = this.cloudWorksAccessKey.id;
    // @pulumi/aws already marks `secret` as an additional secret output; wrapping again makes the
    // guarantee local (it holds under mocks and whatever the provider version does).
    this.secretAccessKey = pulumi.secret(this.cloudWorksAccessKey.secret);

    // Deleted before everything it depends on, so a refused delete stops the engine before any
    // protection of the bucket is touched. The connection does not depend on it: CloudWorks
    // objects may go first, they hold no data.
    this.deletionGuard = new LandingZoneDeletionGuard(
      `${name}-deletion-guard`,
      {
        landingZone: name,
        bucketName: this.bucket.bucket,
        deletionProtection: args.deletionProtection ?? !(args.forceDestroy ?? false),
      },
      {
        parent: this,
        dependsOn: [
          this.bucket,
          this.bucketPolicy,
          this.publicAccessBlock,
          this.encryption,
          this.versioning,
          this.lifecycle,
          this.ownershipControls,
          ...(this.accessLogging ? [this.accessLogging] : []),
          this.kmsKey,
          this.kmsAlias,
          this.cloudWorksUser,
          this.cloudWorksUserPolicy,
          this.cloudWorksAccessKey,
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
          bucketName: this.bucket.bucket,
          accessKeyId: this.accessKeyId,
          secretAccessKey: this.secretAccessKey,
        },
        {
          parent: this,
          dependsOn: [
            this.bucketPolicy,
            this.encryption,
            this.publicAccessBlock,
            this.ownershipControls,
            this.cloudWorksUserPolicy,
          ],
        },
      );
    }
    // The casts restate at run time what the class's type parameter says about createConnection.
    this.connection = connection as WithConnection extends false ? undefined : CloudWorksConnection;
    this.connectionId = connection?.connectionId as WithConnection extends false
      ? undefined
      : pulumi.Output<string>;

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
