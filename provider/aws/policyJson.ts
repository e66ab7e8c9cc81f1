/**
 * IAM policy document types and the one renderer every policy in this folder goes through.
 *
 * The types are our own (not `aws.types.input.iam.PolicyDocument`) so the pure builders can be
 * used and tested without loading @pulumi/aws, and so the documents can be handed unchanged to
 * a policy simulator or a CrossGuard rule.
 */

/** The only IAM policy language version AWS accepts for new policies. */
export type PolicyVersion = "2012-10-17";

/** `Allow` or `Deny`. */
export type PolicyEffect = "Allow" | "Deny";

/** A policy principal: `"*"` or a map such as `{ AWS: [...] }` / `{ Service: [...] }`. */
export type PolicyPrincipal = "*" | Record<string, string | string[]>;

/**
 * A condition block: operator (e.g. `NotIpAddress`) → condition key (e.g. `aws:SourceIp`) →
 * value or values.
 */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

/** One statement of a policy document. */
export interface PolicyStatement {
  /** Statement identifier; letters and digits only. Every statement we build has one. */
  Sid: string;
  /** Whether the statement allows or denies. */
  Effect: PolicyEffect;
  /** Who the statement applies to (resource policies only). */
  Principal?: PolicyPrincipal;
  /** Actions the statement covers. */
  Action: string | string[];
  /** Resources the statement covers. */
  Resource: string | string[];
  /** Conditions, all of which must match for the statement to apply. */
  Condition?: PolicyCondition;
}

/** An IAM policy document (identity, bucket or key policy). */
export interface PolicyDocument {
  /** Always `2012-10-17`. */
  Version: PolicyVersion;
  /** Optional policy identifier (used by key policies). */
  Id?: string;
  /** The statements, in the order they are rendered. */
  Statement: PolicyStatement[];
}

/**
 * Renders a policy document as pretty-printed JSON (2-space indent) with a canonical key order,
 * so the same inputs always give byte-identical text and a preview diff of a policy is readable
 * line by line.
 *
 * Document keys come as `Version, Id, Statement`; statement keys as
 * `Sid, Effect, Principal, Action, Resource, Condition`; condition operators and condition keys
 * are sorted alphabetically. Statement order and value order are kept as built: the builders
 * choose them on purpose (most important statement first, addresses sorted).
 *
 * @param doc the policy document to render
 * @returns the JSON text, ending without a trailing newline
 */
export function renderPolicyJson(doc: PolicyDocument): string {
  return JSON.stringify(canonicalDocument(doc), undefined, 2);
}

/** Statement keys in the order AWS documentation and consoles show them. */
const statementKeyOrder: readonly (keyof PolicyStatement)[] = [
  "Sid",
  "Effect",
  "Principal",
  "Action",
  "Resource",
  "Condition",
];

function canonicalDocument(doc: PolicyDocument): Record<string, unknown> {
  const out: Record<string, unknown> = { Version: doc.Version };
  if (doc.Id !== undefined) {
    out.Id = doc.Id;
  }
  out.Statement = doc.Statement.map(canonicalStatement);
  return out;
}

function canonicalStatement(statement: PolicyStatement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of statementKeyOrder) {
    const value = statement[key];
    if (value === undefined) {
      continue;
    }
    out[key] =
      key === "Condition"
        ? sortKeysDeep(value as PolicyCondition)
        : key === "Principal"
          ? sortKeysDeep(value as PolicyPrincipal)
          : value;
  }
  return out;
}

/** Sorts object keys (two levels deep is all a condition needs); arrays and strings are kept. */
function sortKeysDeep<T>(value: T): T {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return value;
  }
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  }
  return sorted as T;
}
