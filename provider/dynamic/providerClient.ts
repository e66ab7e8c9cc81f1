// The provider process's client: built once from the settings (and proved by the providers'
// `configure`, which every provider inherits from CloudWorksProvider with its offline `check`),
// the lists it caches for reads, and the creates that recover from an ambiguous failure without
// making a duplicate. Everything a provider method needs to talk to CloudWorks.
import type * as pulumi from "@pulumi/pulumi";
import { ANAPLAN_REGIONS, CloudWorksClient } from "../client";
import { backoffDelay, sleep } from "../client/http";
import {
  describeError,
  isDuplicateName,
  mayHaveCommitted,
  operationError,
  ResourceOperationError,
} from "./errors";
import {
  ConfigSource,
  environmentVariableFor,
  ProviderConfigurationError,
  readSetting,
  resolveClientOptions,
  retryBudgetHint,
  runPollMaxMs,
  setProviderConfig,
  settingsGeneration,
} from "./settings";
import { FailureCollector } from "./validation";

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
// Anything else (already a configuration error, or not an Error) is thrown as it came.
function asConfigurationError(error: unknown): unknown {
  if (error instanceof ProviderConfigurationError || !(error instanceof Error)) {
    return error;
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

/**
 * What the CloudWorks providers share: `configure` proves the stack settings by building the
 * client, and `check` runs the resource's rules offline (no API call) and returns the failures
 * in the form the engine prints safely ({@link FailureCollector.engineSafe}).
 */
export abstract class CloudWorksProvider<Inputs extends object, Outputs> implements pulumi.dynamic
  .ResourceProvider<Inputs, Outputs> {
  /** @param rules the resource's validation, run by `check` */
  constructor(private readonly rules: (collector: FailureCollector, news: Inputs) => void) {}

  /** Records the stack configuration and proves it (see {@link configureProvider}). */
  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    configureProvider(request.config);
  }

  /** Validates every input before any API call. */
  async check(_olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult<Inputs>> {
    const collector = new FailureCollector();
    this.rules(collector, news);
    return { inputs: news, failures: collector.engineSafe(news) };
  }

  /** Creates the object (each provider's own). */
  abstract create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult<Outputs>>;
}

// ---------------------------------------------------------------------------------------------
// The list cache
// ---------------------------------------------------------------------------------------------

/**
 * Memo of list calls for one provider process, which lives for one CLI command. A refresh of N
 * connections then costs one pass over the connection list rather than N, however long the
 * refresh takes; any write made by this process clears it, so a later read never sees a list
 * older than our own change. Edits made elsewhere during the same command are seen by the
 * next command, as with any refresh.
 */
export class ListCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  /** Returns the cached list under `key`, loading it when absent. */
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const cached = this.entries.get(key);
    // A key is always loaded by the same kind of call, so the entry under it holds that call's T.
    if (cached) return cached as Promise<T>;
    const value = load();
    this.entries.set(key, value);
    // A failed load must not be served to later callers.
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** Forgets every cached list (after a write). */
  clear(): void {
    this.entries.clear();
  }
}

/** The list cache shared by every provider in this process. */
export const listCache = new ListCache();

// ---------------------------------------------------------------------------------------------
// Creates that recover
// ---------------------------------------------------------------------------------------------

/** What {@link createWithRecovery} needs to know about one kind of object. */
export interface RecoverableCreate {
  /** The resource class name, for messages. */
  kind: string;
  /** What the object is called in messages, e.g. "connection". */
  noun: string;
  /** The object's unique name. */
  name: string;
  /** Sends the POST; resolves with the new ID. */
  post: () => Promise<string>;
  /**
   * Looks the object up by its unique name (uncached): its ID, and whether its content is what
   * this resource would have created.
   */
  findByName: () => Promise<{ id: string; matches: boolean } | undefined>;
  /** Runs on a found, matching object before it is adopted (e.g. to write credentials). */
  beforeAdopt?: (id: string) => Promise<void>;
}

/** The object a create ends with. */
export interface CreatedObject {
  /** Its ID. */
  id: string;
  /**
   * Whether this call's POST made it, rather than the recovery of a lost response (or an
   * adoption): then nothing but the ID and the inputs can be in it, and reading it back can wait.
   */
  posted: boolean;
}

/**
 * Waits before recovery round `round + 1` with the client's full-jitter backoff (500 ms doubling,
 * capped at 5 s), never past `remainingMs`, so that an API failing every POST is not hammered.
 */
export function pauseBeforeRetry(round: number, remainingMs: number): Promise<void> {
  const delay = backoffDelay(round - 1, { baseDelayMs: 500, maxDelayMs: 5_000 });
  return sleep(Math.max(0, Math.min(delay, remainingMs)));
}

/**
 * Creates an object so that an ambiguous failure never makes a duplicate. When the POST fails in
 * a way that may have committed (timeout, 5xx, dropped response) or is refused because the name
 * is taken (an interrupted earlier run may have made it), the object is looked up by its unique
 * name before anything else: a match in content is adopted, a mismatch is never taken over, and
 * only when nothing was found is the POST sent again. That cycle repeats while the client's
 * retry budget lasts (`budgetMs`), so a create rides out an unstable API as the idempotent calls
 * do; every repetition follows a lookup that found nothing, never a blind retry.
 */
export async function createWithRecovery(
  create: RecoverableCreate,
  budgetMs: number = getCloudWorksClient().retryBudgetMs,
): Promise<CreatedObject> {
  const { kind, noun, name } = create;
  const started = Date.now();
  try {
    for (let round = 1; ; round++) {
      const step = round === 1 ? "create" : "create (retry after an ambiguous failure)";
      try {
        return { id: await create.post(), posted: true };
      } catch (error) {
        if (!mayHaveCommitted(error) && !isDuplicateName(error))
          throw operationError(kind, name, step, error);
        const found = await create.findByName();
        if (found?.matches) {
          await create.beforeAdopt?.(found.id);
          return { id: found.id, posted: false };
        }
        if (found) {
          throw new ResourceOperationError(
            `${kind} "${name}": create failed: a ${noun} with this name already exists (${found.id}) and differs from this resource's inputs; it was not taken over. Rename this resource, or set adoptExistingId: "${found.id}" to manage that ${noun}.`,
          );
        }
        if (isDuplicateName(error)) throw operationError(kind, name, step, error);
        // Not found: the failed POST did not commit, so sending it again cannot duplicate anything.
        const elapsed = Date.now() - started;
        if (elapsed >= budgetMs) {
          throw new ResourceOperationError(
            `${kind} "${name}": create (${round} attempts in ${(elapsed / 1000).toFixed(1)} s) failed: ${describeError(error)}. ` +
              `After each failed attempt a lookup by name found no ${noun}, so none was made; the retry budget of ${budgetMs / 1000} s is spent: ` +
              `${retryBudgetHint()}.`,
          );
        }
        await pauseBeforeRetry(round, budgetMs - elapsed);
      }
    }
  } finally {
    listCache.clear();
  }
}
