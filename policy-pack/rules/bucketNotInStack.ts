/**
 * The advisory rule for AmazonS3 connections whose bucket is not managed in the stack (so the
 * other bucket rules cannot check it), and its config.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { findCloudWorksBuckets, label } from "./inventory";
import { policyNames } from "./names";

/** Policy config of {@link policyNames.bucketNotInStack}. */
export interface ExternalBucketConfig {
  /** Bucket names known to be managed (and reviewed) elsewhere; they are not reported. */
  allowedExternalBuckets?: string[];
}

/** The rule {@link policyNames.bucketNotInStack}. */
export function bucketNotInStackRule(): StackValidationPolicy {
  return {
    name: policyNames.bucketNotInStack,
    description:
      "Reports CloudWorks AmazonS3 connections whose bucket is not managed in this stack, so its policy, encryption and public access block cannot be checked here.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: {
      properties: {
        allowedExternalBuckets: {
          type: "array",
          items: { type: "string" },
          description: "Bucket names managed and reviewed elsewhere; not reported.",
        },
      },
    },
    remediationSteps:
      "Manage the bucket in the same stack (e.g. CloudWorksS3LandingZone), or review it and list it in allowedExternalBuckets.",
    validateStack: (args, report) => {
      const { allowedExternalBuckets = [] } = args.getConfig<ExternalBucketConfig>();
      const targets = findCloudWorksBuckets(args.resources);
      if (targets.length === 0) {
        args.notApplicable("no CloudWorks AmazonS3 connection in this stack");
      }
      for (const target of targets) {
        if (target.bucket !== undefined) continue;
        if (target.name !== undefined && allowedExternalBuckets.includes(target.name)) continue;
        for (const connection of target.connections) {
          report(
            `CloudWorks connection "${connection.name}" (AmazonS3) uses ${label(target)}, which is not managed in this stack: ` +
              "its bucket policy, default encryption and public access block cannot be checked by this policy pack.",
            connection.urn,
          );
        }
      }
    },
  };
}
