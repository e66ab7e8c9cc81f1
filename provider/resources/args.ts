// How a resource class turns its Args into the props it registers: the Args type is derived from
// the resolved inputs the provider receives (so that a shape is declared once, with its doc
// comments); reserved keys are refused before anything reaches the SDK; secret keys are wrapped
// whatever the caller passed. Alike for every class, so it lives here once. Not in shim.ts: the
// upgrade test runs these classes over 0.1.0's shim.js, which has only the shim's exports.
import * as pulumi from "@pulumi/pulumi";
import { RESERVED_KEYS } from "../dynamic/inputs";

/** A property's Args form: each item of a list is an Input too, as `@pulumi/aws` takes them. */
type ArgOf<V> = V extends readonly (infer Item)[] ? pulumi.Input<Item>[] : V;

/**
 * The Args form of a resolved input shape: every property a `pulumi.Input` (and every item of a
 * list property). A homomorphic mapped type, so each property keeps its optionality and its doc
 * comment from the one declaration of the shape.
 */
export type ArgsOf<T> = { [K in keyof T]: pulumi.Input<ArgOf<T[K]>> };

/**
 * The props a CloudWorks resource class registers, built alike for every class: the args, once
 * the guard against reserved keys has passed them (see {@link rejectReservedKeys}, which says why
 * it runs before anything reaches the SDK); each secret key wrapped as a Pulumi secret whatever the caller
 * passed; and `undefined` for each output the provider computes, since the SDK makes an output
 * property only for the keys it is given.
 * @param className the resource class, for the guard's message
 * @param name the Pulumi resource name
 * @param args the caller's args
 * @param outputs the keys the provider adds to the outputs
 * @param secrets the args keys that are always secrets
 * @internal
 */
export function registeredProps(
  className: string,
  name: string,
  args: object,
  outputs: readonly string[],
  secrets: readonly string[] = [],
): pulumi.Inputs {
  rejectReservedKeys(className, name, args);
  const props: pulumi.Inputs = { ...args };
  for (const key of secrets) props[key] = secretIfSet(props[key]);
  for (const key of outputs) props[key] = undefined;
  return props;
}

/**
 * Wraps a value as a Pulumi secret whatever the caller passed (a plain string, an Output, or an
 * already-secret Output), leaving "not set" as undefined so optional fields stay optional.
 * @internal
 */
function secretIfSet<T>(
  value: pulumi.Input<T> | undefined,
): pulumi.Output<pulumi.Unwrap<T>> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/**
 * Adds output keys that must stay secret to the caller's resource options, keeping any the
 * caller listed. The engine re-marks an output secret when its input of the same key was secret,
 * but listing them explicitly holds even for outputs the provider computes itself.
 * @internal
 */
export function withSecretOutputs<T extends pulumi.CustomResourceOptions>(
  opts: T | undefined,
  keys: string[],
): T {
  const existing = opts?.additionalSecretOutputs ?? [];
  return { ...(opts ?? ({} as T)), additionalSecretOutputs: [...new Set([...existing, ...keys])] };
}

/**
 * Throws when the args hold a `__proto__` or `constructor` key at any depth that can be seen
 * now (values inside Outputs and Promises are checked by the provider's `check` instead).
 *
 * Why in the constructor and not only in `check`: the SDK turns every top-level arg key into a
 * property of the resource object with a plain assignment (`resource[key] = new Output(…)`, in
 * `transferProperties`). An own `__proto__` key (from `JSON.parse`, a YAML/JSON config object or
 * a computed key `{["__proto__"]: …}`) therefore replaces the resource's prototype with an
 * Output proxy, and every later property lookup the SDK makes on the resource (`urn`, `then`,
 * `__pulumiResource`, …) returns a fresh lifted Output instead of failing: `pulumi preview` hangs
 * while the program grows by gigabytes. Nested `__proto__` keys are dropped or swap prototypes
 * when the SDK serializes the inputs (`obj[key] = value`). Throwing here fails the program at
 * once, naming the key and where it is.
 * @internal
 */
function rejectReservedKeys(kind: string, name: string, args: unknown): void {
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
    if (RESERVED_KEYS.includes(key)) return { key, path: path === "" ? "the top level" : path };
    const found = findReservedKey((value as Record<string, unknown>)[key], at, seen, depth + 1);
    if (found) return found;
  }
  return undefined;
}
