/**
 * The simulated request matrix of the landing-zone policies: one table drives the
 * iam-simulate test (policySimulation.test.ts) and is rendered into docs/security-review.md,
 * whose copy a test keeps identical.
 *
 * The policies are the real builders' output for a sample landing zone in Anaplan region eu1
 * (allowlist from the shipped egress table) with one admin role, a deploying role and one VPC
 * endpoint exemption.
 */
import {
  buildBucketPolicy,
  buildCloudWorksUserPolicy,
  buildKeyPolicy,
  bucketPolicySids,
  PolicyDocument,
  resolveAllowlist,
} from "../../../provider/aws";

/** The sample landing zone's account. */
export const account = "111122223333";
/** Its region. */
export const region = "eu-west-1";
/** The landing-zone bucket. */
export const bucketArn = "arn:aws:s3:::acme-cloudworks-landing";
/** The landing-zone key. */
export const kmsKeyArn = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
/** Another key in the account, for wrong-key requests. */
export const otherKmsKeyArn = `arn:aws:kms:${region}:${account}:key/ffffffff-12ab-34cd-56ef-1234567890ab`;
/** The `kms:ViaService` value of S3 in the region. */
export const kmsViaS3 = `s3.${region}.amazonaws.com`;
/** The key prefix CloudWorks may use. */
export const prefix = "anaplan/";
/** The exempted VPC endpoint. */
export const allowedVpce = "vpce-0a1b2c3d4e5f67890";
/** A VPC endpoint that is not exempted. */
export const otherVpce = "vpce-0ffffffffffffffff";
/** us1a, published for eu1 in the dated table. */
export const allowlistedIp = "64.124.186.246";
/** A documentation address (RFC 5737), never in any allowlist. */
export const outsideIp = "198.51.100.23";

/** The principals of the matrix and the identity policies attached to them. */
export const principals = {
  cloudWorks: `arn:aws:iam::${account}:user/cloudworks/acme-cloudworks`,
  admin: `arn:aws:iam::${account}:role/LandingZoneAdmin`,
  deployer: `arn:aws:iam::${account}:role/PulumiDeployer`,
  analyst: `arn:aws:iam::${account}:role/DataAnalyst`,
  noGrants: `arn:aws:iam::${account}:role/NoGrants`,
} as const;

/** Short labels used in the docs table. */
const principalLabels: Record<PrincipalName, string> = {
  cloudWorks: "CloudWorks user",
  admin: "admin role",
  deployer: "deploying role",
  analyst: "other role with s3:* in IAM",
  noGrants: "other role without grants",
};

/** A principal of the matrix, by short name. */
export type PrincipalName = keyof typeof principals;

/** The allowlist of Anaplan region eu1 from the shipped egress table. */
export const allowlist = resolveAllowlist("eu1", undefined);

/** The real bucket policy builder's output for the sample. */
export const bucketPolicy = buildBucketPolicy({
  bucketArn,
  kmsKeyArn,
  allowedCidrs: allowlist,
  exemptPrincipalArns: [principals.admin, principals.deployer],
  vpcEndpointIds: [allowedVpce],
});

/** The real key policy builder's output for the sample. */
export const keyPolicy = buildKeyPolicy({
  partition: "aws",
  accountId: account,
  adminPrincipalArns: [principals.admin, principals.deployer],
  cloudWorksPrincipalArn: principals.cloudWorks,
  accessMode: "both",
  kmsViaService: kmsViaS3,
});

const everything: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Sid: "AdministratorAccess", Effect: "Allow", Action: "*", Resource: "*" }],
};
const s3OnBucket: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllS3OnLandingZone",
      Effect: "Allow",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
    },
  ],
};

/** Identity policies per principal. */
export const identityPolicies: Record<PrincipalName, PolicyDocument[]> = {
  cloudWorks: [
    buildCloudWorksUserPolicy({
      bucketArn,
      kmsKeyArn,
      prefix,
      accessMode: "both",
      kmsViaService: kmsViaS3,
    }),
  ],
  admin: [s3OnBucket],
  deployer: [everything],
  analyst: [s3OnBucket],
  noGrants: [],
};

/** The outcome iam-simulate reports. */
export type Expected = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** One simulated request. */
export interface MatrixRow {
  /** What the row shows, in words (rendered in the docs). */
  request: string;
  /** Who calls. */
  principal: PrincipalName;
  /** The IAM action. */
  action: string;
  /** Object key under the bucket, `""` for the bucket itself, or `"key"` for the KMS key. */
  target: string;
  /** Request-context keys in addition to the defaults (TLS on, not via an AWS service). */
  context?: Record<string, string>;
  /** Which resource policy governs the request. */
  policy: "bucket" | "key";
  /** The expected decision. */
  expected: Expected;
  /** The Sid of the statement that denies, for ExplicitlyDenied rows. */
  deniedBy?: string;
  /** Why, in a few words (rendered in the docs). */
  why: string;
}

const fromAllowlist = { "aws:SourceIp": allowlistedIp };
const fromOutside = { "aws:SourceIp": outsideIp };
const sids = bucketPolicySids;

/** The matrix. Order is the order of the docs table. */
export const simulationMatrix: MatrixRow[] = [
  {
    request: "GET `anaplan/inbound/accounts.csv` from an allowlisted address over TLS",
    principal: "cloudWorks",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromAllowlist,
    policy: "bucket",
    expected: "Allowed",
    why: "user policy grants reads under the prefix; no deny matches",
  },
  {
    request: "PUT under the prefix, no SSE header",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: fromAllowlist,
    policy: "bucket",
    expected: "Allowed",
    why: "header is optional; default encryption applies the landing-zone key",
  },
  {
    request: "PUT with `x-amz-server-side-encryption: aws:kms`",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: { ...fromAllowlist, "s3:x-amz-server-side-encryption": "aws:kms" },
    policy: "bucket",
    expected: "Allowed",
    why: "right algorithm",
  },
  {
    request: "PUT with `aws:kms` and the landing-zone key ARN",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: {
      ...fromAllowlist,
      "s3:x-amz-server-side-encryption": "aws:kms",
      "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsKeyArn,
    },
    policy: "bucket",
    expected: "Allowed",
    why: "right algorithm and key",
  },
  {
    request: "PUT with `x-amz-server-side-encryption: AES256`",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: { ...fromAllowlist, "s3:x-amz-server-side-encryption": "AES256" },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyWrongSseAlgorithm,
    why: "header present and not aws:kms (would bypass the CMK)",
  },
  {
    request: "PUT with `aws:kms` and another KMS key",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: {
      ...fromAllowlist,
      "s3:x-amz-server-side-encryption": "aws:kms",
      "s3:x-amz-server-side-encryption-aws-kms-key-id": otherKmsKeyArn,
    },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyWrongKmsKey,
    why: "key id present and not the landing-zone key",
  },
  {
    request: "PUT with a customer-provided key (SSE-C)",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: { ...fromAllowlist, "s3:x-amz-server-side-encryption-customer-algorithm": "AES256" },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyCustomerProvidedKeys,
    why: "SSE-C is never allowed",
  },
  {
    request: "GET from an address outside the allowlist",
    principal: "cloudWorks",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromOutside,
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyOutsideAllowlist,
    why: "a leaked access key is useless off the CloudWorks addresses",
  },
  {
    request: "GET over plain HTTP from an allowlisted address",
    principal: "cloudWorks",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: { ...fromAllowlist, "aws:SecureTransport": "false" },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyInsecureTransport,
    why: "TLS is required for everyone",
  },
  {
    request: "GET outside the prefix (`finance/salaries.csv`)",
    principal: "cloudWorks",
    action: "s3:GetObject",
    target: "finance/salaries.csv",
    context: fromAllowlist,
    policy: "bucket",
    expected: "ImplicitlyDenied",
    why: "user policy covers `anaplan/*` only",
  },
  {
    request: "ListBucket with prefix `anaplan/inbound/`",
    principal: "cloudWorks",
    action: "s3:ListBucket",
    target: "",
    context: { ...fromAllowlist, "s3:prefix": "anaplan/inbound/" },
    policy: "bucket",
    expected: "Allowed",
    why: "listing confined to the prefix",
  },
  {
    request: "ListBucket with prefix `finance/`",
    principal: "cloudWorks",
    action: "s3:ListBucket",
    target: "",
    context: { ...fromAllowlist, "s3:prefix": "finance/" },
    policy: "bucket",
    expected: "ImplicitlyDenied",
    why: "cannot even see other keys",
  },
  {
    request: "DeleteObject under the prefix",
    principal: "cloudWorks",
    action: "s3:DeleteObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromAllowlist,
    policy: "bucket",
    expected: "ImplicitlyDenied",
    why: "CloudWorks never needs delete",
  },
  {
    request: "PUT through the allowed VPC endpoint (no source address)",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: { "aws:SourceVpce": allowedVpce },
    policy: "bucket",
    expected: "Allowed",
    why: "VPC endpoint exemption",
  },
  {
    request: "PUT through another VPC endpoint",
    principal: "cloudWorks",
    action: "s3:PutObject",
    target: "anaplan/exports/accounts.csv",
    context: { "aws:SourceVpce": otherVpce },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyOutsideAllowlist,
    why: "no source address and not an exempt endpoint: fail closed",
  },
  {
    request: "GET from outside the allowlist",
    principal: "admin",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromOutside,
    policy: "bucket",
    expected: "Allowed",
    why: "admin roles are exempt from the address restriction",
  },
  {
    request: "PutBucketPolicy from outside the allowlist",
    principal: "deployer",
    action: "s3:PutBucketPolicy",
    target: "",
    context: fromOutside,
    policy: "bucket",
    expected: "Allowed",
    why: "the deploying role can always run `pulumi up`/`refresh`",
  },
  {
    request: "GET over plain HTTP",
    principal: "admin",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: { ...fromOutside, "aws:SecureTransport": "false" },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyInsecureTransport,
    why: "exemptions never cover TLS",
  },
  {
    request: "PUT with `AES256`",
    principal: "admin",
    action: "s3:PutObject",
    target: "anaplan/inbound/accounts.csv",
    context: { ...fromOutside, "s3:x-amz-server-side-encryption": "AES256" },
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyWrongSseAlgorithm,
    why: "exemptions never cover encryption",
  },
  {
    request: "GET from an allowlisted address",
    principal: "analyst",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromAllowlist,
    policy: "bucket",
    expected: "Allowed",
    why: "the bucket policy only restricts; IAM grants decide",
  },
  {
    request: "GET from outside the allowlist",
    principal: "analyst",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromOutside,
    policy: "bucket",
    expected: "ExplicitlyDenied",
    deniedBy: sids.denyOutsideAllowlist,
    why: "s3:* in IAM does not bypass the allowlist",
  },
  {
    request: "GET by an AWS service acting for the caller, outside the allowlist",
    principal: "analyst",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: { ...fromOutside, "aws:ViaAWSService": "true" },
    policy: "bucket",
    expected: "Allowed",
    why: "forward access sessions (e.g. Athena) are not address-restricted",
  },
  {
    request: "GET from an allowlisted address",
    principal: "noGrants",
    action: "s3:GetObject",
    target: "anaplan/inbound/accounts.csv",
    context: fromAllowlist,
    policy: "bucket",
    expected: "ImplicitlyDenied",
    why: "nothing grants access; the allowlist is not a grant",
  },
  {
    request: "kms:Decrypt via S3",
    principal: "cloudWorks",
    action: "kms:Decrypt",
    target: "key",
    context: { "kms:ViaService": kmsViaS3, "aws:ViaAWSService": "true" },
    policy: "key",
    expected: "Allowed",
    why: "key policy and user policy allow use through S3",
  },
  {
    request: "kms:GenerateDataKey via S3",
    principal: "cloudWorks",
    action: "kms:GenerateDataKey",
    target: "key",
    context: { "kms:ViaService": kmsViaS3, "aws:ViaAWSService": "true" },
    policy: "key",
    expected: "Allowed",
    why: "needed for writes",
  },
  {
    request: "kms:Decrypt called directly with the access key",
    principal: "cloudWorks",
    action: "kms:Decrypt",
    target: "key",
    context: fromAllowlist,
    policy: "key",
    expected: "ExplicitlyDenied",
    deniedBy: "DenyCloudWorksDirectKeyUse",
    why: "the key is usable only through S3",
  },
  {
    request: "kms:ScheduleKeyDeletion",
    principal: "admin",
    action: "kms:ScheduleKeyDeletion",
    target: "key",
    context: fromOutside,
    policy: "key",
    expected: "Allowed",
    why: "key administrators manage the key",
  },
  {
    request: "kms:Decrypt",
    principal: "admin",
    action: "kms:Decrypt",
    target: "key",
    context: fromOutside,
    policy: "key",
    expected: "ImplicitlyDenied",
    why: "administering the key is not using it",
  },
  {
    request: "kms:PutKeyPolicy",
    principal: "deployer",
    action: "kms:PutKeyPolicy",
    target: "key",
    context: fromOutside,
    policy: "key",
    expected: "Allowed",
    why: "the deployer can update the key policy next time",
  },
  {
    request: "kms:Decrypt directly",
    principal: "analyst",
    action: "kms:Decrypt",
    target: "key",
    context: fromAllowlist,
    policy: "key",
    expected: "ImplicitlyDenied",
    why: "reading the bucket is not enough; the key is needed too",
  },
];

/** The full request context of a row: what AWS always sends, then the row's own keys. */
export function requestContext(row: MatrixRow): Record<string, string> {
  return {
    "aws:SecureTransport": "true",
    "aws:ViaAWSService": "false",
    "aws:PrincipalArn": principals[row.principal],
    "aws:PrincipalAccount": account,
    ...row.context,
  };
}

/** The resource ARN a row targets. */
export function resourceArn(row: MatrixRow): string {
  if (row.target === "key") {
    return kmsKeyArn;
  }
  return row.target === "" ? bucketArn : `${bucketArn}/${row.target}`;
}

/** Markers around the generated table in docs/security-review.md. */
export const docMarkers = {
  start: "<!-- simulation-matrix:start (generated from tests/aws/support/simulationMatrix.ts) -->",
  end: "<!-- simulation-matrix:end -->",
};

/** Renders the matrix as the Markdown table of docs/security-review.md. */
export function renderMatrixMarkdown(rows: MatrixRow[] = simulationMatrix): string {
  const lines = [
    "| # | Principal | Request | Action | Result | Denied by | Why |",
    "|---|---|---|---|---|---|---|",
  ];
  rows.forEach((row, i) => {
    lines.push(
      `| ${i + 1} | ${principalLabels[row.principal]} | ${row.request} | \`${row.action}\` | ` +
        `${row.expected} | ${row.deniedBy === undefined ? "–" : `\`${row.deniedBy}\``} | ${row.why} |`,
    );
  });
  return lines.join("\n");
}
