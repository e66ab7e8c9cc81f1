/**
 * Program tests of CloudWorksS3LandingZone under Pulumi mocks: the exact resources, their key
 * properties, secrets, the dependency edges the engine would see, and configuration errors.
 */
import * as pulumi from "@pulumi/pulumi";

import {
  deployerRoleArn,
  installMocks,
  mockAccount,
  MockRecorder,
  registered,
  valueOf,
} from "./support";
import {
  CloudWorksS3LandingZone,
  CloudWorksS3LandingZoneArgs,
  PolicyDocument,
} from "../../provider/aws";

const adminRole = `arn:aws:iam::${mockAccount}:role/LandingZoneAdmin`;

let recorder: MockRecorder;

beforeAll(() => {
  recorder = installMocks();
});

/** Builds a landing zone and waits until all of its resources are registered. */
async function landingZone(name: string, args: Partial<CloudWorksS3LandingZoneArgs> = {}) {
  const lz = new CloudWorksS3LandingZone(name, {
    bucketName: `${name}-bucket`,
    anaplanRegion: "eu1",
    allowedCidrs: ["203.0.113.7"],
    adminRoleArns: [adminRole],
    connectionName: "Acme landing zone",
    workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
    ...args,
  });
  await registered(
    lz,
    lz.bucket,
    lz.kmsKey,
    lz.kmsAlias,
    lz.encryption,
    lz.publicAccessBlock,
    lz.ownershipControls,
    lz.versioning,
    lz.lifecycle,
    lz.accessLogging,
    lz.bucketPolicy,
    lz.cloudWorksUser,
    lz.cloudWorksUserPolicy,
    lz.cloudWorksAccessKey,
    lz.connection,
  );
  return lz;
}

describe("CloudWorksS3LandingZone resources", () => {
  let lz: CloudWorksS3LandingZone;
  beforeAll(async () => {
    lz = await landingZone("lz");
  });

  it("creates exactly the expected resources, all parented to the component", () => {
    const mine = recorder.resources.filter((r) => r.name.startsWith("lz-") || r.name === "lz");
    expect(mine.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        "aws:iam/accessKey:AccessKey lz-cloudworks-key",
        "aws:iam/user:User lz-cloudworks",
        "aws:iam/userPolicy:UserPolicy lz-cloudworks-access",
        "aws:kms/alias:Alias lz-key-alias",
        "aws:kms/key:Key lz-key",
        "aws:s3/bucket:Bucket lz-bucket",
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration lz-lifecycle",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls lz-ownership",
        "aws:s3/bucketPolicy:BucketPolicy lz-bucket-policy",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock lz-public-access-block",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration lz-encryption",
        "aws:s3/bucketVersioning:BucketVersioning lz-versioning",
        "cloudworks:aws:CloudWorksS3LandingZone lz",
        `${recorder.byName("lz-connection").type} lz-connection`,
        "pulumi-nodejs:dynamic/cloudworks:LandingZoneDeletionGuard lz-deletion-guard",
      ].sort(),
    );
    expect(recorder.byName("lz-connection").type).toMatch(
      /^pulumi-nodejs:dynamic\/cloudworks:Connection$/,
    );
    const component = recorder.byName("lz");
    for (const r of mine.filter((r) => r.name !== "lz")) {
      expect(r.parent).toBe(component.urn);
    }
  });

  it("guards deletion by default: the guard depends on every protection of the bucket", () => {
    const guard = recorder.byName("lz-deletion-guard");
    expect(guard.inputs.deletionProtection).toBe(true);
    expect(guard.inputs.landingZone).toBe("lz");
    const protectedNames = [
      "lz-bucket",
      "lz-bucket-policy",
      "lz-public-access-block",
      "lz-encryption",
      "lz-versioning",
      "lz-lifecycle",
      "lz-ownership",
      "lz-key",
      "lz-key-alias",
      "lz-cloudworks",
      "lz-cloudworks-access",
      "lz-cloudworks-key",
    ];
    expect(guard.dependencies.sort()).toEqual(
      protectedNames.map((n) => recorder.byName(n).urn).sort(),
    );
    // The connection may be deleted first: it does not wait for the guard.
    expect(recorder.byName("lz-connection").dependencies).not.toContain(guard.urn);
  });

  it("encrypts by default with SSE-KMS and the landing-zone key, bucket keys on, SSE-C blocked", () => {
    const sse = recorder.byName("lz-encryption").inputs;
    expect(sse.bucket).toBe("lz-bucket");
    expect(sse.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: `arn:aws:kms:eu-west-1:${mockAccount}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        },
        bucketKeyEnabled: true,
        blockedEncryptionTypes: ["SSE-C"],
      },
    ]);
  });

  it("turns on all four Block Public Access settings and BucketOwnerEnforced", () => {
    expect(recorder.byName("lz-public-access-block").inputs).toEqual({
      bucket: "lz-bucket",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(recorder.byName("lz-ownership").inputs.rule).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
  });

  it("versions the bucket and expires noncurrent versions and stale multipart uploads", () => {
    expect(recorder.byName("lz-versioning").inputs.versioningConfiguration).toEqual({
      status: "Enabled",
    });
    const rules = recorder.byName("lz-lifecycle").inputs.rules as Record<string, unknown>[];
    expect(rules).toEqual([
      {
        id: "expire-noncurrent-versions",
        status: "Enabled",
        filter: {},
        noncurrentVersionExpiration: { noncurrentDays: 30 },
        expiration: { expiredObjectDeleteMarker: true },
      },
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
    expect(recorder.dependencyNames("lz-lifecycle")).toContain("lz-versioning");
  });

  it("keeps the bucket unless forceDestroy is set, and does not configure logging by default", () => {
    expect(recorder.byName("lz-bucket").inputs).toMatchObject({
      bucket: "lz-bucket",
      forceDestroy: false,
    });
    expect(lz.accessLogging).toBeUndefined();
  });

  it("rotates the KMS key, with a 30-day deletion window and an alias", () => {
    expect(recorder.byName("lz-key").inputs).toMatchObject({
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
    });
    expect(recorder.byName("lz-key-alias").inputs).toMatchObject({
      name: "alias/cloudworks/lz",
      targetKeyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
    });
  });

  it("gives the key a policy with IAM delegation, admins plus the deployer role, and S3-only use", async () => {
    const policy = JSON.parse(recorder.byName("lz-key").inputs.policy as string) as PolicyDocument;
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "EnableIamPolicies",
      "AllowKeyAdministration",
      "AllowCloudWorksUseOfKey",
      "DenyCloudWorksDirectKeyUse",
    ]);
    expect(policy.Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${mockAccount}:root` });
    // The deployer is the role behind the assumed-role session, not the sts ARN.
    expect(policy.Statement[1].Principal).toEqual({ AWS: [adminRole, deployerRoleArn].sort() });
    const userArn = `arn:aws:iam::${mockAccount}:user/cloudworks/lz-cloudworks-e5f6a7b`;
    expect(policy.Statement[2]).toMatchObject({
      Principal: { AWS: userArn },
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
    expect(await valueOf(lz.keyPolicyJson)).toBe(recorder.byName("lz-key").inputs.policy);
    expect(await valueOf(lz.deployerArn)).toBe(deployerRoleArn);
  });

  it("applies the rendered bucket policy, with the allowlist and exemptions, and exposes it", async () => {
    const json = recorder.byName("lz-bucket-policy").inputs.policy as string;
    expect(await valueOf(lz.bucketPolicyJson)).toBe(json);
    // Pretty-printed for readable preview diffs.
    expect(json.split("\n")[1]).toBe('  "Version": "2012-10-17",');
    const policy = JSON.parse(json) as PolicyDocument;
    const allowlist = policy.Statement[1].Condition?.NotIpAddress["aws:SourceIp"];
    expect(allowlist).toEqual(await valueOf(lz.allowlist));
    expect(allowlist).toContain("203.0.113.7/32");
    expect(allowlist).toContain("64.124.186.246/32");
    expect(policy.Statement[1].Condition?.ArnNotLike["aws:PrincipalArn"]).toEqual(
      [adminRole, deployerRoleArn].sort(),
    );
    expect(policy.Statement[1].Condition?.StringNotEqualsIfExists).toBeUndefined();
  });

  it("scopes the CloudWorks user's policy to the prefix and the key", async () => {
    const json = recorder.byName("lz-cloudworks-access").inputs.policy as string;
    expect(await valueOf(lz.userPolicyJson)).toBe(json);
    const policy = JSON.parse(json) as PolicyDocument;
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "ListBucketUnderPrefix",
      "LocateBucket",
      "ReadObjectsUnderPrefix",
      "WriteObjectsUnderPrefix",
      "UseLandingZoneKey",
    ]);
    expect(policy.Statement[2].Resource).toBe("arn:aws:s3:::lz-bucket/anaplan/*");
    expect(recorder.byName("lz-cloudworks").inputs).toMatchObject({ path: "/cloudworks/" });
  });

  it("keeps the secret access key a Pulumi secret end to end", async () => {
    expect(await pulumi.isSecret(lz.secretAccessKey)).toBe(true);
    expect(await valueOf(lz.secretAccessKey)).toBe("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    expect(await pulumi.isSecret(lz.accessKeyId)).toBe(false);
    // On the wire to the engine (and so in state), the connection's input is marked secret.
    expect(recorder.isSecretInput("lz-connection", "secretAccessKey")).toBe(true);
    expect(recorder.isSecretInput("lz-connection", "accessKeyId")).toBe(false);
    expect(recorder.byName("lz-connection").inputs).toMatchObject({
      name: "Acme landing zone",
      type: "AmazonS3",
      workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
      bucketName: "lz-bucket",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    });
  });

  it("creates the connection only after bucket policy, encryption, public access block and user policy", () => {
    const deps = recorder.dependencyNames("lz-connection");
    for (const required of [
      "lz-bucket-policy",
      "lz-encryption",
      "lz-public-access-block",
      "lz-ownership",
      "lz-cloudworks-access",
    ]) {
      expect(deps).toContain(required);
    }
  });

  it("orders the rest of the graph: policy after PAB, key after user, SSE after key", () => {
    expect(recorder.dependencyNames("lz-bucket-policy")).toEqual(
      expect.arrayContaining(["lz-public-access-block", "lz-ownership", "lz-bucket", "lz-key"]),
    );
    // The key policy names the CloudWorks user, which must therefore exist first.
    expect(recorder.dependencyNames("lz-key")).toEqual(
      expect.arrayContaining(["lz-cloudworks", "lz-bucket"]),
    );
    expect(recorder.dependencyNames("lz-encryption")).toEqual(
      expect.arrayContaining(["lz-bucket", "lz-key"]),
    );
    expect(recorder.dependencyNames("lz-cloudworks-access")).toEqual(
      expect.arrayContaining(["lz-cloudworks", "lz-bucket", "lz-key"]),
    );
  });

  it("makes exactly the three documented invokes", () => {
    expect([...new Set(recorder.invokes.map((i) => i.token))].sort()).toEqual([
      "aws:iam/getSessionContext:getSessionContext",
      "aws:index/getCallerIdentity:getCallerIdentity",
      "aws:index/getPartition:getPartition",
    ]);
  });
});

describe("CloudWorksS3LandingZone options", () => {
  it("adds access logging, VPC endpoint and extra exemptions, import-only access, direct KMS use", async () => {
    const lz = await landingZone("opt", {
      accessLogging: { targetBucket: "acme-access-logs" },
      vpcEndpointIds: ["vpce-0a1b2c3d4e5f67890"],
      allowlistExemptRoleArns: [
        `arn:aws:iam::${mockAccount}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
      ],
      accessMode: "import",
      kmsViaS3Only: false,
      prefix: "anaplan/finance/",
      createConnection: false,
    });
    expect(recorder.byName("opt-access-logging").inputs).toEqual({
      bucket: "opt-bucket",
      targetBucket: "acme-access-logs",
      targetPrefix: "opt-bucket/",
    });
    const bucketPolicy = JSON.parse(await valueOf(lz.bucketPolicyJson)) as PolicyDocument;
    const condition = bucketPolicy.Statement[1].Condition ?? {};
    expect(condition.StringNotEqualsIfExists).toEqual({
      "aws:SourceVpce": ["vpce-0a1b2c3d4e5f67890"],
    });
    expect(condition.ArnNotLike["aws:PrincipalArn"]).toHaveLength(3);
    const keyPolicy = JSON.parse(await valueOf(lz.keyPolicyJson)) as PolicyDocument;
    expect(keyPolicy.Statement.map((s) => s.Sid)).not.toContain("DenyCloudWorksDirectKeyUse");
    expect(keyPolicy.Statement[1].Principal).toEqual({ AWS: [adminRole, deployerRoleArn].sort() });
    expect(keyPolicy.Statement[2].Action).toEqual(["kms:Decrypt"]);
    const userPolicy = JSON.parse(await valueOf(lz.userPolicyJson)) as PolicyDocument;
    expect(userPolicy.Statement.map((s) => s.Sid)).not.toContain("WriteObjectsUnderPrefix");
    expect(userPolicy.Statement[2].Resource).toBe("arn:aws:s3:::opt-bucket/anaplan/finance/*");
    expect(lz.connection).toBeUndefined();
    expect(recorder.resources.some((r) => r.name === "opt-connection")).toBe(false);
  });

  it("accepts Output-valued configuration and validates it once known", async () => {
    const lz = await landingZone("outs", {
      bucketName: pulumi.output("outs-bucket"),
      anaplanRegion: pulumi.output("gb1"),
      allowedCidrs: pulumi.output([]),
      adminRoleArns: [pulumi.output(adminRole)],
    });
    expect(await valueOf(lz.allowlist)).toEqual([
      "3.11.230.110/32",
      "35.176.53.152/32",
      "35.177.119.89/32",
    ]);
  });
});

describe("CloudWorksS3LandingZone rejects bad configuration at preview", () => {
  const cases: [string, Partial<CloudWorksS3LandingZoneArgs>, RegExp][] = [
    [
      "malformed CIDR",
      { allowedCidrs: ["203.0.113.0/33"] },
      /allowedCidrs\[0\] "203\.0\.113\.0\/33" is invalid: must be an IPv4\/IPv6 address or CIDR/,
    ],
    [
      "empty allowlist",
      { anaplanRegion: undefined, allowedCidrs: [] },
      /allowedCidrs \[\] is invalid: must not be empty/,
    ],
    [
      "no allowlist at all",
      { anaplanRegion: undefined, allowedCidrs: undefined },
      /allowedCidrs \[\] is invalid: must not be empty/,
    ],
    [
      "0.0.0.0/0",
      { allowedCidrs: ["0.0.0.0/0"] },
      /allowedCidrs\[0\] "0\.0\.0\.0\/0" is invalid: would allow every address/,
    ],
    [
      "::/0",
      { allowedCidrs: ["::/0"] },
      /allowedCidrs\[0\] "::\/0" is invalid: would allow every address/,
    ],
    [
      "private range",
      { allowedCidrs: ["10.1.0.0/16"] },
      /allowedCidrs\[0\] .* overlaps private \(RFC 1918\) space/,
    ],
    [
      "unknown region",
      { anaplanRegion: "eu9" },
      /anaplanRegion "eu9" is invalid: must be one of us1, .* \(egress table dated 2026-05-22\)/,
    ],
    [
      "sts ARN as admin",
      { adminRoleArns: [`arn:aws:sts::${mockAccount}:assumed-role/Admin/me`] },
      /adminRoleArns\[0\] .* is invalid: must be an IAM role ARN/,
    ],
    [
      "wildcard admin",
      { adminRoleArns: [`arn:aws:iam::${mockAccount}:role/Admin*`] },
      /adminRoleArns\[0\] .* must not contain wildcards/,
    ],
    [
      "malformed exempt role",
      { allowlistExemptRoleArns: ["Admin"] },
      /allowlistExemptRoleArns\[0\] "Admin" is invalid/,
    ],
    [
      "invalid bucket name",
      { bucketName: "Acme_Landing" },
      /bucketName "Acme_Landing" is invalid: must use only lowercase letters/,
    ],
    [
      "dotted bucket name",
      { bucketName: "acme.landing" },
      /bucketName "acme\.landing" is invalid: must not contain dots/,
    ],
    [
      "prefix without slash",
      { prefix: "anaplan" },
      /prefix "anaplan" is invalid: must end with \//,
    ],
    [
      "wildcard prefix",
      { prefix: "ana*/" },
      /prefix "ana\*\/" is invalid: must not contain \*, \? or \$/,
    ],
    ["empty prefix", { prefix: "" }, /prefix "" is invalid: must be a non-empty key prefix/],
    [
      "bad access mode",
      { accessMode: "readwrite" as never },
      /accessMode "readwrite" is invalid: must be one of import, export, both/,
    ],
    [
      "bad VPC endpoint",
      { vpcEndpointIds: ["vpc-123"] },
      /vpcEndpointIds\[0\] "vpc-123" is invalid/,
    ],
    [
      "deletion window",
      { keyDeletionWindowInDays: 3 },
      /keyDeletionWindowInDays 3 is invalid: must be a whole number from 7 to 30/,
    ],
    [
      "reserved alias",
      { keyAlias: "alias/aws/s3" },
      /keyAlias "alias\/aws\/s3" is invalid: must not start with alias\/aws\//,
    ],
  ];

  it.each(cases)(
    "%s: throws from the constructor before registering anything",
    async (label, args, message) => {
      const name = `bad-${label.replace(/\W+/g, "-")}`;
      expect(
        () =>
          new CloudWorksS3LandingZone(name, {
            bucketName: "acme-landing",
            anaplanRegion: "eu1",
            ...args,
          }),
      ).toThrow(message);
      await new Promise((resolve) => setImmediate(resolve));
      expect(recorder.resources.filter((r) => r.name.startsWith(name))).toEqual([]);
    },
  );
});
