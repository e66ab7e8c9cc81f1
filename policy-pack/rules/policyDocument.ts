/**
 * Reading an IAM policy document from a bucket-policy resource, and the source-address
 * allowlists it defines (shared by the bucket-policy simulation and the allowlist rule).
 */
import { PolicyResource, UnknownValueError } from "@pulumi/policy";

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

/** The statements of a policy document that are objects (a lone statement: a list of one). */
export function statementsOf(doc: PolicyJson): Record<string, unknown>[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.filter(
    (s): s is Record<string, unknown> => typeof s === "object" && s !== null,
  );
}

/** A value that may be one item or a list, as a list (undefined: empty). */
export function asList(value: unknown): unknown[] {
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
