/**
 * The rules of the pulumi-cloudworks security policy pack (CrossGuard, @pulumi/policy).
 *
 * This folder only defines the rules: importing it constructs nothing and starts nothing. The
 * pack's index.ts builds the PolicyPack (which reads ./package.json and starts the analyzer's
 * gRPC server at once), and the tests call the rules directly with fake arguments.
 *
 * The bucket-policy rule decides by evaluating the policy with @cloud-copilot/iam-simulate (the
 * simulator the landing-zone tests use, Strict mode), never by matching policy text. The egress
 * table and the allowlist validation are the package's own (`pulumi-cloudworks`), so the pack
 * and the landing zone can never disagree about which addresses are CloudWorks'.
 *
 * One module per concern: names.ts (the pack's and rules' names, type tokens), inventory.ts
 * (which buckets connections use, the resources configuring them, unknown values),
 * policyDocument.ts, allowlist.ts (address classes and the allowlist rule), simulation.ts (the
 * bucket-policy rule), encryption.ts (SSE-KMS and Block Public Access), secrets.ts and
 * bucketNotInStack.ts. This index builds the policies and exports what the pack and its tests use.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allowlistRule } from "./allowlist";
import { bucketNotInStackRule } from "./bucketNotInStack";
import { encryptionRule, publicAccessBlockRule } from "./encryption";
import { SecretObservations, secretsObserverRule, secretsRule } from "./secrets";
import { bucketPolicyRule } from "./simulation";

export { POLICY_PACK_NAME, policyNames, resourceTypes } from "./names";
export { AllowedAddresses, allowlistEntryProblem } from "./allowlist";
export { findCloudWorksBuckets } from "./inventory";
export { sourceIpAllowlists } from "./policyDocument";
export { bucketPolicyFailures, simulatorSafe } from "./simulation";

/**
 * Creates the pack's policies. The two secret policies share one {@link SecretObservations}, so
 * each call gives an independent set (one per PolicyPack, or per test).
 *
 * @returns the policies, in the order the engine runs them (the secrets rule's remediation must
 *   come before the observer, so that the observer sees values the rule has just made secret)
 */
export function createPolicies(): (StackValidationPolicy | ResourceValidationPolicy)[] {
  const observations = new SecretObservations();
  return [
    bucketPolicyRule(),
    encryptionRule(),
    publicAccessBlockRule(),
    allowlistRule(),
    secretsRule(observations),
    secretsObserverRule(observations),
    bucketNotInStackRule(),
  ];
}
