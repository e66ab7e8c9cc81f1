/**
 * The AWS half of pulumi-cloudworks: the secure S3 landing zone component, the pure builders of
 * its policy documents, their validation, and the dated table of CloudWorks egress addresses.
 */
export * from "./bucketPolicy";
export * from "./deletionGuard";
export * from "./egressIps";
export * from "./keyPolicy";
export * from "./landingZone";
export * from "./policyJson";
export * from "./userPolicy";
export * from "./validation";
