/**
 * Program-side guard against `__proto__` and `constructor` keys in resource args, run in each
 * resource constructor before anything reaches the Pulumi SDK.
 *
 * Why here and not only in `check`: the SDK turns every top-level arg key into a property of the
 * resource object with a plain assignment (`resource[key] = new Output(…)`, in
 * `transferProperties`). An own `__proto__` key (from `JSON.parse`, a YAML/JSON config object or
 * a computed key `{["__proto__"]: …}`) therefore replaces the resource's prototype with an
 * Output proxy, and every later property lookup the SDK makes on the resource (`urn`, `then`,
 * `__pulumiResource`, …) returns a fresh lifted Output instead of failing: `pulumi preview` hangs
 * while the program grows by gigabytes. Nested `__proto__` keys are dropped or swap prototypes
 * when the SDK serializes the inputs (`obj[key] = value`). Throwing here fails the program at
 * once, naming the key and where it is.
 * @internal
 */
import * as pulumi from "@pulumi/pulumi";

const FORBIDDEN = ["__proto__", "constructor"];

/**
 * Throws when the args hold a `__proto__` or `constructor` key at any depth that can be seen
 * now (values inside Outputs and Promises are checked by the provider's `check` instead).
 * @internal
 */
export function rejectReservedKeys(kind: string, name: string, args: unknown): void {
  const found = findReservedKey(args, "", new Set(), 0);
  if (found !== undefined) {
    throw new Error(
      `${kind} ${JSON.stringify(String(name).slice(0, 80))}: the input key "${found.key}" at ${found.path} is not allowed. ` +
        `It is a JavaScript object internal, never a CloudWorks field, and the Pulumi SDK would treat it as the object's prototype. ` +
        `Remove it from the args (check any object built with JSON.parse or from config).`,
    );
  }
}

function findReservedKey(
  value: unknown,
  path: string,
  seen: Set<unknown>,
  depth: number,
): { key: string; path: string } | undefined {
  if (value === null || typeof value !== "object" || depth > 32 || seen.has(value))
    return undefined;
  // Outputs, Promises and resources are resolved later; the provider's check sees their values.
  if (
    pulumi.Output.isInstance(value) ||
    value instanceof Promise ||
    pulumi.Resource.isInstance(value)
  )
    return undefined;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findReservedKey(value[index], `${path}[${index}]`, seen, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (FORBIDDEN.includes(key)) return { key, path: path === "" ? "the top level" : path };
    const found = findReservedKey((value as Record<string, unknown>)[key], at, seen, depth + 1);
    if (found) return found;
  }
  return undefined;
}
