/**
 * The CloudWorks client of the program process, for the lookup functions: the same
 * `cloudworks:*` settings and CLOUDWORKS_* fallbacks as the provider, one login per process,
 * and each list fetched at most once per program run.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudWorksClient } from "../client";
import { describeError, hasStatus } from "../dynamic/errors";
import { ListCache } from "../dynamic/providerBase";
import { ConfigSource, resolveClientOptions } from "../dynamic/settings";

/**
 * Thrown by a lookup function: the message names the function, what was looked for and why it
 * failed, and never a credential (client errors are redacted before they get here).
 */
export class CloudWorksLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CloudWorksLookupError";
  }
}

/**
 * The program's view of the `cloudworks` config namespace, in the shape the provider's settings
 * read. Secret keys (password, private key, PKCS#12 and their passphrases) are read as plain
 * text because the login needs them so; they go to the client alone, which registers them for
 * redaction, and never into an Output, so nothing a lookup returns derives from them.
 */
function programConfig(): ConfigSource {
  const config = new pulumi.Config("cloudworks");
  return { get: (key) => config.get(key.replace(/^cloudworks:/, "")) };
}

let client: CloudWorksClient | undefined;
const lists = new ListCache();

/**
 * The process-wide client of the lookups, made on the first lookup (a program without lookups
 * never reads the settings nor calls the API). Its token comes from the process-wide token
 * cache, so every lookup of a run shares one login.
 */
export function lookupClient(): CloudWorksClient {
  client ??= new CloudWorksClient(resolveClientOptions(programConfig()));
  return client;
}

/**
 * A list fetched once per program run: several lookups by name of the same kind cost one pass
 * over the list. The program process lives for one CLI command, so the list is as fresh as
 * that command; a failed load is not kept.
 */
export function listOnce<T>(
  key: string,
  load: (client: CloudWorksClient) => Promise<T>,
): Promise<T> {
  return lists.get(key, () => load(lookupClient()));
}

/**
 * Runs one API step of a lookup, turning a failure into a {@link CloudWorksLookupError} that
 * names the lookup and the step. `notFound` answers an HTTP 404 (the object looked for does not
 * exist) with a message of its own.
 */
export async function step<T>(
  lookup: string,
  what: string,
  call: () => Promise<T>,
  notFound?: () => string,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CloudWorksLookupError) throw error;
    if (notFound && hasStatus(error, 404))
      throw new CloudWorksLookupError(`${lookup}: ${notFound()}`);
    throw new CloudWorksLookupError(`${lookup}: ${what} failed: ${describeError(error)}`);
  }
}
