/**
 * Bucket inventory: which buckets the stack's CloudWorks AmazonS3 connections use, the resources
 * that configure each one, and reading values that may still be unknown during a preview.
 */
import {
  PolicyResource,
  ReportViolation,
  StackValidationArgs,
  UnknownValueError,
} from "@pulumi/policy";
import { resourceTypes } from "./names";

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

/** Whether the resource has one of the given type tokens. */
export function isOneOf(resource: PolicyResource, types: readonly string[]): boolean {
  return types.includes(resource.type);
}

/** A value that may be unknown during preview, when it is a known non-empty string. */
export function knownString(read: () => unknown): string | undefined {
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

/** The connections' names, quoted, for a violation message. */
function describeConnections(connections: PolicyResource[]): string {
  return connections.map((c) => `"${c.name}"`).join(", ");
}

/** How a violation message names a bucket: by name when known, else by URN. */
export function label(target: CloudWorksBucket): string {
  return target.name !== undefined ? `bucket "${target.name}"` : `bucket ${target.bucket?.urn}`;
}

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

/**
 * Runs `check` with the resources of `types` that configure each managed CloudWorks bucket (its
 * policy, encryption or public access block); a bucket with none is reported on the bucket as
 * lacking `missing`, because every rule that reads such a resource also requires it.
 *
 * @param missing what the bucket lacks, as the message ends: "no aws.s3.BucketPolicy in this stack…"
 */
export async function forEachManagedBucketWith(
  args: StackValidationArgs,
  report: ReportViolation,
  types: readonly string[],
  missing: string,
  check: (
    target: CloudWorksBucket & { bucket: PolicyResource },
    companions: PolicyResource[],
  ) => Promise<void> | void,
): Promise<void> {
  await forEachManagedBucket(args, async (target) => {
    const companions = resourcesForBucket(args.resources, types, target);
    if (companions.length === 0) {
      report(
        `${label(target)} (used by CloudWorks connection ${describeConnections(target.connections)}) ` +
          `has ${missing}`,
        target.bucket.urn,
      );
      return;
    }
    await check(target, companions);
  });
}
