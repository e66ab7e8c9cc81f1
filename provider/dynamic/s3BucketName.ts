/**
 * The S3 general-purpose bucket naming rules, as one pure function shared by the connection's
 * `check` and the landing zone's validation (provider/aws imports this module; nothing here
 * imports anything, so the layers stay acyclic).
 */

/** Prefixes S3 reserves for its own features (access points, demo buckets, IDN). */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
/** Suffixes S3 reserves (access-point aliases, Object Lambda, directory and table buckets, MRAP). */
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3", ".mrap"] as const;

/**
 * The first S3 bucket naming rule a name breaks, phrased to follow "must", or undefined when the
 * name is valid. `allowDots: false` adds the landing zone's own rule (a dotted name breaks TLS
 * for virtual-hosted-style requests); CloudWorks connections may point at existing dotted
 * buckets, so the connection allows them.
 */
export function s3BucketNameProblem(name: string, allowDots = true): string | undefined {
  if (name.length < 3 || name.length > 63) return "be 3 to 63 characters long";
  if (!allowDots && name.includes("."))
    return "not contain dots: they break TLS for virtual-hosted-style requests, and this bucket requires TLS";
  const charset = allowDots ? /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/ : /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
  if (!charset.test(name))
    return allowDots
      ? "use only lowercase letters, digits, '.' and '-', and start and end with a letter or digit"
      : "use only lowercase letters, digits and hyphens, and start and end with a letter or digit";
  if (name.includes("..")) return "not contain two adjacent dots";
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return "not be formatted as an IP address";
  for (const prefix of RESERVED_BUCKET_PREFIXES)
    if (name.startsWith(prefix)) return `not start with the reserved prefix "${prefix}"`;
  for (const suffix of RESERVED_BUCKET_SUFFIXES)
    if (name.endsWith(suffix)) return `not end with the reserved suffix "${suffix}"`;
  return undefined;
}
