// The process-wide CloudWorks client, built from the provider's settings, and the providers'
// `configure`, which proves those settings by building it.
import { ANAPLAN_REGIONS, CloudWorksClient } from "../client";
import {
  ConfigSource,
  environmentVariableFor,
  ProviderConfigurationError,
  readSetting,
  resolveClientOptions,
  runPollMaxMs,
  setProviderConfig,
  settingsGeneration,
} from "./settings";

let cachedClient: CloudWorksClient | undefined;
// The settings generation cachedClient was built from; a later setProviderConfig invalidates it.
let cachedGeneration = -1;

/**
 * The providers' `configure`: records the stack configuration and checks it at once, so a wrong
 * region, an unusable URL or missing credentials fail `pulumi preview` (the engine configures the
 * provider before its first `check`) instead of the first API call at `up`. The dynamic provider
 * receives the whole stack config here; only the `cloudworks:` keys are read. No API call is made.
 *
 * @throws ProviderConfigurationError naming the key and how to fix it
 */
export function configureProvider(source: ConfigSource | undefined): void {
  setProviderConfig(source);
  runPollMaxMs();
  try {
    getCloudWorksClient();
  } catch (error) {
    throw asConfigurationError(error);
  }
}

// The client's own errors speak of its options (`apiUrl`, a region); at this level the user
// sets stack config, so the message names the key, its environment variable and the command.
function asConfigurationError(error: unknown): Error {
  if (error instanceof ProviderConfigurationError || !(error instanceof Error)) {
    return error as Error;
  }
  if (error.message.startsWith("Unknown Anaplan region")) {
    const known = Object.keys(ANAPLAN_REGIONS).join(", ");
    return new ProviderConfigurationError(
      `cloudworks:region (or ${environmentVariableFor("region")}) is "${readSetting("region")}", ` +
        `which is not an Anaplan region. Known regions: ${known}. Fix: \`pulumi config set ` +
        "cloudworks:region <region>` (your tenant's region is in its Anaplan URL), or set " +
        "cloudworks:apiUrl and cloudworks:authUrl for any other host.",
    );
  }
  for (const key of ["apiUrl", "authUrl"] as const) {
    if (error.message.startsWith(`${key} `)) {
      return new ProviderConfigurationError(
        `cloudworks:${key} (or ${environmentVariableFor(key)}): ${error.message.slice(key.length + 1)}. ` +
          `Fix: \`pulumi config set cloudworks:${key} <url>\`.`,
      );
    }
  }
  return new ProviderConfigurationError(`Invalid cloudworks configuration: ${error.message}`);
}

/**
 * The process-wide client. One provider process serves every resource of a deployment, so every
 * resource shares one client and therefore one Anaplan token (the client's token cache is keyed
 * by auth URL and identity as well, which covers several provider classes configured alike).
 * Settings are resolved on first use, inside a provider method, and kept until the next
 * `configure`; a failed resolution is not kept, so the error repeats with the same advice.
 */
export function getCloudWorksClient(): CloudWorksClient {
  if (cachedClient === undefined || cachedGeneration !== settingsGeneration()) {
    cachedClient = undefined;
    // Resolve first: a failed resolution must leave no client behind.
    cachedClient = new CloudWorksClient(resolveClientOptions());
    cachedGeneration = settingsGeneration();
  }
  return cachedClient;
}
