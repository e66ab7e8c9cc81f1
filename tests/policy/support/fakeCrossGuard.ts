/**
 * Fake CrossGuard arguments for calling the policy pack's rules directly, shaped like what the
 * @pulumi/policy 1.21 analyzer server builds: props wrapped in its unknown-checking proxy (and,
 * for remediations, in its secret-preserving proxy over `Secret` instances), property
 * dependencies as resource objects, `notApplicable` throwing. Also a sample CloudWorks landing
 * zone stack whose bucket policy is the real `buildBucketPolicy` output.
 */
import {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
  unknownCheckingProxy,
} from "@pulumi/policy";
import { secretsPreservingProxy } from "@pulumi/policy/secret";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import {
  buildBucketPolicy,
  PolicyDocument,
  renderPolicyJson,
  resolveAllowlist,
} from "../../../provider/aws";
import { resourceTypes } from "../../../policy-pack/rules";

/** The engine's wire value for "unknown during preview". */
export const UNKNOWN = unknownValue;

/** Thrown by the fakes' `notApplicable`, as the analyzer server's own NotApplicableError. */
export class NotApplicable extends Error {
  /**
   * @param reason why the policy does not apply
   */
  constructor(readonly reason?: string) {
    super(reason ?? "not applicable");
  }
}

const options: PolicyResourceOptions = {
  protect: false,
  ignoreChanges: [],
  aliases: [],
  customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  additionalSecretOutputs: [],
};

/** Builds a stack resource as the analyzer server does. */
export function fakeResource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  propertyDependencies: Record<string, PolicyResource[]> = {},
): PolicyResource {
  return {
    type,
    name,
    urn: `urn:pulumi:dev::cloudworks::${type}::${name}`,
    props: unknownCheckingProxy(props) as Record<string, unknown>,
    opts: options,
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
    isType: () => false,
    asType: () => undefined,
  };
}

/** A violation as `reportViolation` received it. */
export interface Violation {
  /** The message. */
  message: string;
  /** The resource it names, if any. */
  urn?: string;
}

/** What running a policy produced. */
export interface Outcome {
  /** Reported violations. */
  violations: Violation[];
  /** The reason, when the policy declared itself not applicable. */
  notApplicable?: string;
}

/** Runs a stack policy on fake resources with the given policy config. */
export async function runStack(
  policy: StackValidationPolicy,
  resources: PolicyResource[],
  config: object = {},
): Promise<Outcome> {
  const violations: Violation[] = [];
  try {
    await policy.validateStack(
      {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => config as T,
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason);
        },
      },
      (message, urn) => violations.push({ message, urn }),
    );
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.reason };
    throw error;
  }
  return { violations };
}

/** Resource-policy arguments for one resource. */
export function resourceArgs(
  type: string,
  name: string,
  props: Record<string, unknown>,
  additionalSecretOutputs: string[] = [],
): ResourceValidationArgs {
  return {
    type,
    name,
    urn: `urn:pulumi:dev::cloudworks::${type}::${name}`,
    props,
    opts: { ...options, additionalSecretOutputs },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}

/** Props as the server passes them to a remediation: secrets visible only as `Secret` objects. */
export function remediationProps(raw: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(secretsPreservingProxy(raw)) as Record<string, unknown>;
}

/** Props as the server passes them to a validation: secrets already unwrapped. */
export function analysisProps(raw: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(raw) as Record<string, unknown>;
}

/** Runs a resource policy's validation. */
export async function runResource(
  policy: ResourceValidationPolicy,
  args: ResourceValidationArgs,
): Promise<Outcome> {
  const violations: Violation[] = [];
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : policy.validateResource
      ? [policy.validateResource]
      : [];
  try {
    for (const validate of validations) {
      await validate(args, (message, urn) => violations.push({ message, urn }));
    }
  } catch (error) {
    if (error instanceof NotApplicable) return { violations, notApplicable: error.reason };
    throw error;
  }
  return { violations };
}

/** Sample values of the landing zone the fake stacks describe. */
export const sample = {
  account: "111122223333",
  bucketName: "acme-cloudworks-landing",
  bucketArn: "arn:aws:s3:::acme-cloudworks-landing",
  kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  adminRole: "arn:aws:iam::111122223333:role/LandingZoneAdmin",
  /** The eu1 allowlist from the shipped table. */
  allowlist: resolveAllowlist("eu1", undefined),
};

/** The real landing-zone bucket policy for the sample bucket. */
export function realBucketPolicy(): PolicyDocument {
  return buildBucketPolicy({
    bucketArn: sample.bucketArn,
    kmsKeyArn: sample.kmsKeyArn,
    allowedCidrs: sample.allowlist,
    exemptPrincipalArns: [sample.adminRole],
  });
}

/** What a landing-zone stack is made of; each part can be replaced or dropped (`null`). */
export interface StackParts {
  /** The BucketPolicy `policy` input (string or object); default: the real policy's JSON. */
  policy?: unknown;
  /** The SSE configuration's `rules`; default: aws:kms with the stack's key. */
  sseRules?: unknown;
  /** The public access block's props; default: all four true. */
  publicAccessBlock?: Record<string, unknown>;
  /** Drop resources. */
  without?: ("bucketPolicy" | "encryption" | "publicAccessBlock" | "bucket")[];
  /** The connection's bucketName; default: the sample bucket. */
  connectionBucketName?: string;
  /** Link resources to the bucket only by name, not by property dependencies. */
  linkByNameOnly?: boolean;
}

/** A CloudWorks landing-zone stack as the analyzer server would present it after `pulumi up`. */
export function landingZoneStack(parts: StackParts = {}): PolicyResource[] {
  const without = new Set(parts.without ?? []);
  const bucket = fakeResource(resourceTypes.bucket[0], "lz-bucket", {
    bucket: sample.bucketName,
    arn: sample.bucketArn,
  });
  const key = fakeResource(resourceTypes.kmsKey[0], "lz-key", {
    arn: sample.kmsKeyArn,
    keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
  });
  const onBucket = (extra: Record<string, PolicyResource[]> = {}) =>
    parts.linkByNameOnly ? {} : { bucket: [bucket], ...extra };
  const resources: PolicyResource[] = [key];
  if (!without.has("bucket")) resources.push(bucket);
  if (!without.has("bucketPolicy")) {
    resources.push(
      fakeResource(
        resourceTypes.bucketPolicy[0],
        "lz-bucket-policy",
        {
          bucket: sample.bucketName,
          policy: parts.policy ?? renderPolicyJson(realBucketPolicy()),
        },
        onBucket(),
      ),
    );
  }
  if (!without.has("encryption")) {
    resources.push(
      fakeResource(
        resourceTypes.encryption[0],
        "lz-encryption",
        {
          bucket: sample.bucketName,
          rules: parts.sseRules ?? [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: sample.kmsKeyArn,
              },
              bucketKeyEnabled: true,
            },
          ],
        },
        onBucket(parts.sseRules === undefined ? { rules: [key] } : {}),
      ),
    );
  }
  if (!without.has("publicAccessBlock")) {
    resources.push(
      fakeResource(
        resourceTypes.publicAccessBlock[0],
        "lz-public-access-block",
        parts.publicAccessBlock ?? {
          bucket: sample.bucketName,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        onBucket(),
      ),
    );
  }
  resources.push(
    fakeResource(
      resourceTypes.connection,
      "lz-connection",
      {
        name: "Landing S3",
        type: "AmazonS3",
        bucketName: parts.connectionBucketName ?? sample.bucketName,
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
      parts.linkByNameOnly || without.has("bucket") ? {} : { bucketName: [bucket] },
    ),
  );
  return resources;
}
