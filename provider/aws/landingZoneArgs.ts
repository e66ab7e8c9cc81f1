/**
 * The arguments of the S3 landing zone, their defaults, and their validation: plain values are
 * checked while the component is constructed, Output values once they are known.
 */
import * as pulumi from "@pulumi/pulumi";

import { CloudWorksAccessMode, validateAccessMode } from "./userPolicy";
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
