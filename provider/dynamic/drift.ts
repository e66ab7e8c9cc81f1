// How a refresh folds the server's view into the program's inputs without inventing drift.
import { compact, deepEqual } from "./equality";

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
  // Each field is the previous or the server's value of the same field, so the shape is T's.
  return compact(merged) as T;
}
