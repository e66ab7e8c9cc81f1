/**
 * The resources the flagship program (examples/flagship) registers, as "type name" (tests
 * compare them sorted): the mocked program test (tests/aws/flagship.test.ts) and the real engine's
 * preview (tests/engine/flagshipEntry.test.ts) check the same graph.
 */

/** Every resource of the flagship program under its default config, without the stack itself. */
export const FLAGSHIP_RESOURCES: readonly string[] = [
  "cloudworks:aws:CloudWorksS3LandingZone landing-zone",
  "aws:iam/accessKey:AccessKey landing-zone-cloudworks-key",
  "aws:iam/user:User landing-zone-cloudworks",
  "aws:iam/userPolicy:UserPolicy landing-zone-cloudworks-access",
  "aws:kms/alias:Alias landing-zone-key-alias",
  "aws:kms/key:Key landing-zone-key",
  "aws:s3/bucket:Bucket landing-zone-bucket",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration landing-zone-lifecycle",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls landing-zone-ownership",
  "aws:s3/bucketPolicy:BucketPolicy landing-zone-bucket-policy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock landing-zone-public-access-block",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration landing-zone-encryption",
  "aws:s3/bucketVersioning:BucketVersioning landing-zone-versioning",
  "pulumi-nodejs:dynamic/cloudworks:Connection landing-zone-connection",
  "aws:s3/bucketObjectv2:BucketObjectv2 accounts-csv",
  "pulumi-nodejs:dynamic/cloudworks:Integration load-accounts-list",
  "pulumi-nodejs:dynamic/cloudworks:Integration load-account-details",
  "pulumi-nodejs:dynamic/cloudworks:Integration export-accounts",
  "pulumi-nodejs:dynamic/cloudworks:IntegrationFlow load-accounts",
  "pulumi-nodejs:dynamic/cloudworks:IntegrationRun load-on-deploy",
  "pulumi-nodejs:dynamic/cloudworks:LandingZoneDeletionGuard landing-zone-deletion-guard",
];
