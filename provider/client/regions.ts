/** Base URLs (without the `/2/0` version suffix) of one Anaplan region. */
export interface RegionEndpoints {
  /** CloudWorks API base, e.g. `https://api.cloudworks.anaplan.com`. */
  apiUrl: string;
  /** Anaplan authentication API base, e.g. `https://auth.anaplan.com`. */
  authUrl: string;
}

const SHARED_HOSTS: RegionEndpoints = {
  apiUrl: "https://api.cloudworks.anaplan.com",
  authUrl: "https://auth.anaplan.com",
};

function regionalHosts(prefix: string): RegionEndpoints {
  return {
    apiUrl: `https://${prefix}.api.anaplan.com/cloudworks`,
    authUrl: `https://${prefix}.auth.anaplan.com`,
  };
}

/**
 * CloudWorks and auth hosts per Anaplan region (reference §1, from the Apiary intro and Anaplan's
 * allowlist page). Regions hosted in the original US/EU/AP data centres share the global hosts.
 */
export const ANAPLAN_REGIONS: Readonly<Record<string, Readonly<RegionEndpoints>>> = Object.freeze({
  us1: SHARED_HOSTS,
  us2: SHARED_HOSTS,
  us5: SHARED_HOSTS,
  us7: SHARED_HOSTS,
  eu1: SHARED_HOSTS,
  eu2: SHARED_HOSTS,
  eu4: SHARED_HOSTS,
  ap1: SHARED_HOSTS,
  us9: regionalHosts("us9"),
  eu3: regionalHosts("eu3"),
  eu5: regionalHosts("eu5"),
  gb1: regionalHosts("gb1"),
  // ca1 is served from the "ca1a" hosts, unlike the other regional prefixes.
  ca1: regionalHosts("ca1a"),
  sg1: regionalHosts("sg1"),
  ae1: regionalHosts("ae1"),
  in1: regionalHosts("in1"),
  id1: regionalHosts("id1"),
  me1: regionalHosts("me1"),
  au1: {
    apiUrl: "https://api.cloudworks.au1a.app2.anaplan.com",
    authUrl: "https://au1a.app2.anaplan.com",
  },
});

/** The region used when none is configured. */
export const DEFAULT_REGION = "us1";

/** The API version path appended by the client to the CloudWorks base URL. */
export const CLOUDWORKS_VERSION_PATH = "/2/0";

/**
 * Resolves the CloudWorks and auth base URLs for a region, letting explicit overrides win.
 * Trailing slashes are dropped, and a `/2/0` suffix on `apiUrl` is tolerated and removed because
 * the client appends the version itself.
 *
 * @throws Error naming the known regions when `region` is not one of them.
 */
export function resolveEndpoints(
  region?: string,
  overrides?: { apiUrl?: string; authUrl?: string },
): { apiUrl: string; authUrl: string } {
  const name = (region ?? DEFAULT_REGION).trim().toLowerCase() || DEFAULT_REGION;
  const hosts = Object.prototype.hasOwnProperty.call(ANAPLAN_REGIONS, name)
    ? ANAPLAN_REGIONS[name]
    : undefined;
  if (hosts === undefined) {
    throw new Error(
      `Unknown Anaplan region "${region}". Known regions: ${Object.keys(ANAPLAN_REGIONS).join(", ")}. ` +
        "Use apiUrl and authUrl to point the client at any other host.",
    );
  }
  const apiUrl = nonEmpty(overrides?.apiUrl) ?? hosts.apiUrl;
  const authUrl = nonEmpty(overrides?.authUrl) ?? hosts.authUrl;
  return {
    apiUrl: stripVersionSuffix(stripTrailingSlashes(apiUrl)),
    authUrl: stripTrailingSlashes(authUrl),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function stripTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, "");
}

function stripVersionSuffix(url: string): string {
  return url.endsWith(CLOUDWORKS_VERSION_PATH)
    ? url.slice(0, -CLOUDWORKS_VERSION_PATH.length)
    : url;
}
