/**
 * Bucket-policy simulation: requests from outside the allowlist and over plain HTTP are evaluated
 * against the policy with @cloud-copilot/iam-simulate (Strict mode, the simulator the
 * landing-zone tests use), never by matching policy text; and the rule built on it.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { StackValidationPolicy } from "@pulumi/policy";
import { AllowedAddresses, AllowlistConfig, allowlistConfigSchema, parseBlock } from "./allowlist";
import { forEachManagedBucketWith, knownString, label } from "./inventory";
import { policyNames, resourceTypes } from "./names";
import {
  asList,
  PolicyJson,
  readPolicyDocument,
  sourceIpAllowlists,
  statementsOf,
} from "./policyDocument";

/**
 * Source addresses that are not CloudWorks': documentation ranges (RFC 5737/3849) and public
 * resolvers, spread over the address space so that a broad allowlist cannot pass by accident.
 */
export const OUTSIDE_PROBE_ADDRESSES = [
  "192.0.2.10",
  "198.51.100.23",
  "203.0.113.45",
  "8.8.8.8",
  "151.101.1.1",
  "2001:db8::10",
  "2606:4700:4700::1111",
];

const PROBE_ACCOUNT = "111122223333";

/** One simulated request against a bucket policy. */
export interface Probe {
  /** The request in words, for violation messages. */
  description: string;
  /** The S3 action. */
  action: string;
  /** The object or bucket ARN. */
  resource: string;
  /** The principal making the request. */
  principal: string;
  /** Request context keys besides the defaults. */
  context: Record<string, string>;
}

/** The outcome of one simulated request. */
export interface ProbeResult {
  /** `Allowed`, `ExplicitlyDenied`, `ImplicitlyDenied`, or `error: …`. */
  result: string;
}

/**
 * Simulates one request against a bucket policy with iam-simulate in Strict mode. The caller gets
 * every S3 action from its identity policy, so the outcome isolates the bucket policy: only an
 * explicit deny there can stop it. The keys AWS always sends (and the simulator does not fill in)
 * are passed explicitly: aws:SecureTransport, aws:ViaAWSService, aws:PrincipalArn,
 * aws:PrincipalAccount.
 *
 * @param policy the bucket policy
 * @param probe the request
 * @returns the decision
 */
export async function simulateProbe(policy: PolicyJson, probe: Probe): Promise<ProbeResult> {
  const account = /::(\d{12}):/.exec(probe.principal)?.[1] ?? PROBE_ACCOUNT;
  const result = await runSimulation(
    {
      request: {
        principal: probe.principal,
        action: probe.action,
        resource: { resource: probe.resource, accountId: account },
        contextVariables: {
          "aws:SecureTransport": "true",
          "aws:ViaAWSService": "false",
          "aws:PrincipalArn": probe.principal,
          "aws:PrincipalAccount": account,
          ...probe.context,
        },
      },
      identityPolicies: [
        {
          name: "probe-all-s3",
          policy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
          },
        },
      ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: simulatorSafe(policy),
    },
    { simulationMode: "Strict" },
  );
  if (result.resultType === "error") return { result: `error: ${result.errors.message}` };
  return { result: result.overallResult };
}

/**
 * Rewrites the address values of IP conditions into forms iam-simulate 0.1.173 evaluates
 * correctly, without changing what they mean:
 * - an IPv4 block with prefix length 0 becomes `0.0.0.0/1` + `128.0.0.0/1`: the simulator builds
 *   the mask as `-1 << (32 - prefix)`, and JavaScript shifts by 32 are shifts by 0, so
 *   `0.0.0.0/0` would only match 0.0.0.0 and an allowlist containing it would look restrictive;
 * - a bare address becomes `/32` or `/128`: bare values are compared as text, so `2001:db8::1`
 *   would not match `2001:0db8::1`.
 *
 * @param policy the policy as written
 * @returns an equivalent policy for the simulator
 */
export function simulatorSafe(policy: PolicyJson): PolicyJson {
  const rewrite = (value: unknown): unknown => {
    if (typeof value !== "string") return value;
    const block = parseBlock(value);
    if (block === undefined) return value;
    if (block.family === "ipv4" && block.prefix === 0) return ["0.0.0.0/1", "128.0.0.0/1"];
    return value.includes("/") ? value : `${block.address}/${block.family === "ipv4" ? 32 : 128}`;
  };
  const statements = statementsOf(policy).map((statement) => {
    const condition = statement.Condition;
    if (typeof condition !== "object" || condition === null) return statement;
    const rewritten: Record<string, unknown> = {};
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
      if (!/IpAddress/.test(operator) || typeof block !== "object" || block === null) {
        rewritten[operator] = block;
        continue;
      }
      rewritten[operator] = Object.fromEntries(
        Object.entries(block as Record<string, unknown>).map(([key, values]) => [
          key,
          asList(values).flatMap((v) => rewrite(v)),
        ]),
      );
    }
    return { ...statement, Condition: rewritten };
  });
  return { ...policy, Statement: statements };
}

/** The actions probed: reads, writes, deletes and listing. */
const PROBED_ACTIONS: { action: string; onObject: boolean }[] = [
  { action: "s3:GetObject", onObject: true },
  { action: "s3:PutObject", onObject: true },
  { action: "s3:DeleteObject", onObject: true },
  { action: "s3:ListBucket", onObject: false },
];

/** A simulated request the bucket policy did not deny. */
export interface ProbeFailure {
  /** From outside the allowlist over TLS, or over plain HTTP. */
  kind: "outside" | "insecure";
  /** The request and its decision, in words. */
  description: string;
}

/**
 * Checks a bucket policy by simulation:
 * - from every probe address outside the allowed set, over TLS, each probed action by a
 *   non-exempt user and role of the bucket's account must be ExplicitlyDenied;
 * - over plain HTTP each probed action must be ExplicitlyDenied, both from an address the policy
 *   lets through over TLS (so that the allowlist deny cannot hide a missing TLS deny) and as an
 *   AWS service acting for the caller (which the allowlist deny exempts).
 *
 * @param policy the bucket policy document
 * @param bucketArn the bucket's ARN
 * @param allowed the addresses the config allows (excluded from the outside probes)
 * @returns one entry per request that was not denied
 */
export async function bucketPolicyFailures(
  policy: PolicyJson,
  bucketArn: string,
  allowed: AllowedAddresses,
): Promise<ProbeFailure[]> {
  const partition = /^arn:([\w-]+):/.exec(bucketArn)?.[1] ?? "aws";
  // Probe as principals of the account the policy talks about, so account-scoped conditions
  // (exemptions of that account's roles) are exercised as they would be in AWS.
  const account = /arn:[\w-]+:(?:iam|kms|sts):[\w-]*:(\d{12}):/.exec(JSON.stringify(policy))?.[1];
  const acct = account ?? PROBE_ACCOUNT;
  const principals = [
    `arn:${partition}:iam::${acct}:user/cloudworks-policy-pack-probe`,
    `arn:${partition}:iam::${acct}:role/cloudworks-policy-pack-probe`,
  ];
  const targets = PROBED_ACTIONS.map(({ action, onObject }) => ({
    action,
    resource: onObject ? `${bucketArn}/cloudworks/probe.csv` : bucketArn,
  }));
  const failures: ProbeFailure[] = [];
  const expectDenied = async (kind: ProbeFailure["kind"], probe: Probe): Promise<void> => {
    const { result } = await simulateProbe(policy, probe);
    if (result !== "ExplicitlyDenied") {
      failures.push({ kind, description: `${probe.description}: ${result}` });
    }
  };

  for (const address of OUTSIDE_PROBE_ADDRESSES.filter((a) => !allowed.allowsAddress(a))) {
    for (const principal of principals) {
      for (const { action, resource } of targets) {
        await expectDenied("outside", {
          description: `${action} over TLS from ${address} (outside the allowlist) by ${principal}`,
          action,
          resource,
          principal,
          context: { "aws:SourceIp": address },
        });
      }
    }
  }

  // A source the policy lets through over TLS: its own allowlist entries first, then the table.
  const candidates = [
    ...sourceIpAllowlists(policy).flatMap((list) =>
      list.entries.map((entry) => parseBlock(entry)?.address).filter((a): a is string => !!a),
    ),
    ...allowed.publishedAddresses(),
  ];
  let inside: string | undefined;
  for (const address of candidates) {
    const probe = {
      description: "",
      action: "s3:GetObject",
      resource: targets[0].resource,
      principal: principals[0],
      context: { "aws:SourceIp": address },
    };
    if ((await simulateProbe(policy, probe)).result === "Allowed") {
      inside = address;
      break;
    }
  }
  const insecureContexts: { where: string; context: Record<string, string> }[] = [
    { where: `as an AWS service acting for the caller`, context: { "aws:ViaAWSService": "true" } },
  ];
  if (inside !== undefined) {
    insecureContexts.unshift({ where: `from ${inside}`, context: { "aws:SourceIp": inside } });
  }
  for (const { where, context } of insecureContexts) {
    for (const { action, resource } of targets) {
      await expectDenied("insecure", {
        description: `${action} over plain HTTP ${where}`,
        action,
        resource,
        principal: principals[0],
        context: { ...context, "aws:SecureTransport": "false" },
      });
    }
  }
  return failures;
}

/**
 * Renders probe failures for a violation message: a few examples of each kind and a count.
 *
 * @param failures the failures
 * @returns indented lines
 */
export function summarizeFailures(failures: ProbeFailure[]): string {
  const lines: string[] = [];
  const kinds: [ProbeFailure["kind"], string][] = [
    ["outside", "not denied from outside the allowlist"],
    ["insecure", "not denied over plain HTTP (no effective aws:SecureTransport deny)"],
  ];
  for (const [kind, heading] of kinds) {
    const ofKind = failures.filter((f) => f.kind === kind);
    if (ofKind.length === 0) continue;
    lines.push(`  ${heading}: ${ofKind.length}, e.g.`);
    for (const failure of ofKind.slice(0, 3)) lines.push(`    - ${failure.description}`);
  }
  return lines.join("\n");
}

/** The rule {@link policyNames.bucketPolicy}. */
export function bucketPolicyRule(): StackValidationPolicy {
  return {
    name: policyNames.bucketPolicy,
    description:
      "Every S3 bucket a CloudWorks connection uses has a bucket policy that denies non-TLS access and access from outside an IP allowlist, decided by simulating requests against the policy.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: allowlistConfigSchema,
    remediationSteps:
      "Attach a deny-only bucket policy with a TLS deny (aws:SecureTransport false) and a NotIpAddress aws:SourceIp deny for the CloudWorks egress addresses, e.g. with CloudWorksS3LandingZone or buildBucketPolicy from pulumi-cloudworks.",
    validateStack: async (args, report) => {
      const allowed = new AllowedAddresses(args.getConfig<AllowlistConfig>());
      await forEachManagedBucketWith(
        args,
        report,
        resourceTypes.bucketPolicy,
        "no aws.s3.BucketPolicy in this stack: nothing denies plain-HTTP access or access from outside the CloudWorks allowlist.",
        async (target, policies) => {
          if (policies.length > 1) {
            report(
              `${label(target)} has ${policies.length} BucketPolicy resources; S3 keeps only one policy per bucket, so the effective one depends on apply order.`,
              policies[1].urn,
            );
          }
          const bucketArn =
            knownString(() => target.bucket.props.arn) ??
            `arn:aws:s3:::${target.name ?? String(target.bucket.props.bucket)}`;
          for (const resource of policies) {
            const doc = readPolicyDocument(resource);
            if (typeof doc === "string") {
              report(`bucket policy of ${label(target)} cannot be evaluated: ${doc}`, resource.urn);
              continue;
            }
            const failures = await bucketPolicyFailures(doc, bucketArn, allowed);
            if (failures.length > 0) {
              report(
                `bucket policy of ${label(target)} lets through ${failures.length} simulated request(s) it must deny ` +
                  `(expected ExplicitlyDenied):\n${summarizeFailures(failures)}`,
                resource.urn,
              );
            }
          }
        },
      );
    },
  };
}
