/**
 * Pure tests of the policy builders and the renderer: deterministic text, statement order,
 * exemptions, prefix modes.
 */
import {
  buildBucketPolicy,
  buildCloudWorksUserPolicy,
  buildKeyPolicy,
  BucketPolicyInputs,
  bucketPolicySids,
  CloudWorksUserPolicyInputs,
  keyAdministrationActions,
  KeyPolicyInputs,
  PolicyDocument,
  PolicyStatement,
  renderPolicyJson,
} from "../../provider/aws";

const bucketArn = "arn:aws:s3:::acme-cloudworks-landing";
const kmsKeyArn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const admin = "arn:aws:iam::111122223333:role/LandingZoneAdmin";
const deployer = "arn:aws:iam::111122223333:role/PulumiDeployer";
const cloudWorksUser = "arn:aws:iam::111122223333:user/cloudworks/acme";

const bucketInputs: BucketPolicyInputs = {
  bucketArn,
  kmsKeyArn,
  allowedCidrs: ["203.0.113.7", "64.124.186.246/32"],
  exemptPrincipalArns: [deployer, admin],
};

describe("renderPolicyJson", () => {
  it("pretty-prints with 2 spaces and a canonical key order, whatever the input key order", () => {
    const scrambled = {
      Statement: [
        {
          Condition: {
            StringLike: { "s3:prefix": "a/*" },
            Bool: { "aws:SecureTransport": "true" },
          },
          Resource: "arn:aws:s3:::b",
          Action: "s3:ListBucket",
          Effect: "Allow",
          Sid: "One",
        } as PolicyStatement,
      ],
      Version: "2012-10-17",
    } as PolicyDocument;
    expect(renderPolicyJson(scrambled)).toBe(
      [
        "{",
        '  "Version": "2012-10-17",',
        '  "Statement": [',
        "    {",
        '      "Sid": "One",',
        '      "Effect": "Allow",',
        '      "Action": "s3:ListBucket",',
        '      "Resource": "arn:aws:s3:::b",',
        '      "Condition": {',
        '        "Bool": {',
        '          "aws:SecureTransport": "true"',
        "        },",
        '        "StringLike": {',
        '          "s3:prefix": "a/*"',
        "        }",
        "      }",
        "    }",
        "  ]",
        "}",
      ].join("\n"),
    );
  });

  it("puts Id between Version and Statement and never emits undefined keys", () => {
    const text = renderPolicyJson({
      Id: "x",
      Version: "2012-10-17",
      Statement: [],
    } as PolicyDocument);
    expect(text).toBe('{\n  "Version": "2012-10-17",\n  "Id": "x",\n  "Statement": []\n}');
  });
});

describe("buildBucketPolicy", () => {
  it("renders byte-identical JSON for the same inputs in any order", () => {
    const a = renderPolicyJson(buildBucketPolicy(bucketInputs));
    const b = renderPolicyJson(
      buildBucketPolicy({
        ...bucketInputs,
        allowedCidrs: ["64.124.186.246", "203.0.113.7/32", "203.0.113.7"],
        exemptPrincipalArns: [admin, deployer, admin],
      }),
    );
    expect(b).toBe(a);
  });

  it("orders the statements TLS, allowlist, algorithm, key, SSE-C, all Deny for everyone", () => {
    const policy = buildBucketPolicy(bucketInputs);
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      bucketPolicySids.denyInsecureTransport,
      bucketPolicySids.denyOutsideAllowlist,
      bucketPolicySids.denyWrongSseAlgorithm,
      bucketPolicySids.denyWrongKmsKey,
      bucketPolicySids.denyCustomerProvidedKeys,
    ]);
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe("Deny");
      expect(statement.Principal).toBe("*");
    }
  });

  it("denies plain HTTP and foreign addresses on the bucket and its objects", () => {
    const [tls, allowlist] = buildBucketPolicy(bucketInputs).Statement;
    expect(tls).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(allowlist.Resource).toEqual([bucketArn, `${bucketArn}/*`]);
    expect(allowlist.Condition).toEqual({
      NotIpAddress: { "aws:SourceIp": ["64.124.186.246/32", "203.0.113.7/32"] },
      Bool: { "aws:ViaAWSService": "false" },
      ArnNotLike: { "aws:PrincipalArn": [admin, deployer] },
    });
  });

  it("adds the VPC endpoint exemption only when endpoints are given", () => {
    const withVpce = buildBucketPolicy({
      ...bucketInputs,
      vpcEndpointIds: ["vpce-0ffffffffffffffff", "vpce-0a1b2c3d"],
    });
    expect(withVpce.Statement[1].Condition?.StringNotEqualsIfExists).toEqual({
      "aws:SourceVpce": ["vpce-0a1b2c3d", "vpce-0ffffffffffffffff"],
    });
    expect(
      buildBucketPolicy({ ...bucketInputs, vpcEndpointIds: [] }).Statement[1].Condition,
    ).not.toHaveProperty("StringNotEqualsIfExists");
  });

  it("omits the principal exemption when there is nobody to exempt", () => {
    const policy = buildBucketPolicy({ ...bucketInputs, exemptPrincipalArns: [] });
    expect(policy.Statement[1].Condition).not.toHaveProperty("ArnNotLike");
  });

  it("denies only a present-but-wrong SSE header or key, and any SSE-C header, on PutObject", () => {
    const [, , algorithm, key, customer] = buildBucketPolicy(bucketInputs).Statement;
    expect(algorithm).toMatchObject({
      Action: "s3:PutObject",
      Resource: `${bucketArn}/*`,
      Condition: {
        Null: { "s3:x-amz-server-side-encryption": "false" },
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      },
    });
    expect(key.Condition).toEqual({
      Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
      StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": kmsKeyArn },
    });
    expect(customer.Condition).toEqual({
      Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" },
    });
    // No statement requires the header: nothing tests for its absence.
    const text = renderPolicyJson(buildBucketPolicy(bucketInputs));
    expect(text).not.toMatch(/"Null": \{\s*"s3:x-amz-server-side-encryption": "true"/);
  });

  it("never grants anything (so Block Public Access accepts it)", () => {
    expect(renderPolicyJson(buildBucketPolicy(bucketInputs))).not.toContain('"Allow"');
  });

  it("re-validates the allowlist: empty, 0.0.0.0/0 and bad VPC endpoints are refused", () => {
    expect(() => buildBucketPolicy({ ...bucketInputs, allowedCidrs: [] })).toThrow(
      /must not be empty/,
    );
    expect(() => buildBucketPolicy({ ...bucketInputs, allowedCidrs: ["0.0.0.0/0"] })).toThrow(
      /would allow every address/,
    );
    expect(() => buildBucketPolicy({ ...bucketInputs, vpcEndpointIds: ["vpc-1"] })).toThrow(
      /vpcEndpointIds\[0\]/,
    );
  });
});

describe("buildKeyPolicy", () => {
  const keyInputs: KeyPolicyInputs = {
    partition: "aws",
    accountId: "111122223333",
    adminPrincipalArns: [deployer, admin, deployer],
    cloudWorksPrincipalArn: cloudWorksUser,
    accessMode: "both",
    kmsViaService: "s3.eu-west-1.amazonaws.com",
  };

  it("keeps IAM delegation to the account root as the first statement", () => {
    expect(buildKeyPolicy({ ...keyInputs, partition: "aws-cn" }).Statement[0]).toEqual({
      Sid: "EnableIamPolicies",
      Effect: "Allow",
      Principal: { AWS: "arn:aws-cn:iam::111122223333:root" },
      Action: "kms:*",
      Resource: "*",
    });
  });

  it("names each administrator once, sorted, with management actions only", () => {
    const statement = buildKeyPolicy(keyInputs).Statement[1];
    expect(statement.Principal).toEqual({ AWS: [admin, deployer] });
    expect(statement.Action).toEqual([...keyAdministrationActions]);
    for (const action of [
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "kms:ReEncrypt*",
      "kms:*",
    ]) {
      expect(statement.Action).not.toContain(action);
    }
  });

  it("lets CloudWorks use the key only via S3 and denies direct use", () => {
    const [, , use, deny] = buildKeyPolicy(keyInputs).Statement;
    expect(use).toEqual({
      Sid: "AllowCloudWorksUseOfKey",
      Effect: "Allow",
      Principal: { AWS: cloudWorksUser },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
    expect(deny).toEqual({
      Sid: "DenyCloudWorksDirectKeyUse",
      Effect: "Deny",
      Principal: { AWS: cloudWorksUser },
      Action: "kms:*",
      Resource: "*",
      Condition: { StringNotEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
  });

  it("without kmsViaService: three statements, unconditional use; import mode gets Decrypt only", () => {
    const policy = buildKeyPolicy({ ...keyInputs, kmsViaService: undefined, accessMode: "import" });
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "EnableIamPolicies",
      "AllowKeyAdministration",
      "AllowCloudWorksUseOfKey",
    ]);
    expect(policy.Statement[2].Action).toEqual(["kms:Decrypt"]);
    expect(policy.Statement[2]).not.toHaveProperty("Condition");
  });

  it("refuses a key without administrators and renders deterministically", () => {
    expect(() => buildKeyPolicy({ ...keyInputs, adminPrincipalArns: [] })).toThrow(
      /at least one administrator/,
    );
    expect(renderPolicyJson(buildKeyPolicy(keyInputs))).toBe(
      renderPolicyJson(buildKeyPolicy({ ...keyInputs, adminPrincipalArns: [admin, deployer] })),
    );
  });
});

describe("buildCloudWorksUserPolicy", () => {
  const userInputs: CloudWorksUserPolicyInputs = {
    bucketArn,
    kmsKeyArn,
    prefix: "anaplan/",
    accessMode: "both",
  };
  const sidsOf = (inputs: Partial<CloudWorksUserPolicyInputs>) =>
    buildCloudWorksUserPolicy({ ...userInputs, ...inputs }).Statement.map((s) => s.Sid);
  const statement = (inputs: Partial<CloudWorksUserPolicyInputs>, sid: string) =>
    buildCloudWorksUserPolicy({ ...userInputs, ...inputs }).Statement.find((s) => s.Sid === sid);

  it.each([
    [
      "import",
      ["ListBucketUnderPrefix", "LocateBucket", "ReadObjectsUnderPrefix", "UseLandingZoneKey"],
      ["kms:Decrypt"],
    ],
    [
      "export",
      ["ListBucketUnderPrefix", "LocateBucket", "WriteObjectsUnderPrefix", "UseLandingZoneKey"],
      ["kms:Decrypt", "kms:GenerateDataKey"],
    ],
    [
      "both",
      [
        "ListBucketUnderPrefix",
        "LocateBucket",
        "ReadObjectsUnderPrefix",
        "WriteObjectsUnderPrefix",
        "UseLandingZoneKey",
      ],
      ["kms:Decrypt", "kms:GenerateDataKey"],
    ],
  ] as const)("%s mode grants exactly its statements and KMS actions", (mode, sids, kmsActions) => {
    expect(sidsOf({ accessMode: mode })).toEqual(sids);
    expect(statement({ accessMode: mode }, "UseLandingZoneKey")?.Action).toEqual(kmsActions);
  });

  it("confines objects and listing to the prefix", () => {
    expect(statement({ prefix: "anaplan/finance/" }, "ReadObjectsUnderPrefix")?.Resource).toBe(
      `${bucketArn}/anaplan/finance/*`,
    );
    expect(statement({ prefix: "anaplan/finance/" }, "WriteObjectsUnderPrefix")).toEqual({
      Sid: "WriteObjectsUnderPrefix",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: `${bucketArn}/anaplan/finance/*`,
    });
    expect(statement({}, "ListBucketUnderPrefix")).toEqual({
      Sid: "ListBucketUnderPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": "anaplan/*" } },
    });
    expect(
      statement({ restrictListingToPrefix: false }, "ListBucketUnderPrefix"),
    ).not.toHaveProperty("Condition");
  });

  it("scopes KMS to the key, optionally only via S3", () => {
    expect(statement({}, "UseLandingZoneKey")).toEqual({
      Sid: "UseLandingZoneKey",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: kmsKeyArn,
    });
    expect(
      statement({ kmsViaService: "s3.eu-west-1.amazonaws.com" }, "UseLandingZoneKey")?.Condition,
    ).toEqual({
      StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" },
    });
  });

  it("never grants delete, wildcards of actions, or anything outside the bucket and key", () => {
    const text = renderPolicyJson(buildCloudWorksUserPolicy(userInputs));
    expect(text).not.toContain("DeleteObject");
    expect(text).not.toMatch(/"(s3|kms):\*"/);
    const resources = buildCloudWorksUserPolicy(userInputs).Statement.flatMap((s) =>
      [s.Resource].flat(),
    );
    for (const resource of resources) {
      expect([bucketArn, `${bucketArn}/anaplan/*`, kmsKeyArn]).toContain(resource);
    }
  });

  it("refuses a bad prefix or access mode", () => {
    expect(() => buildCloudWorksUserPolicy({ ...userInputs, prefix: "anaplan" })).toThrow(
      /prefix "anaplan"/,
    );
    expect(() => buildCloudWorksUserPolicy({ ...userInputs, accessMode: "all" as never })).toThrow(
      /accessMode "all" is invalid/,
    );
  });
});
