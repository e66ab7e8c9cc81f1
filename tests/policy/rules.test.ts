/**
 * Every rule of the policy pack called directly (no engine), with passing inputs built from the
 * real landing-zone builders and failing variants of each. The bucket-policy verdicts come from
 * simulating requests with iam-simulate, so the broken policies below fail for what they allow,
 * not for how they are written.
 */
import {
  PolicyResource,
  ResourceValidationPolicy,
  Secret,
  StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import { PolicyCondition, PolicyDocument, renderPolicyJson } from "../../provider/aws";
import {
  AllowedAddresses,
  allowlistEntryProblem,
  bucketPolicyFailures,
  createPolicies,
  findCloudWorksBuckets,
  policyNames,
  resourceTypes,
  simulatorSafe,
  sourceIpAllowlists,
} from "../../policy-pack/rules";
import {
  analysisProps,
  fakeResource,
  landingZoneStack,
  realBucketPolicy,
  remediationProps,
  resourceArgs,
  runResource,
  runStack,
  sample,
  UNKNOWN,
} from "./support";

function policy(name: string): StackValidationPolicy {
  const found = createPolicies().find((p) => p.name === name);
  if (found === undefined || !("validateStack" in found))
    throw new Error(`no stack policy ${name}`);
  return found;
}

function withStatements(
  edit: (statements: PolicyDocument["Statement"]) => PolicyDocument["Statement"],
): string {
  const doc = realBucketPolicy();
  return renderPolicyJson({ ...doc, Statement: edit(doc.Statement) });
}

/** The real bucket policy with `condition` merged into the allowlist deny's conditions. */
function withAllowlistCondition(condition: PolicyCondition): string {
  return withStatements((statements) =>
    statements.map((s) =>
      s.Sid === "DenyOutsideCloudWorksAllowlist"
        ? { ...s, Condition: { ...s.Condition, ...condition } }
        : s,
    ),
  );
}

function withAllowlist(entries: string[]): string {
  return withAllowlistCondition({
    NotIpAddress: { "aws:SourceIp": [...sample.allowlist, ...entries] },
  });
}

const allowOnlyPolicy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "AllowCloudWorksOnly",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:*",
      Resource: [sample.bucketArn, `${sample.bucketArn}/*`],
      Condition: {
        IpAddress: { "aws:SourceIp": sample.allowlist },
        Bool: { "aws:SecureTransport": "true" },
      },
    },
  ],
});

describe("the pack", () => {
  it("has the documented rules, default enforcement levels and config", () => {
    const summary = createPolicies().map((p) => [
      p.name,
      p.enforcementLevel,
      Object.keys(p.configSchema?.properties ?? {}).sort(),
    ]);
    expect(summary).toEqual([
      [policyNames.bucketPolicy, "mandatory", ["allowedRegions", "extraAllowedCidrs"]],
      [policyNames.encryption, "mandatory", []],
      [policyNames.publicAccessBlock, "mandatory", []],
      [policyNames.allowlist, "mandatory", ["allowedRegions", "extraAllowedCidrs"]],
      [policyNames.connectionSecrets, "mandatory", []],
      [policyNames.connectionSecretsObserver, "remediate", []],
      [policyNames.bucketNotInStack, "advisory", ["allowedExternalBuckets"]],
    ]);
  });

  it("links connections to buckets by property dependency and by name", () => {
    for (const linkByNameOnly of [false, true]) {
      const [found] = findCloudWorksBuckets(landingZoneStack({ linkByNameOnly }));
      expect(found.name).toBe(sample.bucketName);
      expect(found.bucket?.name).toBe("lz-bucket");
    }
  });
});

describe(policyNames.bucketPolicy, () => {
  const rule = policy(policyNames.bucketPolicy);

  it("passes the real landing-zone bucket policy (JSON text and object form)", async () => {
    expect(await runStack(rule, landingZoneStack())).toEqual({ violations: [] });
    expect(await runStack(rule, landingZoneStack({ policy: realBucketPolicy() }))).toEqual({
      violations: [],
    });
    expect(await runStack(rule, landingZoneStack({ linkByNameOnly: true }))).toEqual({
      violations: [],
    });
  });

  it("fails an Allow-only policy: it restricts nothing for principals IAM already allows", async () => {
    const { violations } = await runStack(rule, landingZoneStack({ policy: allowOnlyPolicy }));
    expect(violations).toHaveLength(1);
    expect(violations[0].urn).toContain("lz-bucket-policy");
    expect(violations[0].message).toContain("lets through 64 simulated request(s)");
    expect(violations[0].message).toContain("not denied from outside the allowlist: 56, e.g.");
    expect(violations[0].message).toMatch(/s3:GetObject over TLS from 192\.0\.2\.10 .*: Allowed/);
    expect(violations[0].message).toContain(
      "not denied over plain HTTP (no effective aws:SecureTransport deny): 8",
    );
  });

  it("fails a policy without the TLS deny, even though the allowlist deny is intact", async () => {
    const policyJson = withStatements((s) => s.filter((x) => x.Sid !== "DenyInsecureTransport"));
    const { violations } = await runStack(rule, landingZoneStack({ policy: policyJson }));
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toContain("not denied over plain HTTP");
    // From a source the policy lets through over TLS, so the allowlist deny cannot mask it.
    expect(violations[0].message).toMatch(
      /s3:GetObject over plain HTTP from \d+\.\d+\.\d+\.\d+: Allowed/,
    );
    expect(violations[0].message).toContain("lets through 8 simulated request(s)");
    expect(violations[0].message).not.toContain("from outside the allowlist");
  });

  it("fails a policy whose allowlist contains 0.0.0.0/0 (outside addresses get in)", async () => {
    const { violations } = await runStack(
      rule,
      landingZoneStack({ policy: withAllowlist(["0.0.0.0/0"]) }),
    );
    expect(violations).toHaveLength(1);
    // Every IPv4 probe gets in (5 addresses × 2 principals × 4 actions); IPv6 is still denied.
    expect(violations[0].message).toContain("not denied from outside the allowlist: 40, e.g.");
    expect(violations[0].message).not.toContain("2001:db8::10");
  });

  it("fails a policy whose exemption is a wildcard that covers every role", async () => {
    const policyJson = withAllowlistCondition({
      ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${sample.account}:role/*` },
    });
    const { violations } = await runStack(rule, landingZoneStack({ policy: policyJson }));
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toContain("not denied from outside the allowlist: 28, e.g.");
    expect(violations[0].message).toContain("role/cloudworks-policy-pack-probe: Allowed");
    expect(violations[0].message).not.toContain("user/cloudworks-policy-pack-probe: Allowed");
  });

  it("fails a bucket without a bucket policy and a policy that is not JSON", async () => {
    const missing = await runStack(rule, landingZoneStack({ without: ["bucketPolicy"] }));
    expect(missing.violations).toEqual([
      expect.objectContaining({
        urn: expect.stringContaining("lz-bucket"),
        message: expect.stringContaining("has no aws.s3.BucketPolicy"),
      }),
    ]);
    const garbled = await runStack(rule, landingZoneStack({ policy: "{not json" }));
    expect(garbled.violations[0].message).toContain("is not valid JSON");
  });

  it("honours extraAllowedCidrs when choosing outside addresses", async () => {
    const policyJson = withAllowlist(["8.8.8.8/32"]);
    const strict = await runStack(rule, landingZoneStack({ policy: policyJson }));
    expect(strict.violations[0].message).toContain("from 8.8.8.8");
    const relaxed = await runStack(rule, landingZoneStack({ policy: policyJson }), {
      extraAllowedCidrs: ["8.8.8.8"],
    });
    expect(relaxed.violations).toEqual([]);
  });

  it("is not applicable without a managed CloudWorks bucket, and leaves unknown policies to the engine", async () => {
    expect(await runStack(rule, landingZoneStack({ without: ["bucket"] }))).toEqual({
      violations: [],
      notApplicable: expect.stringContaining("no CloudWorks AmazonS3 connection"),
    });
    // During the preview of a new bucket the policy JSON is unknown: the engine turns this error
    // into an advisory "can't run policy during preview" and runs the check at `pulumi up`.
    await expect(runStack(rule, landingZoneStack({ policy: UNKNOWN }))).rejects.toBeInstanceOf(
      UnknownValueError,
    );
  });

  it("reports exactly which simulated requests were not denied", async () => {
    const failures = await bucketPolicyFailures(
      JSON.parse(allowOnlyPolicy),
      sample.bucketArn,
      new AllowedAddresses({}),
    );
    // 7 outside addresses × 2 principals × 4 actions, and 4 actions over plain HTTP twice.
    expect(failures).toHaveLength(7 * 2 * 4 + 2 * 4);
    expect(failures.filter((f) => f.kind === "insecure")).toHaveLength(2 * 4);
    expect(
      await bucketPolicyFailures(
        JSON.parse(renderPolicyJson(realBucketPolicy())),
        sample.bucketArn,
        new AllowedAddresses({}),
      ),
    ).toEqual([]);
  });
});

describe("simulatorSafe", () => {
  it("rewrites what iam-simulate 0.1.173 gets wrong, keeping the meaning", () => {
    const doc = {
      Statement: [
        {
          Effect: "Deny",
          Condition: {
            NotIpAddress: { "aws:SourceIp": ["0.0.0.0/0", "192.0.2.1", "2001:db8::1", "::/0"] },
            Bool: { "aws:SecureTransport": "false" },
          },
        },
      ],
    };
    expect(simulatorSafe(doc).Statement).toEqual([
      {
        Effect: "Deny",
        Condition: {
          NotIpAddress: {
            "aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1", "192.0.2.1/32", "2001:db8::1/128", "::/0"],
          },
          Bool: { "aws:SecureTransport": "false" },
        },
      },
    ]);
  });
});

describe(policyNames.allowlist, () => {
  const rule = policy(policyNames.allowlist);

  it("passes the eu1 table allowlist, with all regions or eu1 allowed", async () => {
    expect(await runStack(rule, landingZoneStack())).toEqual({ violations: [] });
    expect(await runStack(rule, landingZoneStack(), { allowedRegions: ["eu1"] })).toEqual({
      violations: [],
    });
  });

  it("fails table addresses of regions that are not allowed", async () => {
    const { violations } = await runStack(rule, landingZoneStack(), { allowedRegions: ["us9"] });
    expect(violations.length).toBe(sample.allowlist.length);
    expect(violations[0].message).toContain("is not a published CloudWorks egress address of us9");
  });

  it("fails 0.0.0.0/0 and ::/0 unless explicitly allowed", async () => {
    const stack = landingZoneStack({ policy: withAllowlist(["0.0.0.0/0", "::/0"]) });
    const { violations } = await runStack(rule, stack);
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringContaining('"0.0.0.0/0" would allow every address on the internet'),
      expect.stringContaining('"::/0" would allow every address on the internet'),
    ]);
    expect(violations[0].urn).toContain("lz-bucket-policy");
    expect(await runStack(rule, stack, { extraAllowedCidrs: ["0.0.0.0/0", "::/0"] })).toEqual({
      violations: [],
    });
  });

  it("fails an address outside the published table unless inside extraAllowedCidrs", async () => {
    const stack = landingZoneStack({ policy: withAllowlist(["203.0.113.7"]) });
    const { violations } = await runStack(rule, stack);
    expect(violations).toHaveLength(1);
    expect(violations[0].message).toMatch(
      /DenyOutsideCloudWorksAllowlist .*"203\.0\.113\.7" is not a published CloudWorks egress address .*table dated \d{4}-\d\d-\d\d/,
    );
    expect(await runStack(rule, stack, { extraAllowedCidrs: ["203.0.113.0/24"] })).toEqual({
      violations: [],
    });
  });

  it("judges entries with the landing zone's validator and the dated table", () => {
    const allowed = new AllowedAddresses({
      allowedRegions: ["eu1"],
      extraAllowedCidrs: ["2001:db8::/32"],
    });
    expect(allowlistEntryProblem("64.124.186.246", allowed)).toBeUndefined();
    expect(allowlistEntryProblem("64.124.186.246/32", allowed)).toBeUndefined();
    expect(allowlistEntryProblem("2001:db8:1::/48", allowed)).toBeUndefined();
    expect(allowlistEntryProblem("10.0.0.0/8", allowed)).toContain("private (RFC 1918)");
    expect(allowlistEntryProblem("64.124.186.0/24", allowed)).toContain("not a published");
    expect(() => new AllowedAddresses({ allowedRegions: ["mars1"] })).toThrow(
      /allowedRegions\[0\]/,
    );
    expect(() => new AllowedAddresses({ extraAllowedCidrs: ["nope"] })).toThrow(
      /extraAllowedCidrs\[0\]/,
    );
  });

  it("reads allowlists from Deny+NotIpAddress and Allow+IpAddress, not from blocklists", () => {
    const lists = sourceIpAllowlists({
      Statement: [
        {
          Sid: "A",
          Effect: "Deny",
          Condition: { NotIpAddressIfExists: { "aws:SourceIp": "192.0.2.1" } },
        },
        { Effect: "Allow", Condition: { IpAddress: { "aws:sourceip": ["192.0.2.2"] } } },
        {
          Sid: "Block",
          Effect: "Deny",
          Condition: { IpAddress: { "aws:SourceIp": ["192.0.2.3"] } },
        },
      ],
    });
    expect(lists).toEqual([
      { statement: "A", entries: ["192.0.2.1"] },
      { statement: "Statement[1]", entries: ["192.0.2.2"] },
    ]);
  });
});

describe(policyNames.encryption, () => {
  const rule = policy(policyNames.encryption);
  const kms = (byDefault: Record<string, unknown>) => [
    { applyServerSideEncryptionByDefault: byDefault, bucketKeyEnabled: true },
  ];

  it("passes SSE-KMS with the stack's key, and with a customer key managed elsewhere", async () => {
    expect(await runStack(rule, landingZoneStack())).toEqual({ violations: [] });
    const external = kms({
      sseAlgorithm: "aws:kms",
      kmsMasterKeyId: "arn:aws:kms:eu-west-1:444455556666:key/ffffffff-12ab-34cd-56ef-1234567890ab",
    });
    expect(await runStack(rule, landingZoneStack({ sseRules: external }))).toEqual({
      violations: [],
    });
  });

  it("fails a bucket without default encryption", async () => {
    const { violations } = await runStack(rule, landingZoneStack({ without: ["encryption"] }));
    expect(violations[0].message).toContain(
      "has no aws.s3.BucketServerSideEncryptionConfiguration",
    );
  });

  it.each([
    ["AES256 instead of aws:kms", { sseAlgorithm: "AES256" }, 'uses sseAlgorithm "AES256"'],
    [
      "aws:kms without a key (AWS-managed aws/s3)",
      { sseAlgorithm: "aws:kms" },
      "AWS-managed key aws/s3",
    ],
    [
      "the AWS-managed alias",
      { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" },
      "an AWS-managed key",
    ],
    [
      "the AWS-managed alias ARN",
      {
        sseAlgorithm: "aws:kms",
        kmsMasterKeyId: "arn:aws:kms:eu-west-1:111122223333:alias/aws/s3",
      },
      "an AWS-managed key",
    ],
  ])("fails %s", async (_what, byDefault, expected) => {
    const { violations } = await runStack(rule, landingZoneStack({ sseRules: kms(byDefault) }));
    expect(violations).toHaveLength(1);
    expect(violations[0].urn).toContain("lz-encryption");
    expect(violations[0].message).toContain(expected);
  });

  it("accepts a key that is unknown during preview when it comes from a stack KMS key", async () => {
    const stack = landingZoneStack();
    const key = stack.find((r) => r.type === resourceTypes.kmsKey[0]) as PolicyResource;
    const bucket = stack.find((r) => r.type === resourceTypes.bucket[0]) as PolicyResource;
    const sse = fakeResource(
      resourceTypes.encryption[0],
      "lz-encryption",
      {
        bucket: sample.bucketName,
        rules: kms({ sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN }),
      },
      { bucket: [bucket], rules: [key] },
    );
    const resources = stack.map((r) => (r.name === "lz-encryption" ? sse : r));
    expect(await runStack(rule, resources)).toEqual({ violations: [] });
  });
});

describe(policyNames.publicAccessBlock, () => {
  const rule = policy(policyNames.publicAccessBlock);
  const all = {
    bucket: sample.bucketName,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  };

  it("passes all four settings", async () => {
    expect(await runStack(rule, landingZoneStack())).toEqual({ violations: [] });
  });

  it("fails a missing public access block, a false flag and an absent flag", async () => {
    const missing = await runStack(rule, landingZoneStack({ without: ["publicAccessBlock"] }));
    expect(missing.violations[0].message).toContain("has no aws.s3.BucketPublicAccessBlock");
    const off = await runStack(
      rule,
      landingZoneStack({ publicAccessBlock: { ...all, restrictPublicBuckets: false } }),
    );
    expect(off.violations.map((v) => v.message)).toEqual([
      expect.stringContaining("does not set restrictPublicBuckets to true"),
    ]);
    const { blockPublicPolicy: _dropped, ...absent } = all;
    const notSet = await runStack(rule, landingZoneStack({ publicAccessBlock: absent }));
    expect(notSet.violations[0].message).toContain("does not set blockPublicPolicy to true");
  });
});

describe(policyNames.connectionSecrets, () => {
  function secretsPolicies(): {
    rule: ResourceValidationPolicy;
    observer: ResourceValidationPolicy;
  } {
    const policies = createPolicies();
    const get = (name: string) => policies.find((p) => p.name === name) as ResourceValidationPolicy;
    return {
      rule: get(policyNames.connectionSecrets),
      observer: get(policyNames.connectionSecretsObserver),
    };
  }
  const connection = {
    name: "Landing S3",
    type: "AmazonS3",
    bucketName: sample.bucketName,
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  };
  const plainKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  /** Remediate pass (observer), then analysis pass (rule), as the engine calls them. */
  async function engineOrder(raw: Record<string, unknown>, additionalSecretOutputs: string[] = []) {
    const { rule, observer } = secretsPolicies();
    const remediateArgs = resourceArgs(resourceTypes.connection, "conn", remediationProps(raw));
    expect(await observer.remediateResource?.(remediateArgs)).toBeUndefined();
    const unwrapped = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, v instanceof Secret ? v.value : v]),
    );
    return runResource(
      rule,
      resourceArgs(
        resourceTypes.connection,
        "conn",
        analysisProps(unwrapped),
        additionalSecretOutputs,
      ),
    );
  }

  it("passes secret connection credentials", async () => {
    const outcome = await engineOrder({ ...connection, secretAccessKey: new Secret(plainKey) });
    expect(outcome).toEqual({ violations: [] });
    const azure = await engineOrder({
      name: "Landing Azure",
      type: "AzureBlob",
      sasToken: new Secret("sv=2024&sig=x"),
    });
    expect(azure).toEqual({ violations: [] });
  });

  it("fails a connection secret that is not a Pulumi secret", async () => {
    const outcome = await engineOrder(
      { ...connection, secretAccessKey: plainKey, sasToken: new Secret("s") },
      ["secretAccessKey", "sasToken", "serviceAccountKey"],
    );
    expect(outcome.violations).toEqual([
      {
        message: expect.stringContaining(
          'secretAccessKey of CloudWorks connection "conn" is not a Pulumi secret',
        ),
        urn: undefined,
      },
    ]);
    expect(outcome.violations[0].message).not.toContain(plainKey);
  });

  it("never judges a value that is not known yet (a new stack's preview, a key rotation) plaintext", async () => {
    // The engine sends a bare unknown for a secret Output that is not known yet: the wire cannot
    // carry the secret flag of an unknown, so secretness can only be judged once it is known.
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const outcome = await engineOrder({ ...connection, secretAccessKey: unknown }, [
      "secretAccessKey",
      "sasToken",
      "serviceAccountKey",
    ]);
    expect(outcome).toEqual({ violations: [] });
    // At "remediate" nothing is rewritten either: there is no value to wrap yet.
    const { rule } = secretsPolicies();
    const props = remediationProps({ ...connection, secretAccessKey: unknown });
    expect(
      await rule.remediateResource?.(resourceArgs(resourceTypes.connection, "conn", props)),
    ).toBeUndefined();
    // Once known and plaintext, the same connection fails.
    const known = await engineOrder({ ...connection, secretAccessKey: plainKey }, [
      "secretAccessKey",
    ]);
    expect(known.violations).toHaveLength(1);
  });

  it("without the observer, checks additionalSecretOutputs", async () => {
    const { rule } = secretsPolicies();
    const props = analysisProps({ ...connection, secretAccessKey: plainKey });
    const missing = await runResource(rule, resourceArgs(resourceTypes.connection, "conn", props));
    expect(missing.violations[0].message).toContain("not listed in additionalSecretOutputs");
    const listed = await runResource(
      rule,
      resourceArgs(resourceTypes.connection, "conn", props, ["secretAccessKey"]),
    );
    expect(listed).toEqual({ violations: [] });
  });

  it("at enforcement level remediate, makes plaintext secrets secret", async () => {
    const { rule } = secretsPolicies();
    const props = remediationProps({ ...connection, secretAccessKey: plainKey });
    const result = (await rule.remediateResource?.(
      resourceArgs(resourceTypes.connection, "conn", props),
    )) as Record<string, unknown>;
    const raw = Object.getOwnPropertyDescriptor(result, "secretAccessKey")?.value;
    expect(raw).toBeInstanceOf(Secret);
    expect((raw as Secret).value).toBe(plainKey);
    const already = remediationProps({ ...connection, secretAccessKey: new Secret(plainKey) });
    expect(
      await rule.remediateResource?.(resourceArgs(resourceTypes.connection, "conn", already)),
    ).toBeUndefined();
  });

  it("does not apply to other resource types", async () => {
    const { rule } = secretsPolicies();
    const outcome = await runResource(
      rule,
      resourceArgs(resourceTypes.bucket[0], "b", analysisProps({ bucket: "x" })),
    );
    expect(outcome.notApplicable).toContain(resourceTypes.connection);
  });
});

describe(policyNames.bucketNotInStack, () => {
  const rule = policy(policyNames.bucketNotInStack);

  it("passes a connection whose bucket is managed in the stack", async () => {
    expect(await runStack(rule, landingZoneStack())).toEqual({ violations: [] });
  });

  it("reports a connection whose bucket is not in the stack, unless allowed", async () => {
    const stack = landingZoneStack({
      connectionBucketName: "acme-elsewhere",
      linkByNameOnly: true,
    });
    const { violations } = await runStack(rule, stack);
    expect(violations).toEqual([
      {
        urn: expect.stringContaining("lz-connection"),
        message: expect.stringContaining(
          'uses bucket "acme-elsewhere", which is not managed in this stack',
        ),
      },
    ]);
    expect(await runStack(rule, stack, { allowedExternalBuckets: ["acme-elsewhere"] })).toEqual({
      violations: [],
    });
  });

  it("links a new bucket whose name is unknown during preview through property dependencies", async () => {
    const bucket = fakeResource(resourceTypes.bucket[0], "b", { bucket: UNKNOWN, arn: UNKNOWN });
    const conn = fakeResource(
      resourceTypes.connection,
      "c",
      { type: "AmazonS3", bucketName: UNKNOWN },
      { bucketName: [bucket] },
    );
    expect(await runStack(rule, [bucket, conn])).toEqual({ violations: [] });
  });

  it("ignores other connection types", async () => {
    const conn = fakeResource(resourceTypes.connection, "c", { type: "AzureBlob" });
    expect((await runStack(rule, [conn])).notApplicable).toBeDefined();
  });
});
