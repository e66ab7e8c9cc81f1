/**
 * Entry point of the pulumi-cloudworks security policy pack: `pulumi preview --policy-pack <this
 * directory>`. Constructing the PolicyPack starts the analyzer's gRPC server immediately and
 * reads ./package.json for the version, so this module only does that; the rules live in
 * rules/ (rules/index.ts), where tests can load them without starting a server.
 */
import { PolicyPack } from "@pulumi/policy";
import { createPolicies, POLICY_PACK_NAME } from "./rules";

new PolicyPack(POLICY_PACK_NAME, {
  description:
    "Security checks for stacks using pulumi-cloudworks: the S3 buckets CloudWorks connections use (bucket policy by simulation, SSE-KMS with a customer-managed key, Block Public Access), CloudWorks egress allowlists, and connection secrets.",
  policies: createPolicies(),
});
