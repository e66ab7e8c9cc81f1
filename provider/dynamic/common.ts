import { CloudWorksApiError } from "../client";
import { environmentVariableFor, getCloudWorksClient } from "./settings";
import { quoteForMessage } from "./validation";

/**
 * Wraps a failure of a provider operation so that the message names the resource and the step,
 * then the client's own message (which already names the HTTP call and reason and has been
 * redacted). The original error is not kept as `cause`: a non-client error could carry request
 * details, and the engine prints whatever is attached.
 */
export class ResourceOperationError extends Error {
  /** Set when the object exists in CloudWorks although the operation failed (the engine then records it). */
  readonly id?: string;
  /** Outputs to record with {@link id}. */
  readonly properties?: Record<string, unknown>;
  /** Short reasons passed to the engine with an init failure. */
  readonly reasons?: string[];

  constructor(
    message: string,
    init?: { id?: string; properties?: Record<string, unknown>; reasons?: string[] },
  ) {
    super(message);
    this.name = "ResourceOperationError";
    this.id = init?.id;
    this.properties = init?.properties;
    this.reasons = init?.reasons;
  }
}

/** Describes any error in one line without leaking request internals. */
export function describeError(error: unknown): string {
  if (error instanceof CloudWorksApiError) return error.message;
  if (error instanceof ResourceOperationError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Builds the error a provider method throws: `<Kind> "<name>": <step> failed: <reason>`. */
export function operationError(
  kind: string,
  name: string | undefined,
  step: string,
  error: unknown,
): ResourceOperationError {
  return new ResourceOperationError(
    // The name is the user's: escaped and shortened like every echoed input.
    `${kind} ${quoteForMessage(String(name ?? "?"))}: ${step} failed: ${describeError(error)}`,
  );
}

/** True when the client says a request failed with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof CloudWorksApiError && error.status === status;
}

/** True when a write may have been applied even though it failed (timeout, 5xx, dropped response). */
export function mayHaveCommitted(error: unknown): boolean {
  return error instanceof CloudWorksApiError && error.mayHaveCommitted;
}

/** True when the API rejected a create because the name is taken. */
export function isDuplicateName(error: unknown): boolean {
  return (
    error instanceof CloudWorksApiError &&
    (error.status === 400 || error.status === 500) &&
    /duplicate resource name/i.test(error.apiMessage ?? "")
  );
}

/** Structural equality for plain JSON values; key order does not matter. */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => deepEqual(item, right[index]));
  }
  if (left !== null && right !== null && typeof left === "object" && typeof right === "object") {
    const leftRecord = left as Record<string, unknown>;
    const rightRecord = right as Record<string, unknown>;
    const keys = new Set([...Object.keys(leftRecord), ...Object.keys(rightRecord)]);
    for (const key of keys) {
      if (!deepEqual(leftRecord[key], rightRecord[key])) return false;
    }
    return true;
  }
  // undefined and null both mean "not set" for optional API fields.
  return (left === undefined || left === null) && (right === undefined || right === null);
}

/** Drops undefined members so bodies and state stay compact and comparable. */
export function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

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

/**
 * The refreshed view of a resource's inputs after a read: each field keeps the value the
 * program gave (its exact shape, defaults omitted) unless the server's value means something
 * different, in which case the server's value is taken. A refresh with no drift therefore
 * returns the state unchanged, and a real drift shows only the fields that drifted.
 */
export function mergeDrift<T extends object>(
  previous: T,
  server: T,
  normalise: (value: T) => Record<string, unknown>,
): T {
  const before = normalise(previous);
  const after = normalise(server);
  const merged: Record<string, unknown> = { ...(previous as Record<string, unknown>) };
  for (const field of Object.keys(after)) {
    if (!deepEqual(before[field], after[field]))
      merged[field] = (server as Record<string, unknown>)[field];
  }
  return compact(merged) as T;
}

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

/** Cap of the wait between two recovery rounds, as the client caps its backoff. */
const MAX_RECOVERY_BACKOFF_MS = 5_000;

/**
 * Waits before recovery round `round + 1` with the client's full-jitter backoff (500 ms doubling,
 * capped at 5 s), never past `remainingMs`, so that an API failing every POST is not hammered.
 */
export function pauseBeforeRetry(round: number, remainingMs: number): Promise<void> {
  const ceiling = Math.min(MAX_RECOVERY_BACKOFF_MS, 500 * 2 ** (round - 1));
  const delay = Math.max(0, Math.min(Math.random() * ceiling, remainingMs));
  return new Promise((resolve) => setTimeout(resolve, delay));
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
): Promise<string> {
  const { kind, noun, name } = create;
  const started = Date.now();
  try {
    for (let round = 1; ; round++) {
      const step = round === 1 ? "create" : "create (retry after an ambiguous failure)";
      try {
        return await create.post();
      } catch (error) {
        if (!mayHaveCommitted(error) && !isDuplicateName(error))
          throw operationError(kind, name, step, error);
        const found = await create.findByName();
        if (found?.matches) {
          await create.beforeAdopt?.(found.id);
          return found.id;
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
              `to keep trying longer, set cloudworks:retryBudgetSeconds (or ${environmentVariableFor("retryBudgetSeconds")}).`,
          );
        }
        await pauseBeforeRetry(round, budgetMs - elapsed);
      }
    }
  } finally {
    listCache.clear();
  }
}

/** The audit fields CloudWorks returns on objects, null when absent, for outputs. */
export function auditFields(record: Record<string, unknown>): Record<string, unknown> {
  return {
    createdBy: record.createdBy ?? null,
    creationDate: record.creationDate ?? null,
    modifiedBy: record.modifiedBy ?? null,
    modificationDate: record.modificationDate ?? null,
  };
}
