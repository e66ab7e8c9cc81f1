/**
 * The rules of the pulumi-cloudworks security policy pack (CrossGuard, @pulumi/policy).
 *
 * This module only defines the rules: importing it constructs nothing and starts nothing.
 * index.ts builds the PolicyPack (which reads ./package.json and starts the analyzer's gRPC server
 * at once), and the tests call the rules directly with fake arguments.
 *
 * The bucket-policy rule decides by evaluating the policy with @cloud-copilot/iam-simulate (the
 * simulator the landing-zone tests use, Strict mode), never by matching policy text. The egress
 * table and the allowlist validation are the package's own (`pulumi-cloudworks`), so the pack
 * and the landing zone can never disagree about which addresses are CloudWorks'.
 */
import * as net from "net";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import {
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Secret,
  StackValidationArgs,
  StackValidationPolicy,
  UnknownValueError,
} from "@pulumi/policy";
import {
  AnaplanRegion,
  anaplanRegions,
  CLOUDWORKS_EGRESS_TABLE_DATE,
  CLOUDWORKS_EGRESS_TABLE_SOURCE,
  cloudWorksEgressCidrs,
  InvalidLandingZoneArgError,
  validateAllowlistEntry,
  validateAnaplanRegion,
} from "pulumi-cloudworks/aws";

/** The pack's name, as `pulumi preview` prints it and `--policy-pack-config` files use it. */
export const POLICY_PACK_NAME = "pulumi-cloudworks-security";

/** The names of the rules, as used in `--policy-pack-config` files. */
export const policyNames = {
  /** TLS-only and IP-allowlist denies in the bucket policy, proven by simulation. */
  bucketPolicy: "cloudworks-bucket-policy-denies-insecure-and-outside-access",
  /** Default SSE-KMS with a customer-managed key. */
  encryption: "cloudworks-bucket-sse-kms-customer-key",
  /** All four S3 Block Public Access settings. */
  publicAccessBlock: "cloudworks-bucket-public-access-block",
  /** Allowlist entries only from the published CloudWorks egress table (or explicitly allowed). */
  allowlist: "cloudworks-allowlist-within-egress-table",
  /** Connection secrets reach the engine as Pulumi secrets. */
  connectionSecrets: "cloudworks-connection-secrets-are-secret",
  /** Helper of `connectionSecrets`; records secretness, changes nothing. */
  connectionSecretsObserver: "cloudworks-connection-secrets-observer",
  /** AmazonS3 connections whose bucket is not managed in the stack. */
  bucketNotInStack: "cloudworks-s3-bucket-not-in-stack",
} as const;

/** Pulumi type tokens the rules look at. */
export const resourceTypes = {
  /** `CloudWorksConnection` (a dynamic resource: `pulumi-nodejs:dynamic/<module>:<type>`). */
  connection: "pulumi-nodejs:dynamic/cloudworks:Connection",
  /** `aws.s3.Bucket` and the deprecated `aws.s3.BucketV2` (aliased to each other in v7). */
  bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  /** `aws.s3.BucketPolicy`. */
  bucketPolicy: ["aws:s3/bucketPolicy:BucketPolicy"],
  /** `aws.s3.BucketServerSideEncryptionConfiguration` and its deprecated V2 alias. */
  encryption: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  /** `aws.s3.BucketPublicAccessBlock`. */
  publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  /** `aws.kms.Key` (always a customer-managed key). */
  kmsKey: ["aws:kms/key:Key"],
  /** `aws.kms.Alias`. */
  kmsAlias: ["aws:kms/alias:Alias"],
} as const;

/** The `CloudWorksConnection` inputs that hold credentials and must be Pulumi secrets. */
export const CONNECTION_SECRET_FIELDS = [
  "secretAccessKey",
  "sasToken",
  "serviceAccountKey",
] as const;

/** Policy config of the rules that judge source addresses. */
export interface AllowlistConfig {
  /**
   * Anaplan regions whose published egress addresses are allowed (`eu1`, `us9`, …). Default: every
   * region of the table.
   */
  allowedRegions?: string[];
  /**
   * Addresses or CIDR blocks allowed in addition to the table (e.g. addresses Anaplan announced
   * after the table's date). An entry is accepted when it lies inside one of these. Listing
   * `0.0.0.0/0` or `::/0` here is the explicit way to allow everything, and is then visible in
   * the reviewed config file.
   */
  extraAllowedCidrs?: string[];
}

/** Policy config of {@link policyNames.bucketNotInStack}. */
export interface ExternalBucketConfig {
  /** Bucket names known to be managed (and reviewed) elsewhere; they are not reported. */
  allowedExternalBuckets?: string[];
}

const allowlistConfigSchema: PolicyConfigSchema = {
  properties: {
    allowedRegions: {
      type: "array",
      items: { type: "string", enum: [...anaplanRegions] },
      description:
        "Anaplan regions whose published CloudWorks egress addresses are allowed (default: all regions of the table).",
    },
    extraAllowedCidrs: {
      type: "array",
      items: { type: "string" },
      description:
        "Addresses or CIDR blocks allowed in addition to the published table (0.0.0.0/0 or ::/0 only if listed here).",
    },
  },
};

// ------------------------------------------------------------------------------------------------
// Unknown values and stack structure
// ------------------------------------------------------------------------------------------------

/**
 * Reads a value that may be unknown during preview; returns undefined instead of throwing.
 *
 * Only for matching resources to each other (an unknown value on an unrelated resource must not
 * stop the check). Values a verdict depends on are read directly, so that an unknown one makes
 * the engine report "can't run policy … during preview" (advisory) and the check runs for real
 * at `pulumi up`.
 *
 * @param read reads the value from a resource's props
 * @returns the value, or undefined when it is unknown
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnknownValueError) return undefined;
    throw error;
  }
}

function isOneOf(resource: PolicyResource, types: readonly string[]): boolean {
  return types.includes(resource.type);
}

function knownString(read: () => unknown): string | undefined {
  const value = known(read);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** A bucket that at least one CloudWorks AmazonS3 connection in the stack uses. */
export interface CloudWorksBucket {
  /** The bucket name, when known. */
  name: string | undefined;
  /** The `aws.s3.Bucket` resource, when the bucket is managed in this stack. */
  bucket: PolicyResource | undefined;
  /** The connections that use it. */
  connections: PolicyResource[];
}

/**
 * Finds the buckets CloudWorks AmazonS3 connections use, and the bucket resources that manage them.
 * A connection is linked to a bucket through the engine's property dependencies of `bucketName`
 * (which works during preview too, when the name of a new bucket is still unknown), or else by
 * bucket name.
 *
 * @param resources the stack's resources
 * @returns one entry per distinct bucket
 */
export function findCloudWorksBuckets(resources: PolicyResource[]): CloudWorksBucket[] {
  const buckets = resources.filter((r) => isOneOf(r, resourceTypes.bucket));
  const found: CloudWorksBucket[] = [];
  for (const connection of resources) {
    if (connection.type !== resourceTypes.connection) continue;
    if (connection.props.type !== "AmazonS3") continue;
    const fromDependency = (connection.propertyDependencies.bucketName ?? []).find((d) =>
      isOneOf(d, resourceTypes.bucket),
    );
    let name = knownString(() => connection.props.bucketName);
    if (fromDependency === undefined && name === undefined) {
      // Neither linked to a bucket resource nor named: read it again so that an unknown name
      // stops the policy (reported by the engine as "can't run during preview").
      name = String(connection.props.bucketName ?? "");
      if (name === "") continue; // a connection without a bucket is the provider's to reject
    }
    const bucket =
      fromDependency ?? buckets.find((b) => name !== undefined && bucketName(b) === name);
    name = name ?? (bucket ? bucketName(bucket) : undefined);
    const existing = found.find(
      (entry) =>
        (bucket !== undefined && entry.bucket?.urn === bucket.urn) ||
        (name !== undefined && entry.name === name),
    );
    if (existing) {
      existing.connections.push(connection);
      existing.bucket = existing.bucket ?? bucket;
      existing.name = existing.name ?? name;
    } else {
      found.push({ name, bucket, connections: [connection] });
    }
  }
  return found;
}

function bucketName(bucket: PolicyResource): string | undefined {
  return knownString(() => bucket.props.bucket) ?? knownString(() => bucket.props.id);
}

/**
 * The resources of the given types that configure `target`: their `bucket` input depends on the
 * bucket resource, or names the bucket.
 *
 * @param resources the stack's resources
 * @param types the resource types wanted
 * @param target the bucket
 * @returns the matching resources
 */
export function resourcesForBucket(
  resources: PolicyResource[],
  types: readonly string[],
  target: CloudWorksBucket,
): PolicyResource[] {
  return resources.filter((r) => {
    if (!isOneOf(r, types)) return false;
    const deps = r.propertyDependencies.bucket ?? [];
    if (target.bucket !== undefined && deps.some((d) => d.urn === target.bucket?.urn)) return true;
    return target.name !== undefined && knownString(() => r.props.bucket) === target.name;
  });
}

function describeConnections(connections: PolicyResource[]): string {
  return connections.map((c) => `"${c.name}"`).join(", ");
}

function label(target: CloudWorksBucket): string {
  return target.name !== undefined ? `bucket "${target.name}"` : `bucket ${target.bucket?.urn}`;
}

// ------------------------------------------------------------------------------------------------
// Addresses
// ------------------------------------------------------------------------------------------------

interface ParsedBlock {
  text: string;
  family: "ipv4" | "ipv6";
  address: string;
  prefix: number;
}

function parseBlock(text: string): ParsedBlock | undefined {
  if (typeof text !== "string") return undefined;
  const [address, prefixText, ...rest] = text.trim().split("/");
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const bits = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!/^\d{1,3}$/.test(prefixText ?? String(bits)) || prefix > bits) return undefined;
  return { text, family: version === 4 ? "ipv4" : "ipv6", address, prefix };
}

/** The addresses a policy config allows: the table for some regions plus explicit extras. */
export class AllowedAddresses {
  /** The regions whose table entries are allowed. */
  readonly regions: readonly AnaplanRegion[];
  private readonly table: Set<string>;
  private readonly extras: { block: ParsedBlock; list: net.BlockList }[];

  /**
   * @param config the rule's config (validated: a bad region or CIDR throws)
   */
  constructor(config: AllowlistConfig) {
    this.regions = (config.allowedRegions ?? [...anaplanRegions]).map((region, i) => {
      try {
        return validateAnaplanRegion(region, `allowedRegions[${i}]`);
      } catch (error) {
        if (!(error instanceof InvalidLandingZoneArgError)) throw error;
        throw new Error(`policy config ${error.argument} ${JSON.stringify(region)} ${error.rule}`);
      }
    });
    this.table = new Set(this.regions.flatMap((region) => cloudWorksEgressCidrs(region)));
    this.extras = (config.extraAllowedCidrs ?? []).map((text, i) => {
      const block = parseBlock(text);
      if (block === undefined) {
        throw new Error(
          `policy config extraAllowedCidrs[${i}] ${JSON.stringify(text)} is not an IP address or CIDR block`,
        );
      }
      const list = new net.BlockList();
      list.addSubnet(block.address, block.prefix, block.family);
      return { block, list };
    });
  }

  /**
   * Whether an allowlist entry lies inside one of the explicitly allowed blocks.
   *
   * @param entry an address or CIDR block as written in a policy
   * @returns true if explicitly allowed
   */
  isExplicitlyAllowed(entry: string): boolean {
    const block = parseBlock(entry);
    if (block === undefined) return false;
    // A block narrower than (or as wide as) an allowed block lies inside it exactly when any one
    // of its addresses does, because CIDR blocks are aligned.
    return this.extras.some(
      (extra) =>
        extra.block.family === block.family &&
        block.prefix >= extra.block.prefix &&
        extra.list.check(block.address, block.family),
    );
  }

  /**
   * Whether a canonical `/32` CIDR is in the published table for the allowed regions.
   *
   * @param canonical a CIDR as `validateAllowlistEntry` returns it
   * @returns true if published
   */
  isPublished(canonical: string): boolean {
    return this.table.has(canonical);
  }

  /**
   * Whether a single address is allowed by this config (table or extras).
   *
   * @param address an IPv4 or IPv6 address
   * @returns true if allowed
   */
  allowsAddress(address: string): boolean {
    const bits = net.isIPv4(address) ? 32 : 128;
    return this.isPublished(`${address}/${bits}`) || this.isExplicitlyAllowed(address);
  }

  /** The table's addresses for the allowed regions, without prefix length. */
  publishedAddresses(): string[] {
    return [...this.table].map((cidr) => cidr.split("/")[0]);
  }
}

/**
 * Judges one allowlist entry: explicitly allowed, or valid by the landing zone's validator and
 * published in the table for the allowed regions.
 *
 * @param entry the entry as written in the policy
 * @param allowed what the rule's config allows
 * @returns why the entry is refused, or undefined when it is acceptable
 */
export function allowlistEntryProblem(
  entry: string,
  allowed: AllowedAddresses,
): string | undefined {
  if (allowed.isExplicitlyAllowed(entry)) return undefined;
  let canonical: string;
  try {
    // The landing zone's own validator: refuses 0.0.0.0/0 and ::/0, blocks broader than /8 or
    // /16, private and other never-routable space, and malformed text.
    canonical = validateAllowlistEntry(entry, "entry");
  } catch (error) {
    if (error instanceof InvalidLandingZoneArgError)
      return `${JSON.stringify(entry)} ${error.rule}`;
    throw error;
  }
  if (allowed.isPublished(canonical)) return undefined;
  return (
    `${JSON.stringify(entry)} is not a published CloudWorks egress address of ` +
    `${allowed.regions.join(", ")} (table dated ${CLOUDWORKS_EGRESS_TABLE_DATE}, ` +
    `${CLOUDWORKS_EGRESS_TABLE_SOURCE}) and is not in extraAllowedCidrs`
  );
}

// ------------------------------------------------------------------------------------------------
// Policy documents
// ------------------------------------------------------------------------------------------------

/** A parsed IAM policy document, as plain JSON. */
export type PolicyJson = { Statement?: unknown } & Record<string, unknown>;

/**
 * Reads a BucketPolicy's `policy` input, which is JSON text or an object (a typed
 * `PolicyDocument`), into plain JSON. An unknown policy (preview of a new bucket) throws the
 * engine's UnknownValueError on purpose.
 *
 * @param resource the aws.s3.BucketPolicy
 * @returns the document, or an error message
 */
export function readPolicyDocument(resource: PolicyResource): PolicyJson | string {
  const policy: unknown = resource.props.policy;
  try {
    // Through JSON so that nested unknowns throw here and the simulator gets plain objects.
    const doc: unknown =
      typeof policy === "string" ? JSON.parse(policy) : JSON.parse(JSON.stringify(policy));
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
      return "the policy is not a JSON object";
    }
    return doc as PolicyJson;
  } catch (error) {
    if (error instanceof UnknownValueError) throw error;
    return `the policy is not valid JSON (${(error as Error).message})`;
  }
}

function statementsOf(doc: PolicyJson): Record<string, unknown>[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.filter(
    (s): s is Record<string, unknown> => typeof s === "object" && s !== null,
  );
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** The source-address allowlists a policy document defines. */
export interface SourceIpAllowlist {
  /** Which statement (Sid, or index). */
  statement: string;
  /** The entries as written. */
  entries: string[];
}

/**
 * Extracts the `aws:SourceIp` allowlists of a policy: the values of `NotIpAddress` in Deny
 * statements (deny everything not listed) and of `IpAddress` in Allow statements (allow only what
 * is listed), with or without `IfExists` and set qualifiers. `IpAddress` in a Deny is a blocklist,
 * not an allowlist, and is not returned.
 *
 * @param doc the document
 * @returns one entry per statement that carries an allowlist
 */
export function sourceIpAllowlists(doc: PolicyJson): SourceIpAllowlist[] {
  const lists: SourceIpAllowlist[] = [];
  statementsOf(doc).forEach((statement, i) => {
    const effect = statement.Effect;
    const condition = statement.Condition;
    if (typeof condition !== "object" || condition === null) return;
    const entries: string[] = [];
    for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
      const bare = operator.replace(/^For(All|Any)Values:/, "").replace(/IfExists$/, "");
      const isAllowlist =
        (effect === "Deny" && bare === "NotIpAddress") ||
        (effect === "Allow" && bare === "IpAddress");
      if (!isAllowlist || typeof block !== "object" || block === null) continue;
      for (const [key, values] of Object.entries(block as Record<string, unknown>)) {
        if (key.toLowerCase() !== "aws:sourceip") continue;
        entries.push(...asList(values).map(String));
      }
    }
    if (entries.length > 0) {
      lists.push({
        statement: typeof statement.Sid === "string" ? statement.Sid : `Statement[${i}]`,
        entries,
      });
    }
  });
  return lists;
}

// ------------------------------------------------------------------------------------------------
// Simulation
// ------------------------------------------------------------------------------------------------

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

// ------------------------------------------------------------------------------------------------
// Rules
// ------------------------------------------------------------------------------------------------

/**
 * Runs `check` for every CloudWorks bucket managed in the stack; reports "not applicable" when
 * there is none (the buckets that are not managed here are {@link policyNames.bucketNotInStack}'s).
 */
async function forEachManagedBucket(
  args: StackValidationArgs,
  check: (target: CloudWorksBucket & { bucket: PolicyResource }) => Promise<void> | void,
): Promise<void> {
  const managed = findCloudWorksBuckets(args.resources).filter(
    (t): t is CloudWorksBucket & { bucket: PolicyResource } => t.bucket !== undefined,
  );
  if (managed.length === 0) {
    args.notApplicable("no CloudWorks AmazonS3 connection uses a bucket managed in this stack");
  }
  for (const target of managed) await check(target);
}

function bucketPolicyRule(): StackValidationPolicy {
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
      await forEachManagedBucket(args, async (target) => {
        const policies = resourcesForBucket(args.resources, resourceTypes.bucketPolicy, target);
        if (policies.length === 0) {
          report(
            `${label(target)} (used by CloudWorks connection ${describeConnections(target.connections)}) ` +
              "has no aws.s3.BucketPolicy in this stack: nothing denies plain-HTTP access or access from outside the CloudWorks allowlist.",
            target.bucket.urn,
          );
          return;
        }
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
      });
    },
  };
}

/** Why a default-encryption resource is not SSE-KMS with a customer-managed key, if it is not. */
function encryptionProblem(sse: PolicyResource): string | undefined {
  const rules = asList(sse.props.rules ?? sse.props.rule);
  const defaults = rules
    .map((rule) => asList((rule as Record<string, unknown>)?.applyServerSideEncryptionByDefault)[0])
    .filter((d): d is Record<string, unknown> => typeof d === "object" && d !== null);
  if (defaults.length === 0) return "has no applyServerSideEncryptionByDefault rule";
  const byDefault = defaults[0];
  const algorithm = byDefault.sseAlgorithm;
  if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
    return `uses sseAlgorithm ${JSON.stringify(algorithm)}; SSE-KMS (aws:kms) with a customer-managed key is required`;
  }
  const keyRef = known(() => byDefault.kmsMasterKeyId);
  const dependsOnKey = (sse.propertyDependencies.rules ?? sse.propertyDependencies.rule ?? []).some(
    (d) => isOneOf(d, resourceTypes.kmsKey) || isOneOf(d, resourceTypes.kmsAlias),
  );
  if (keyRef === undefined) {
    // Either not set (AWS then uses the AWS-managed key aws/s3) or unknown during preview.
    if (dependsOnKey) return undefined;
    if (Object.prototype.hasOwnProperty.call(byDefault, "kmsMasterKeyId")) {
      String(byDefault.kmsMasterKeyId); // unknown: let the engine report "can't run during preview"
    }
    return "uses aws:kms without kmsMasterKeyId, which encrypts with the AWS-managed key aws/s3, not a customer-managed key";
  }
  if (typeof keyRef !== "string" || keyRef === "") {
    return "uses aws:kms without kmsMasterKeyId, which encrypts with the AWS-managed key aws/s3, not a customer-managed key";
  }
  if (/^(arn:[\w-]+:kms:[\w-]*:\d*:)?alias\/aws\//.test(keyRef)) {
    return `uses kmsMasterKeyId ${JSON.stringify(keyRef)}, an AWS-managed key; a customer-managed key is required`;
  }
  // A key of this stack (aws.kms.Key is always customer-managed), or one managed elsewhere and
  // named by ARN, ID or a custom alias: AWS-managed keys are addressed as alias/aws/* (an
  // AWS-managed key named by its bare key ARN cannot be told apart here; see README, "Limits").
  return undefined;
}

function encryptionRule(): StackValidationPolicy {
  return {
    name: policyNames.encryption,
    description:
      "Every S3 bucket a CloudWorks connection uses has default encryption SSE-KMS with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      "Add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm aws:kms and kmsMasterKeyId set to an aws.kms.Key you manage (CloudWorksS3LandingZone does this).",
    validateStack: async (args, report) => {
      await forEachManagedBucket(args, (target) => {
        const configs = resourcesForBucket(args.resources, resourceTypes.encryption, target);
        if (configs.length === 0) {
          report(
            `${label(target)} (used by CloudWorks connection ${describeConnections(target.connections)}) ` +
              "has no aws.s3.BucketServerSideEncryptionConfiguration in this stack: default encryption with a customer-managed KMS key is required.",
            target.bucket.urn,
          );
          return;
        }
        for (const sse of configs) {
          const problem = encryptionProblem(sse);
          if (problem !== undefined) {
            report(`default encryption of ${label(target)} ${problem}.`, sse.urn);
          }
        }
      });
    },
  };
}

/** The four Block Public Access settings, all of which must be true. */
export const PUBLIC_ACCESS_BLOCK_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

function publicAccessBlockRule(): StackValidationPolicy {
  return {
    name: policyNames.publicAccessBlock,
    description:
      "Every S3 bucket a CloudWorks connection uses has all four Block Public Access settings on.",
    enforcementLevel: "mandatory",
    severity: "high",
    remediationSteps:
      "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    validateStack: async (args, report) => {
      await forEachManagedBucket(args, (target) => {
        const blocks = resourcesForBucket(args.resources, resourceTypes.publicAccessBlock, target);
        if (blocks.length === 0) {
          report(
            `${label(target)} (used by CloudWorks connection ${describeConnections(target.connections)}) ` +
              "has no aws.s3.BucketPublicAccessBlock in this stack.",
            target.bucket.urn,
          );
          return;
        }
        for (const block of blocks) {
          const off = PUBLIC_ACCESS_BLOCK_FLAGS.filter((flag) => block.props[flag] !== true);
          if (off.length > 0) {
            report(
              `public access block of ${label(target)} does not set ${off.join(", ")} to true.`,
              block.urn,
            );
          }
        }
      });
    },
  };
}

function allowlistRule(): StackValidationPolicy {
  return {
    name: policyNames.allowlist,
    description:
      "No source-address allowlist of a CloudWorks bucket policy contains 0.0.0.0/0, ::/0 or an address outside the published CloudWorks egress table, unless explicitly allowed in extraAllowedCidrs.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: allowlistConfigSchema,
    remediationSteps: `List only the CloudWorks egress addresses of your Anaplan region (pulumi-cloudworks cloudWorksEgressCidrs, table dated ${CLOUDWORKS_EGRESS_TABLE_DATE}); add addresses Anaplan published later to this rule's extraAllowedCidrs.`,
    validateStack: (args, report) => {
      const allowed = new AllowedAddresses(args.getConfig<AllowlistConfig>());
      const targets = findCloudWorksBuckets(args.resources);
      const policies = new Map<string, { resource: PolicyResource; target: CloudWorksBucket }>();
      for (const target of targets) {
        for (const resource of resourcesForBucket(
          args.resources,
          resourceTypes.bucketPolicy,
          target,
        )) {
          policies.set(resource.urn, { resource, target });
        }
      }
      if (policies.size === 0) {
        args.notApplicable("no bucket policy of a CloudWorks bucket in this stack");
      }
      for (const { resource, target } of policies.values()) {
        const doc = readPolicyDocument(resource);
        if (typeof doc === "string") continue; // reported by the bucket-policy rule
        for (const list of sourceIpAllowlists(doc)) {
          const problems = list.entries
            .map((entry) => allowlistEntryProblem(entry, allowed))
            .filter((p): p is string => p !== undefined);
          for (const problem of problems) {
            report(
              `allowlist ${list.statement} of the policy of ${label(target)}: ${problem}.`,
              resource.urn,
            );
          }
        }
      }
    },
  };
}

/** Per-URN record of which connection secret fields reached the engine as plaintext. */
export class SecretObservations {
  private readonly byUrn = new Map<string, { present: string[]; plaintext: string[] }>();

  /**
   * Records what the observer saw for one resource.
   *
   * @param urn the resource
   * @param present the secret fields that are set
   * @param plaintext those among them that are not Pulumi secrets
   */
  record(urn: string, present: string[], plaintext: string[]): void {
    this.byUrn.set(urn, { present, plaintext });
  }

  /**
   * What was recorded for a resource, if anything.
   *
   * @param urn the resource
   * @returns the record
   */
  get(urn: string): { present: string[]; plaintext: string[] } | undefined {
    return this.byUrn.get(urn);
  }
}

/**
 * The raw value of a property as the engine sent it: the remediation props are proxies that
 * unwrap secrets on read, but the underlying object still holds @pulumi/policy `Secret`
 * instances, which a property descriptor reveals (neither proxy traps `getOwnPropertyDescriptor`).
 */
function rawProperty(props: Record<string, unknown>, key: string): unknown {
  return Object.getOwnPropertyDescriptor(props, key)?.value;
}

function setSecretFields(props: Record<string, unknown>): string[] {
  return CONNECTION_SECRET_FIELDS.filter((field) => {
    const raw = rawProperty(props, field);
    return raw !== undefined && raw !== null;
  });
}

/**
 * The sentinels the engine sends for values not known yet (the @pulumi/policy proxy keeps them as
 * these strings and throws on access; `rawProperty` bypasses the proxy, so they show up as text).
 * The engine writes every unknown as the string sentinel; the others are listed for completeness.
 */
const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/**
 * The secret fields that reached the engine as known plaintext. A value that is not known yet is
 * never judged plaintext: the SDK cannot mark an unknown value secret on the wire (it sends a bare
 * unknown), so a brand-new stack's preview, or the preview of `up --replace` of the access key,
 * shows the secret of `aws.iam.AccessKey` as a plain unknown even though it will be a secret. The
 * rule judges it when it is known, at `up` (the engine runs the pack again on the real values).
 */
function plaintextSecretFields(props: Record<string, unknown>): string[] {
  return setSecretFields(props).filter((field) => {
    const raw = rawProperty(props, field);
    return !(raw instanceof Secret) && !UNKNOWN_SENTINELS.has(raw);
  });
}

function secretsObserverRule(observations: SecretObservations): ResourceValidationPolicy {
  return {
    name: policyNames.connectionSecretsObserver,
    description: `Helper of ${policyNames.connectionSecrets}: records whether CloudWorks connection secrets reach the engine as Pulumi secrets. It changes nothing; keep it at enforcement level "remediate", the only level at which the engine shows a policy whether a value is secret.`,
    enforcementLevel: "remediate",
    remediateResource: (args) => {
      if (args.type !== resourceTypes.connection) return undefined;
      observations.record(args.urn, setSecretFields(args.props), plaintextSecretFields(args.props));
      return undefined;
    },
  };
}

function secretsRule(observations: SecretObservations): ResourceValidationPolicy {
  return {
    name: policyNames.connectionSecrets,
    description:
      "CloudWorks connection secrets (secretAccessKey, sasToken, serviceAccountKey) are Pulumi secrets, so they are encrypted in state and masked in output.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
      'Create connections with CloudWorksConnection (it wraps these inputs with pulumi.secret), and pass credentials from config.requireSecret or other secret Outputs. At enforcement level "remediate" this rule marks plaintext values secret itself.',
    // Runs only at enforcement level "remediate": marks plaintext secret fields as secrets.
    remediateResource: (args) => {
      if (args.type !== resourceTypes.connection) return undefined;
      const plaintext = plaintextSecretFields(args.props);
      if (plaintext.length === 0) return undefined;
      for (const field of plaintext) {
        args.props[field] = new Secret(rawProperty(args.props, field));
      }
      return args.props;
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (args.type !== resourceTypes.connection) {
        args.notApplicable(
          `Policy only applies to resources of type '${resourceTypes.connection}'`,
        );
      }
      const observed = observations.get(args.urn);
      if (observed !== undefined) {
        for (const field of observed.plaintext) {
          report(
            `${field} of CloudWorks connection "${args.name}" is not a Pulumi secret: it would be stored in plaintext in the state (inputs) and could be shown in CLI output.`,
          );
        }
        return;
      }
      // The observer did not run (disabled, or another level than "remediate"): the analysis
      // view hides secretness, so check what it does show, that the outputs are kept secret.
      const present = CONNECTION_SECRET_FIELDS.filter((f) =>
        Object.prototype.hasOwnProperty.call(args.props, f),
      );
      const notSecretOutputs = present.filter(
        (f) => !args.opts.additionalSecretOutputs.includes(f),
      );
      for (const field of notSecretOutputs) {
        report(
          `${field} of CloudWorks connection "${args.name}" is not listed in additionalSecretOutputs (and input secretness could not be observed: keep ${policyNames.connectionSecretsObserver} at "remediate").`,
        );
      }
    },
  };
}

function bucketNotInStackRule(): StackValidationPolicy {
  return {
    name: policyNames.bucketNotInStack,
    description:
      "Reports CloudWorks AmazonS3 connections whose bucket is not managed in this stack, so its policy, encryption and public access block cannot be checked here.",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: {
      properties: {
        allowedExternalBuckets: {
          type: "array",
          items: { type: "string" },
          description: "Bucket names managed and reviewed elsewhere; not reported.",
        },
      },
    },
    remediationSteps:
      "Manage the bucket in the same stack (e.g. CloudWorksS3LandingZone), or review it and list it in allowedExternalBuckets.",
    validateStack: (args, report) => {
      const { allowedExternalBuckets = [] } = args.getConfig<ExternalBucketConfig>();
      const targets = findCloudWorksBuckets(args.resources);
      if (targets.length === 0) {
        args.notApplicable("no CloudWorks AmazonS3 connection in this stack");
      }
      for (const target of targets) {
        if (target.bucket !== undefined) continue;
        if (target.name !== undefined && allowedExternalBuckets.includes(target.name)) continue;
        for (const connection of target.connections) {
          report(
            `CloudWorks connection "${connection.name}" (AmazonS3) uses ${label(target)}, which is not managed in this stack: ` +
              "its bucket policy, default encryption and public access block cannot be checked by this policy pack.",
            connection.urn,
          );
        }
      }
    },
  };
}

/**
 * Creates the pack's policies. The two secret policies share one {@link SecretObservations}, so
 * each call gives an independent set (one per PolicyPack, or per test).
 *
 * @returns the policies, in the order the engine runs them (the secrets rule's remediation must
 *   come before the observer, so that the observer sees values the rule has just made secret)
 */
export function createPolicies(): (StackValidationPolicy | ResourceValidationPolicy)[] {
  const observations = new SecretObservations();
  return [
    bucketPolicyRule(),
    encryptionRule(),
    publicAccessBlockRule(),
    allowlistRule(),
    secretsRule(observations),
    secretsObserverRule(observations),
    bucketNotInStackRule(),
  ];
}
