// What every CloudWorks provider builds on: the provider process's one client, built from the
// settings and proved by `configure`, which every provider inherits from CloudWorksProvider with
// its offline `check`; the lifecycle the providers of CloudWorks objects share
// (CloudWorksObjectProvider); the lists it caches for reads; and the creates that recover from an
// ambiguous failure without making a duplicate.
import type * as pulumi from "@pulumi/pulumi";
import { ANAPLAN_REGIONS, CloudWorksClient } from "../client";
import { backoffDelay, sleep } from "../client/http";
import {
  describeError,
  hasStatus,
  isDuplicateName,
  mayHaveCommitted,
  operationError,
  ResourceOperationError,
  stateToRead,
} from "./errors";
import { missingRead } from "./getRead";
import type { Created } from "./inputs";
import type { ListedKind } from "./listing";
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

/** What the inputs of every CloudWorks object hold, whatever its kind. */
export interface ObjectInputs {
  /** The object's name, unique in the tenant. */
  name: string;
  /** Take over this existing object instead of creating one. */
  adoptExistingId?: string;
}

/**
 * The inputs as outputs keep them: `adoptExistingId` says what to take over at create and is no
 * property of the object, so it is not carried into the outputs.
 */
export function withoutAdoption<Inputs extends ObjectInputs>(
  inputs: Inputs,
): Omit<Inputs, "adoptExistingId"> {
  const { adoptExistingId: _ignored, ...rest } = inputs;
  return rest;
}

/** The name of one of a resource's input fields, as a diff reports it. */
type InputField<Inputs> = Extract<keyof Inputs, string>;

/**
 * What a read of a CloudWorks object answers. The SDK types the refreshed `inputs` as outputs;
 * they are the resource's inputs (which every output type extends), and typed so here.
 */
export type ObjectReadResult<Inputs, Outputs> = Omit<
  pulumi.dynamic.ReadResult<Outputs>,
  "inputs"
> & {
  /** The inputs as CloudWorks now has them, for later diffs. */
  readonly inputs?: Inputs;
};

/**
 * The lifecycle of a CloudWorks object (connection, integration, flow), written once: a create
 * that adopts an ID or recovers from an ambiguous failure, a read where a missing object means
 * gone out of band, an update and a delete whose failures name the resource and the step, and a
 * 404 on delete meaning already gone. Every write clears the list cache (clearing only costs the
 * next read a fresh list, so a write that changed no listed object may clear it too). Each kind
 * supplies its calls and its mapping as the members below.
 *
 * @typeParam Found what a read fetches (the object, or its list item)
 * @typeParam Listed an item of the kind's list
 */
export abstract class CloudWorksObjectProvider<
  Inputs extends ObjectInputs,
  Outputs extends Inputs,
  Found,
  Listed,
> extends CloudWorksProvider<Inputs, Outputs> {
  /** What the object is called in messages, e.g. "connection". */
  protected readonly noun: string;

  /**
   * @param kind the resource class name, which every message starts with
   * @param listed the kind's list, where a create looks for an object of the same name
   * @param rules the resource's validation, run by `check`
   */
  constructor(
    protected readonly kind: string,
    private readonly listed: ListedKind<Listed>,
    rules: (collector: FailureCollector, news: Inputs) => void,
  ) {
    super(rules);
    this.noun = listed.noun;
  }

  /**
   * What changed, and what of that needs a new object. Names are unique in a tenant, so a
   * replacement that keeps the name must delete the old object first.
   */
  async diff(_id: string, olds: Outputs, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
    const changed = this.changedFields(olds, news);
    const replaces = this.replacedFields(changed, olds, news);
    return {
      changes: changed.length > 0,
      replaces,
      deleteBeforeReplace: replaces.length > 0 && olds.name === news.name,
    };
  }

  /** The input fields that differ, an unknown new value counting as a difference. */
  protected abstract changedFields(olds: Outputs, news: Inputs): InputField<Inputs>[];

  /** Which of the changed fields need a new object; by default none, all is updated in place. */
  protected replacedFields(
    _changed: InputField<Inputs>[],
    _olds: Outputs,
    _news: Inputs,
  ): InputField<Inputs>[] {
    return [];
  }

  /** Adopts `adoptExistingId`, or creates the object without ever making a duplicate. */
  async create(inputs: Inputs): Promise<Created<Outputs>> {
    const created: CreatedObject = inputs.adoptExistingId
      ? { id: await this.adopt(inputs, inputs.adoptExistingId), posted: false }
      : await this.createRecovering(inputs);
    return { id: created.id, outs: await this.outputsAfterCreate(created, inputs) };
  }

  /** Refreshes the state from CloudWorks; an object no longer there is dropped (or a `get` fails). */
  async read(id: string, state?: Outputs): Promise<ObjectReadResult<Inputs, Outputs>> {
    const props = stateToRead(this.kind, state);
    const found = await this.fetchFor("read", props.name, id);
    // Gone out of band: a blank ID tells the engine to drop it from state.
    if (found === undefined) return missingRead(this.kind, this.noun, id, props);
    try {
      const inputs = await this.refreshedInputs(found, props);
      return { id, props: this.outputsOf(id, inputs, found), inputs };
    } catch (error) {
      throw operationError(this.kind, props.name, "read", error);
    }
  }

  /** Writes the new inputs in place. */
  async update(
    id: string,
    olds: Outputs,
    news: Inputs,
  ): Promise<pulumi.dynamic.UpdateResult<Outputs>> {
    try {
      return { outs: await this.write(id, olds, news) };
    } catch (error) {
      throw operationError(this.kind, news.name ?? olds.name, "update", error);
    } finally {
      listCache.clear();
    }
  }

  /** Deletes the object; one already gone counts as deleted. */
  async delete(id: string, props: Outputs): Promise<void> {
    try {
      await this.remove(id);
    } catch (error) {
      if (hasStatus(error, 404)) return;
      const refusal = hasStatus(error, 409) ? await this.deleteRefusal(id, error) : undefined;
      if (refusal !== undefined) {
        throw new ResourceOperationError(`${this.kind} "${props.name}": delete failed: ${refusal}`);
      }
      throw operationError(this.kind, props.name, "delete", error);
    } finally {
      listCache.clear();
    }
  }

  /**
   * Creates the object so that an ambiguous failure never makes a duplicate. When the POST fails
   * in a way that may have committed (timeout, 5xx, dropped response) or is refused because the
   * name is taken (an interrupted earlier run may have made it), the object is looked up by its
   * unique name before anything else: a match in content is adopted, a mismatch is never taken
   * over, and only when nothing was found is the POST sent again. That cycle repeats while the
   * client's retry budget lasts, so a create rides out an unstable API as the idempotent calls
   * do; every repetition follows a lookup that found nothing, never a blind retry.
   */
  private async createRecovering(inputs: Inputs): Promise<CreatedObject> {
    const { kind, noun } = this;
    const { name } = inputs;
    const budgetMs = getCloudWorksClient().retryBudgetMs;
    const started = Date.now();
    try {
      for (let round = 1; ; round++) {
        const step = round === 1 ? "create" : "create (retry after an ambiguous failure)";
        try {
          return { id: await this.post(inputs), posted: true };
        } catch (error) {
          if (!mayHaveCommitted(error) && !isDuplicateName(error))
            throw operationError(kind, name, step, error);
          const found = await this.findByName(inputs);
          if (found?.matches) {
            await this.beforeAdopt(inputs, found.id);
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

  /**
   * Looks the object up by its unique name in a fresh list: its ID, and whether its content is
   * what this resource would have created.
   */
  private async findByName(inputs: Inputs): Promise<{ id: string; matches: boolean } | undefined> {
    const { list, nameOf, idOf } = this.listed;
    const found = (await list(getCloudWorksClient())).find((item) => nameOf(item) === inputs.name);
    if (found === undefined) return undefined;
    return { id: idOf(found), matches: await this.matchesInputs(found, inputs) };
  }

  /**
   * Takes over the existing object `id` (the `adoptExistingId` input): once the kind has checked
   * that it may, the inputs overwrite the object so that it matches the program (credentials
   * included). Resolves with the ID.
   */
  private async adopt(inputs: Inputs, id: string): Promise<string> {
    await this.checkAdoptable(inputs, id);
    try {
      await this.put(id, inputs);
    } catch (error) {
      throw operationError(this.kind, inputs.name, "adopt", error);
    } finally {
      listCache.clear();
    }
    return id;
  }

  /** What {@link fetch} finds, its failure named as the failure of `step`. */
  private async fetchFor(step: string, name: string, id: string): Promise<Found | undefined> {
    try {
      return await this.fetch(id);
    } catch (error) {
      throw operationError(this.kind, name, step, error);
    }
  }

  /**
   * Checks that the object `id` exists and may be adopted by this resource; throws a
   * {@link ResourceOperationError} that says why not. By default it must be there to read.
   */
  protected async checkAdoptable(inputs: Inputs, id: string): Promise<void> {
    if ((await this.fetchFor("adopt", inputs.name, id)) === undefined) {
      throw new ResourceOperationError(
        `${this.kind} "${inputs.name}": adopt failed: ${this.noSuchObject(id)}`,
      );
    }
  }

  /** The reason an adoption of a missing object fails. */
  protected noSuchObject(id: string): string {
    return `no ${this.noun} with ID ${id} exists in this tenant.`;
  }

  /** Sends the create request; resolves with the new ID. */
  protected abstract post(inputs: Inputs): Promise<string>;

  /** Sends the full-body PUT of the inputs, which updates and adoptions write. */
  protected abstract put(id: string, inputs: Inputs): Promise<void>;

  /** Whether the object found by name is what this resource would have created. */
  protected abstract matchesInputs(found: Listed, inputs: Inputs): Promise<boolean>;

  /** Runs on an object found by name before it is adopted; by default nothing. */
  protected async beforeAdopt(_inputs: Inputs, _id: string): Promise<void> {}

  /** The outputs of an object just created or adopted. */
  protected abstract outputsAfterCreate(created: CreatedObject, inputs: Inputs): Promise<Outputs>;

  /** What a read fetches, or undefined when the object does not exist. */
  protected abstract fetch(id: string): Promise<Found | undefined>;

  /** The inputs as CloudWorks now has them, given the state being refreshed. */
  protected abstract refreshedInputs(found: Found, state: Outputs): Inputs | Promise<Inputs>;

  /** The outputs of a read. */
  protected abstract outputsOf(id: string, inputs: Inputs, found: Found): Outputs;

  /** Writes the new inputs to the object and resolves with its outputs. */
  protected abstract write(id: string, olds: Outputs, news: Inputs): Promise<Outputs>;

  /** Sends the delete request. */
  protected abstract remove(id: string): Promise<void>;

  /**
   * Why CloudWorks refused the delete with a 409 and what to do, for the message; undefined
   * (the default) reports the API's own answer like any other failure.
   */
  protected async deleteRefusal(_id: string, _error: unknown): Promise<string | undefined> {
    return undefined;
  }
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
// Creates that recover: what one ends with, and the pause between its rounds
// ---------------------------------------------------------------------------------------------

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
