/**
 * Validation of landing-zone configuration. Every function throws
 * {@link InvalidLandingZoneArgError} naming the argument and the rule it broke, so a bad stack
 * config fails at `pulumi preview` with a message the user can act on, never half-way through
 * `pulumi up` with an AWS error.
 */
import {
  anaplanRegions,
  AnaplanRegion,
  cloudWorksEgressCidrs,
  CLOUDWORKS_EGRESS_TABLE_DATE,
  isAnaplanRegion,
} from "./egressIps";
import { s3BucketNameProblem } from "../dynamic/s3BucketName";

/** Thrown when a landing-zone argument breaks a rule. */
export class InvalidLandingZoneArgError extends Error {
  /** The argument (and index, e.g. `allowedCidrs[2]`) that is wrong. */
  public readonly argument: string;
  /** The rule it broke, in words. */
  public readonly rule: string;

  /**
   * @param argument the argument name, with an index for list entries
   * @param value the offending value (quoted in the message; never pass secrets)
   * @param rule the rule, phrased to follow "is invalid: "
   */
  constructor(argument: string, value: unknown, rule: string) {
    super(`CloudWorksS3LandingZone: ${argument} ${JSON.stringify(value)} is invalid: ${rule}`);
    this.name = "InvalidLandingZoneArgError";
    this.argument = argument;
    this.rule = rule;
  }
}

/** A parsed CIDR block. */
export interface ParsedCidr {
  /** 4 or 6. */
  version: 4 | 6;
  /** The network address as an unsigned integer. */
  address: bigint;
  /** The prefix length. */
  prefixLength: number;
}

/**
 * Parses and normalizes one allowlist entry: a single IPv4/IPv6 address (made `/32` or `/128`) or
 * a CIDR block. Rejects entries that are malformed, have host bits set, allow everything
 * (`0.0.0.0/0`, `::/0`), are broader than /8 (IPv4) or /16 (IPv6), or fall in private, loopback,
 * link-local, shared or multicast space: `aws:SourceIp` only ever holds a public address (it is
 * absent for VPC-endpoint traffic), so such an entry can never match and signals a mistake.
 *
 * @param value the entry, e.g. `203.0.113.7` or `198.51.100.0/24`
 * @param argument the argument name used in errors, e.g. `allowedCidrs[0]`
 * @returns the canonical CIDR text, e.g. `203.0.113.7/32`
 */
export function validateAllowlistEntry(value: string, argument: string): string {
  if (typeof value !== "string" || value.trim() !== value || value === "") {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must be a non-empty IP address or CIDR without spaces",
    );
  }
  const parsed = parseCidr(value);
  if (parsed === undefined) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must be an IPv4/IPv6 address or CIDR block (e.g. 203.0.113.7 or 198.51.100.0/24)",
    );
  }
  const bits = parsed.version === 4 ? 32 : 128;
  if (parsed.prefixLength === 0) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "would allow every address on the internet; list the CloudWorks egress addresses instead",
    );
  }
  const minPrefix = parsed.version === 4 ? 8 : 16;
  if (parsed.prefixLength < minPrefix) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      `is broader than /${minPrefix}, which is not an allowlist; list the CloudWorks egress addresses instead`,
    );
  }
  const hostMask = (1n << BigInt(bits - parsed.prefixLength)) - 1n;
  if ((parsed.address & hostMask) !== 0n) {
    const network = formatAddress(parsed.version, parsed.address & ~hostMask);
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      `has host bits set; did you mean ${network}/${parsed.prefixLength}?`,
    );
  }
  const reserved = (parsed.version === 4 ? reservedIpv4 : reservedIpv6).find((range) =>
    overlaps(parsed, range.cidr),
  );
  if (reserved !== undefined) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      `overlaps ${reserved.label} space, which never appears as aws:SourceIp; ` +
        "use vpcEndpointIds for traffic through a VPC endpoint",
    );
  }
  return `${formatAddress(parsed.version, parsed.address)}/${parsed.prefixLength}`;
}

/**
 * Validates and normalizes a whole allowlist: every entry as in {@link validateAllowlistEntry},
 * then de-duplicated and sorted (IPv4 before IPv6, numerically) so that reordering stack config
 * never shows up as a policy diff.
 *
 * @param values the entries
 * @param argument the argument name used in errors
 * @returns the canonical, sorted, non-empty list
 */
export function validateAllowlist(values: readonly string[], argument: string): string[] {
  if (!Array.isArray(values)) {
    throw new InvalidLandingZoneArgError(
      argument,
      values,
      "must be a list of IP addresses or CIDR blocks",
    );
  }
  const normalized = values.map((value, i) => validateAllowlistEntry(value, `${argument}[${i}]`));
  const unique = [...new Set(normalized)];
  if (unique.length === 0) {
    throw new InvalidLandingZoneArgError(
      argument,
      values,
      "must not be empty: an empty allowlist would deny CloudWorks everything (or, if dropped, allow everyone)",
    );
  }
  return unique.sort(compareCidrs);
}

/**
 * Resolves the CloudWorks allowlist from an Anaplan region (the shipped, dated table) and/or
 * explicit entries. At least one source must be given and the result must be non-empty.
 *
 * @param anaplanRegion an Anaplan region name, or undefined
 * @param allowedCidrs extra addresses or CIDR blocks, or undefined
 * @returns the canonical, sorted allowlist
 */
export function resolveAllowlist(
  anaplanRegion: string | undefined,
  allowedCidrs: readonly string[] | undefined,
): string[] {
  const fromRegion =
    anaplanRegion === undefined
      ? []
      : cloudWorksEgressCidrs(validateAnaplanRegion(anaplanRegion, "anaplanRegion"));
  if (allowedCidrs !== undefined && !Array.isArray(allowedCidrs)) {
    throw new InvalidLandingZoneArgError(
      "allowedCidrs",
      allowedCidrs,
      "must be a list of IP addresses or CIDR blocks",
    );
  }
  const explicit = (allowedCidrs ?? []).map((value, i) =>
    validateAllowlistEntry(value, `allowedCidrs[${i}]`),
  );
  if (anaplanRegion === undefined && explicit.length === 0) {
    throw new InvalidLandingZoneArgError(
      "allowedCidrs",
      allowedCidrs ?? [],
      "must not be empty when anaplanRegion is not set: give anaplanRegion, allowedCidrs, or both",
    );
  }
  return validateAllowlist([...fromRegion, ...explicit], "allowlist");
}

/**
 * Checks an Anaplan region name against the shipped egress table.
 *
 * @param value the region name, e.g. `eu1`
 * @param argument the argument name used in errors
 * @returns the value, typed as a region
 */
export function validateAnaplanRegion(value: string, argument: string): AnaplanRegion {
  if (typeof value !== "string" || !isAnaplanRegion(value)) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      `must be one of ${anaplanRegions.join(", ")} (egress table dated ${CLOUDWORKS_EGRESS_TABLE_DATE}); ` +
        "for another region give its addresses in allowedCidrs",
    );
  }
  return value;
}

/**
 * Checks an IAM role ARN (`arn:<partition>:iam::<12-digit account>:role/<optional path/>name`).
 * Wildcards are refused: the ARN is also a KMS key-policy principal, where they are not allowed.
 *
 * @param value the ARN
 * @param argument the argument name used in errors
 * @returns the value
 */
export function validateRoleArn(value: string, argument: string): string {
  if (typeof value !== "string") {
    throw new InvalidLandingZoneArgError(argument, value, "must be an IAM role ARN string");
  }
  if (/[*?]/.test(value)) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must not contain wildcards: the ARN is a KMS key-policy principal, which must name one role",
    );
  }
  const match = roleArnPattern.exec(value);
  if (match === null || value.length > 2048) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must be an IAM role ARN like arn:aws:iam::123456789012:role/path/RoleName " +
        "(not an sts assumed-role ARN, a user ARN or a role name)",
    );
  }
  return value;
}

/**
 * Checks an S3 bucket name against the S3 general-purpose bucket naming rules, and additionally
 * refuses dots: this bucket denies non-TLS requests, and a dotted name breaks the TLS certificate
 * match of virtual-hosted-style requests.
 *
 * @param value the bucket name
 * @param argument the argument name used in errors
 * @returns the value
 */
export function validateBucketName(value: string, argument: string): string {
  if (typeof value !== "string") {
    throw new InvalidLandingZoneArgError(argument, value, "must be a string");
  }
  // One copy of the S3 naming rules, shared with CloudWorksConnection's check.
  const problem = s3BucketNameProblem(value, false);
  if (problem !== undefined)
    throw new InvalidLandingZoneArgError(argument, value, `must ${problem}`);
  return value;
}

/**
 * Checks the key prefix CloudWorks is confined to: one or more path segments, each ending in `/`
 * (e.g. `anaplan/` or `anaplan/finance/`), using only S3 "safe" characters. Wildcards (`*`, `?`)
 * and policy variables (`$`) are refused because the prefix is placed in IAM resource ARNs and
 * `s3:prefix` conditions, where they would widen the grant.
 *
 * @param value the prefix
 * @param argument the argument name used in errors
 * @returns the value
 */
export function validatePrefix(value: string, argument: string): string {
  const fail = (rule: string): never => {
    throw new InvalidLandingZoneArgError(argument, value, rule);
  };
  if (typeof value !== "string" || value === "") {
    return fail(
      "must be a non-empty key prefix such as anaplan/ (CloudWorks is never given the whole bucket)",
    );
  }
  if (value.length > 512) {
    fail("must be at most 512 characters");
  }
  if (value.startsWith("/")) {
    fail("must not start with /");
  }
  if (!value.endsWith("/")) {
    fail("must end with / so that it names a folder (anaplan/ does not match anaplan-other/)");
  }
  if (/[*?$]/.test(value)) {
    fail("must not contain *, ? or $: they are wildcards or variables in IAM policies");
  }
  if (!/^[A-Za-z0-9!_.'()/-]+$/.test(value)) {
    fail("must use only letters, digits and ! - _ . ' ( ) /");
  }
  const segments = value.slice(0, -1).split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) {
    fail("must not contain empty, . or .. path segments");
  }
  return value;
}

/**
 * Checks a VPC endpoint ID (`vpce-` followed by 8 or 17 hex digits).
 *
 * @param value the endpoint ID
 * @param argument the argument name used in errors
 * @returns the value
 */
export function validateVpcEndpointId(value: string, argument: string): string {
  if (typeof value !== "string" || !/^vpce-(?:[0-9a-f]{8}|[0-9a-f]{17})$/.test(value)) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must be a VPC endpoint ID like vpce-0123456789abcdef0",
    );
  }
  return value;
}

/**
 * Checks a KMS alias name (`alias/` + letters, digits, `/ _ -`; not the AWS-reserved `alias/aws/`).
 *
 * @param value the alias
 * @param argument the argument name used in errors
 * @returns the value
 */
export function validateKeyAlias(value: string, argument: string): string {
  if (typeof value !== "string" || !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(value)) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must look like alias/<name> using letters, digits, / _ -",
    );
  }
  if (value.startsWith("alias/aws/")) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      "must not start with alias/aws/, which AWS reserves",
    );
  }
  return value;
}

/**
 * Checks that an integer setting lies in a range.
 *
 * @param value the number
 * @param argument the argument name used in errors
 * @param min smallest allowed value
 * @param max largest allowed value
 * @returns the value
 */
export function validateIntegerInRange(
  value: number,
  argument: string,
  min: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidLandingZoneArgError(
      argument,
      value,
      `must be a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

const roleArnPattern =
  /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-[a-z]|aws-eusc):iam::(\d{12}):role\/(?:[\x21-\x7e]{1,510}\/)?[\w+=,.@-]{1,64}$/;

interface ReservedRange {
  label: string;
  cidr: ParsedCidr;
}

const reservedIpv4: ReservedRange[] = [
  ["0.0.0.0/8", '"this network"'],
  ["10.0.0.0/8", "private (RFC 1918)"],
  ["100.64.0.0/10", "shared carrier-grade NAT (RFC 6598)"],
  ["127.0.0.0/8", "loopback"],
  ["169.254.0.0/16", "link-local"],
  ["172.16.0.0/12", "private (RFC 1918)"],
  ["192.168.0.0/16", "private (RFC 1918)"],
  ["224.0.0.0/4", "multicast"],
  ["240.0.0.0/4", "reserved"],
].map(([cidr, label]) => ({ label, cidr: parseCidr(cidr) as ParsedCidr }));

const reservedIpv6: ReservedRange[] = [
  ["::/127", "unspecified/loopback"],
  ["::ffff:0:0/96", "IPv4-mapped"],
  ["fc00::/7", "unique-local (private)"],
  ["fe80::/10", "link-local"],
  ["ff00::/8", "multicast"],
].map(([cidr, label]) => ({ label, cidr: parseCidr(cidr) as ParsedCidr }));

/**
 * Parses `address` or `address/prefix` (IPv4 dotted quad without leading zeros, or IPv6 with
 * optional `::` compression). Returns undefined when malformed.
 *
 * @internal
 */
export function parseCidr(value: string): ParsedCidr | undefined {
  const slash = value.indexOf("/");
  const addressText = slash === -1 ? value : value.slice(0, slash);
  const prefixText = slash === -1 ? undefined : value.slice(slash + 1);
  const version = addressText.includes(":") ? 6 : 4;
  const address = version === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  if (address === undefined) {
    return undefined;
  }
  const bits = version === 4 ? 32 : 128;
  if (prefixText === undefined) {
    return { version, address, prefixLength: bits };
  }
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    return undefined;
  }
  return { version, address, prefixLength: Number(prefixText) };
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (
    parts.length !== 4 ||
    !parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255)
  ) {
    return undefined;
  }
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) {
    return undefined;
  }
  const toGroups = (s: string): string[] => (s === "" ? [] : s.split(":"));
  const head = toGroups(halves[0]);
  const tail = halves.length === 2 ? toGroups(halves[1]) : [];
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) {
    return undefined;
  }
  const missing = 8 - all.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) {
    return undefined;
  }
  const groups =
    halves.length === 2 ? [...head, ...Array<string>(missing).fill("0"), ...tail] : head;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatAddress(version: 4 | 6, address: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((address >> shift) & 255n).toString()).join(".");
  }
  const groups = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(Number((address >> shift) & 0xffffn));
  }
  // RFC 5952: compress the longest run (length ≥ 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) {
      j++;
    }
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) {
    return hex.join(":");
  }
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

function overlaps(a: ParsedCidr, b: ParsedCidr): boolean {
  const bits = a.version === 4 ? 32 : 128;
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const shift = BigInt(bits - shorter);
  return a.version === b.version && a.address >> shift === b.address >> shift;
}

function compareCidrs(left: string, right: string): number {
  const a = parseCidr(left) as ParsedCidr;
  const b = parseCidr(right) as ParsedCidr;
  if (a.version !== b.version) {
    return a.version - b.version;
  }
  if (a.address !== b.address) {
    return a.address < b.address ? -1 : 1;
  }
  return a.prefixLength - b.prefixLength;
}
