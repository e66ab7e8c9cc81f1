/**
 * pulumi-cloudworks: Anaplan CloudWorks connections, integrations, flows and runs as Pulumi
 * resources. The secure S3 landing zone lives behind the `pulumi-cloudworks/aws` subpath so that
 * a CloudWorks-only program never loads (nor type-checks) @pulumi/aws.
 */
export * from "./resources";
export * from "./lookups";
