/**
 * The allowlist: which source addresses a policy config allows (the published CloudWorks egress
 * table for some regions, plus explicit extras), how one allowlist entry is judged, and the rule
 * that judges every allowlist of a CloudWorks bucket policy.
 */
import * as net from "net";
import { PolicyConfigSchema, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
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
import { CloudWorksBucket, findCloudWorksBuckets, label, resourcesForBucket } from "./inventory";
import { policyNames, resourceTypes } from "./names";
import { readPolicyDocument, sourceIpAllowlists } from "./policyDocument";

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

/** The config schema of the rules that judge source addresses ({@link AllowlistConfig}). */
export const allowlistConfigSchema: PolicyConfigSchema = {
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

/** An address or CIDR block, parsed. */
interface ParsedBlock {
  /** The text as written. */
  text: string;
  /** The address family. */
  family: "ipv4" | "ipv6";
  /** The address part, without the prefix length. */
  address: string;
  /** The prefix length (32 or 128 for a single address). */
  prefix: number;
}

/** Parses an address or CIDR block; undefined when it is neither. */
export function parseBlock(text: string): ParsedBlock | undefined {
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

/** The rule {@link policyNames.allowlist}. */
export function allowlistRule(): StackValidationPolicy {
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
