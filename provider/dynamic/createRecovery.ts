// A create that survives an ambiguous failure without ever making a duplicate object.
import { getCloudWorksClient } from "./clientFactory";
import {
  describeError,
  isDuplicateName,
  mayHaveCommitted,
  operationError,
  ResourceOperationError,
} from "./errors";
import { listCache } from "./listCache";
import { environmentVariableFor } from "./settings";

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
