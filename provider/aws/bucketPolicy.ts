/**
 * The bucket policy of the landing-zone bucket: deny-only guard rails that apply to every
 * principal, on top of whatever IAM grants.
 */
import { PolicyCondition, PolicyDocument, PolicyStatement } from "./policyJson";
import { validateAllowlist, validateVpcEndpointId } from "./validation";

/** Inputs of {@link buildBucketPolicy}. All values are resolved strings. */
export interface BucketPolicyInputs {
  /** ARN of the bucket, e.g. `arn:aws:s3:::acme-cloudworks`. */
  bucketArn: string;
  /** ARN of the KMS key the bucket encrypts with; any other key named in a PUT is refused. */
  kmsKeyArn: string;
  /** Source addresses allowed to reach the bucket (the CloudWorks egress allowlist). */
  allowedCidrs: string[];
  /**
   * Principals exempt from the address restriction (admin roles, the deploying role, extra
   * exempt roles), matched on `aws:PrincipalArn`, which for a role session is the role ARN.
   */
  exemptPrincipalArns: string[];
  /** VPC endpoints whose traffic is exempt from the address restriction (it carries no source IP). */
  vpcEndpointIds?: string[];
}

/** The statement IDs of the bucket policy, in rendering order. */
export const bucketPolicySids = {
  /** S1: refuse plain-HTTP requests. */
  denyInsecureTransport: "DenyInsecureTransport",
  /** S2: refuse requests from outside the CloudWorks egress allowlist. */
  denyOutsideAllowlist: "DenyOutsideCloudWorksAllowlist",
  /** S3: refuse PUTs that ask for an encryption other than SSE-KMS. */
  denyWrongSseAlgorithm: "DenyWrongSseAlgorithm",
  /** S4: refuse PUTs that name a KMS key other than the landing-zone key. */
  denyWrongKmsKey: "DenyWrongKmsKey",
  /** S5: refuse PUTs with customer-provided keys (SSE-C). */
  denyCustomerProvidedKeys: "DenyCustomerProvidedKeys",
} as const;

/**
 * Builds the bucket policy. Every statement is a Deny with `Principal: "*"`; the policy grants
 * nothing (access comes from IAM), so it is compatible with all four Block Public Access settings.
 *
 * 1. `DenyInsecureTransport`: any `s3:*` request with `aws:SecureTransport` false.
 * 2. `DenyOutsideCloudWorksAllowlist`: any `s3:*` request whose `aws:SourceIp` is not in the
 *    allowlist, unless the caller is an exempt principal (`ArnNotLike aws:PrincipalArn`), an AWS
 *    service acting for a caller (`Bool aws:ViaAWSService false` is then not met) or, when given,
 *    one of the allowed VPC endpoints (`StringNotEqualsIfExists aws:SourceVpce`). Conditions are
 *    ANDed: all must hold for the deny to apply. Traffic through any other VPC endpoint has no
 *    `aws:SourceIp`, so `NotIpAddress` holds and it is denied (fail closed).
 * 3. `DenyWrongSseAlgorithm`: a PUT whose `x-amz-server-side-encryption` header is present
 *    (`Null … false`) and is not `aws:kms`.
 * 4. `DenyWrongKmsKey`: a PUT whose `x-amz-server-side-encryption-aws-kms-key-id` header is present
 *    and is not the landing-zone key ARN.
 * 5. `DenyCustomerProvidedKeys`: a PUT with an SSE-C algorithm header.
 *
 * A PUT without encryption headers is never denied by 3–5: the bucket's default encryption then
 * applies the landing-zone key, so clients (CloudWorks) need not send any header.
 *
 * @param inputs the resolved ARNs, allowlist and exemptions
 * @returns the policy document
 */
export function buildBucketPolicy(inputs: BucketPolicyInputs): PolicyDocument {
  const allowlist = validateAllowlist(inputs.allowedCidrs, "allowedCidrs");
  const exempt = [...new Set(inputs.exemptPrincipalArns)].sort();
  const vpcEndpoints = [...new Set(inputs.vpcEndpointIds ?? [])]
    .map((id, i) => validateVpcEndpointId(id, `vpcEndpointIds[${i}]`))
    .sort();
  const bucketAndObjects = [inputs.bucketArn, `${inputs.bucketArn}/*`];
  const objects = `${inputs.bucketArn}/*`;

  const allowlistCondition: PolicyCondition = {
    NotIpAddress: { "aws:SourceIp": allowlist },
    Bool: { "aws:ViaAWSService": "false" },
  };
  if (exempt.length > 0) {
    allowlistCondition.ArnNotLike = { "aws:PrincipalArn": exempt };
  }
  if (vpcEndpoints.length > 0) {
    allowlistCondition.StringNotEqualsIfExists = { "aws:SourceVpce": vpcEndpoints };
  }

  const statements: PolicyStatement[] = [
    {
      Sid: bucketPolicySids.denyInsecureTransport,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: bucketAndObjects,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: bucketPolicySids.denyOutsideAllowlist,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: bucketAndObjects,
      Condition: allowlistCondition,
    },
    {
      Sid: bucketPolicySids.denyWrongSseAlgorithm,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        Null: { "s3:x-amz-server-side-encryption": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      },
    },
    {
      Sid: bucketPolicySids.denyWrongKmsKey,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: {
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": inputs.kmsKeyArn },
      },
    },
    {
      Sid: bucketPolicySids.denyCustomerProvidedKeys,
      Effect: "Deny",
      Principal: "*",
      Action: "s3:PutObject",
      Resource: objects,
      Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } },
    },
  ];
  return { Version: "2012-10-17", Statement: statements };
}
