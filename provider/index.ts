/**
 * pulumi-cloudworks: Anaplan CloudWorks connections, integrations, flows and runs as Pulumi
 * resources, next to the secure S3 landing zone they depend on.
 */
export * from "./resources";
export * from "./aws";
export * from "./lookups";
