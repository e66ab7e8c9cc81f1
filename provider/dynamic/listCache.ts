// The per-process memo of CloudWorks list calls, shared by every provider and cleared by any write.

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
