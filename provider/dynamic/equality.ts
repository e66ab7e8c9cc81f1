// Equality and compaction of plain JSON values, so that bodies, state and server objects compare
// by meaning rather than by key order or absent-versus-undefined members.

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

/** The members `keys` of `value` (undefined where absent), typed by their keys. */
export function pick<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Pick<T, K> {
  // Filled key by key below, so the object is a Pick<T, K> once the loop ends.
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = value[key];
  return picked;
}

/** Drops undefined members so bodies and state stay compact and comparable. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
