/**
 * Encryption and Block Public Access: a CloudWorks bucket's default encryption must be SSE-KMS
 * with a customer-managed key, and all four Block Public Access settings must be on.
 */
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { forEachManagedBucketWith, isOneOf, known, label } from "./inventory";
import { policyNames, resourceTypes } from "./names";
import { asList } from "./policyDocument";

/** Why a default-encryption resource is not SSE-KMS with a customer-managed key, if it is not. */
function encryptionProblem(sse: PolicyResource): string | undefined {
  const rules = asList(sse.props.rules ?? sse.props.rule);
  const defaults = rules
    .map((rule) => asList((rule as Record<string, unknown>)?.applyServerSideEncryptionByDefault)[0])
    .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null);
  if (defaults.length === 0) return "has no applyServerSideEncryptionByDefault rule";
  const byDefault = defaults[0];
  const algorithm = byDefault.sseAlgorithm;
  if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
    return `uses sseAlgorithm ${JSON.stringify(algorithm)}; SSE-KMS (aws:kms) with a customer-managed key is required`;
  }
  const keyRef = known(() => byDefault.kmsMasterKeyId);
  const dependsOnKey = (sse.propertyDependencies.rules ?? sse.propertyDependencies.rule ?? []).some(
    (d) => isOneOf(d, resourceTypes.kmsKey) || isOneOf(d, resourceTypes.kmsAlias),
  );
  if (keyRef === undefined) {
    // Either not set (AWS then uses the AWS-managed key aws/s3) or unknown during preview.
    if (dependsOnKey) return undefined;
    if (Object.prototype.hasOwnProperty.call(byDefault, "kmsMasterKeyId")) {
      String(byDefault.kmsMasterKeyId); // unknown: let the engine report "can't run during preview"
    }
  }
  if (typeof keyRef !== "string" || keyRef === "") {
    return "uses aws:kms without kmsMasterKeyId, which encrypts with the AWS-managed key aws/s3, not a customer-managed key";
  }
  if (/^(arn:[\w-]+:kms:[\w-]*:\d*:)?alias\/aws\//.test(keyRef)) {
    return `uses kmsMasterKeyId ${JSON.stringify(keyRef)}, an AWS-managed key; a customer-managed key is required`;
  }
  // A key of this stack (aws.kms.Key is always customer-managed), or one managed elsewhere and
  // named by ARN, ID or a custom alias: AWS-managed keys are addressed as alias/aws/* (an
  // AWS-managed key named by its bare key ARN cannot be told apart here; see README, "Limits").
  return undefined;
}

/** What {@link companionRule} needs: a mandatory, high-severity rule about one companion type. */
interface CompanionRuleSpec {
  /** The policy name (one of {@link policyNames}). */
  name: string;
  /** What the rule requires, as `pulumi preview --policy-pack` lists it. */
  description: string;
  /** How to satisfy the rule. */
  remediationSteps: string;
  /** The type tokens of the companion resource (the encryption or public access block). */
  types: readonly string[];
  /** What a bucket without one lacks, as the violation message ends. */
  missing: string;
  /** What is wrong with one companion of the bucket labelled `bucket`, if anything. */
  problem: (companion: PolicyResource, bucket: string) => string | undefined;
}

/**
 * A rule that requires every managed CloudWorks bucket to have a resource of `types` and judges
 * each one: the encryption and Block Public Access rules differ only in what they read.
 */
function companionRule(spec: CompanionRuleSpec): StackValidationPolicy {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps: spec.remediationSteps,
    validateStack: async (args, report) => {
      await forEachManagedBucketWith(args, report, spec.types, spec.missing, (target, found) => {
        for (const companion of found) {
          const problem = spec.problem(companion, label(target));
          if (problem !== undefined) report(problem, companion.urn);
        }
      });
    },
  };
}

/** The rule {@link policyNames.encryption}. */
export function encryptionRule(): StackValidationPolicy {
  return companionRule({
    name: policyNames.encryption,
    description:
      "Every S3 bucket a CloudWorks connection uses has default encryption SSE-KMS with a customer-managed KMS key.",
    remediationSteps:
      "Add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and kmsMasterKeyId set to an aws.kms.Key you manage (CloudWorksS3LandingZone does this).",
    types: resourceTypes.encryption,
    missing:
      "no aws.s3.BucketServerSideEncryptionConfiguration in this stack: default encryption with a customer-managed KMS key is required.",
    problem: (sse, bucket) => {
      const problem = encryptionProblem(sse);
      return problem === undefined ? undefined : `default encryption of ${bucket} ${problem}.`;
    },
  });
}

/** The four Block Public Access settings, all of which must be true. */
export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/** The rule {@link policyNames.publicAccessBlock}. */
export function publicAccessBlockRule(): StackValidationPolicy {
  return companionRule({
    name: policyNames.publicAccessBlock,
    description:
      "Every S3 bucket a CloudWorks connection uses has all four Block Public Access settings on.",
    remediationSteps:
      "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    types: resourceTypes.publicAccessBlock,
    missing: "no aws.s3.BucketPublicAccessBlock in this stack.",
    problem: (block, bucket) => {
      const off = PUBLIC_ACCESS_BLOCK_FLAGS.filter((flag) => block.props[flag] !== true);
      return off.length === 0
        ? undefined
        : `public access block of ${bucket} does not set ${off.join(", ")} to true.`;
    },
  });
}
