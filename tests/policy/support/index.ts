/**
 * Shared setup for the policy-pack suites, the one module they import: fake CrossGuard arguments
 * for calling rules directly (fakeCrossGuard.ts) and the real CLI provisioned to run the pack
 * (policyEngine.ts).
 */
export * from "./fakeCrossGuard";
export * from "./policyEngine";
