/**
 * Shared setup for the landing-zone suites, the one module they import: the fake Pulumi engine
 * the component runs on under mocks (fakeEngine.ts), the flagship's resources
 * (flagshipResources.ts) and the IAM simulation matrix that also generates a table in
 * docs/security-review.md (simulationMatrix.ts).
 */
export * from "./fakeEngine";
export * from "./flagshipResources";
export * from "./simulationMatrix";
