/**
 * The key policy of the landing-zone KMS customer-managed key.
 */
import { PolicyDocument, PolicyStatement } from "./policyJson";
import { CloudWorksAccessMode, cloudWorksKmsActions } from "./userPolicy";
import { InvalidLandingZoneArgError } from "./validation";

/** Inputs of {@link buildKeyPolicy}. All values are resolved strings. */
export interface KeyPolicyInputs {
  /** The AWS partition, e.g. `aws` (from `aws.getPartition`). */
  partition: string;
  /** The account that owns the key (from `aws.getCallerIdentity`). */
  accountId: string;
  /**
   * Principals that administer (but do not use) the key: the configured admin roles and the
   * role that deploys the stack. Without the deployer here, the next `pulumi up` could not
   * update this very policy.
   */
  adminPrincipalArns: string[];
  /** ARN of the IAM user CloudWorks signs in as. */
  cloudWorksPrincipalArn: string;
  /** Import only, export only, or both; decides the KMS actions CloudWorks gets. */
  accessMode: CloudWorksAccessMode;
  /**
   * When set (e.g. `s3.eu-west-1.amazonaws.com`), CloudWorks may use the key only through that
   * service, and a Deny stops any direct KMS call with its access key.
   */
  kmsViaService?: string;
}

/**
 * The key-administration actions of AWS's default key policy for key administrators: manage,
 * rotate, tag and schedule deletion, but no cryptographic use.
 */
export const keyAdministrationActions: readonly string[] = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
  "kms:RotateKeyOnDemand",
];

/**
 * Builds the key policy. Statements, in order:
 *
 * 1. `EnableIamPolicies`: the account root gets `kms:*`. This is what makes IAM policies (such as
 *    the CloudWorks user's) count for this key at all, and it keeps the account able to recover
 *    the key; it grants nothing by itself to any principal.
 * 2. `AllowKeyAdministration`: the admin and deployer principals manage the key (no encrypt or
 *    decrypt).
 * 3. `AllowCloudWorksUseOfKey`: the CloudWorks user may `kms:Decrypt` (and `kms:GenerateDataKey`
 *    when it writes), only via S3 when `kmsViaService` is set.
 * 4. `DenyCloudWorksDirectKeyUse` (only with `kmsViaService`): any KMS call by the CloudWorks user
 *    that does not come through S3 is denied, whatever other IAM policies say.
 *
 * @param inputs the resolved account, principals and mode
 * @returns the policy document
 */
export function buildKeyPolicy(inputs: KeyPolicyInputs): PolicyDocument {
  const admins = [...new Set(inputs.adminPrincipalArns)].sort();
  if (admins.length === 0) {
    throw new InvalidLandingZoneArgError(
      "adminRoleArns",
      inputs.adminPrincipalArns,
      "the key needs at least one administrator (the deploying role is added automatically)",
    );
  }
  const cloudWorks = { AWS: inputs.cloudWorksPrincipalArn };
  const viaS3 =
    inputs.kmsViaService === undefined ? undefined : { "kms:ViaService": inputs.kmsViaService };

  const statements: PolicyStatement[] = [
    {
      Sid: "EnableIamPolicies",
      Effect: "Allow",
      Principal: { AWS: `arn:${inputs.partition}:iam::${inputs.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    },
    {
      Sid: "AllowKeyAdministration",
      Effect: "Allow",
      Principal: { AWS: admins },
      Action: [...keyAdministrationActions],
      Resource: "*",
    },
    {
      Sid: "AllowCloudWorksUseOfKey",
      Effect: "Allow",
      Principal: cloudWorks,
      Action: cloudWorksKmsActions(inputs.accessMode),
      Resource: "*",
      ...(viaS3 === undefined ? {} : { Condition: { StringEquals: viaS3 } }),
    },
  ];
  if (viaS3 !== undefined) {
    statements.push({
      Sid: "DenyCloudWorksDirectKeyUse",
      Effect: "Deny",
      Principal: cloudWorks,
      Action: "kms:*",
      Resource: "*",
      Condition: { StringNotEquals: viaS3 },
    });
  }
  return { Version: "2012-10-17", Id: "cloudworks-landing-zone-key", Statement: statements };
}
