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

/** Drops undefined members so bodies and state stay compact and comparable. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
