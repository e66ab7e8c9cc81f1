// How a CloudWorks resource class registers: the table below says, per provider kind, what the
// class registers as (type token, outputs, secret keys), and the base class
// CloudWorksDynamicResource turns that and the caller's args into the props, options and constant
// `__provider` text it hands to the engine. Alike for every class, so it lives here once.
import * as pulumi from "@pulumi/pulumi";
// A type import: the program never loads the dynamic implementation, it only names its kinds.
import type { ProviderKind } from "../dynamic";
import { CONNECTION_SECRET_KEYS } from "../dynamic/connectionTypes";
import { RESERVED_KEYS } from "../dynamic/inputs";
import type {
  ConnectionServerFields,
  FlowServerFields,
  IntegrationServerFields,
  RunServerFields,
} from "../dynamic/inputs";

/** A property's Args form: each item of a list is an Input too, as `@pulumi/aws` takes them. */
type ArgOf<V> = V extends readonly (infer Item)[] ? pulumi.Input<Item>[] : V;

/**
 * The Args form of a resolved input shape: every property a `pulumi.Input` (and every item of a
 * list property). A homomorphic mapped type, so each property keeps its optionality and its doc
 * comment from the one declaration of the shape.
 */
export type ArgsOf<T> = { [K in keyof T]: pulumi.Input<ArgOf<T[K]>> };

/**
 * What the resource class of one provider kind registers as (see {@link registrations}).
 * @typeParam ServerFields the fields the kind's provider adds to the outputs
 * @internal
 */
export interface ResourceRegistration<ServerFields> {
  /**
   * The type token's type name (`Connection`, …). The token is
   * `pulumi-nodejs:dynamic/cloudworks:<type>`, as `pulumi.dynamic.Resource` made it, so URNs
   * and state written by earlier releases are unchanged.
   */
  readonly type: string;
  /** The resource class's name, for the message of a refused reserved key. */
  readonly className: string;
  /**
   * The server fields the class exposes as output properties; typed against the provider's own
   * declaration of its server fields, so a name the provider does not return cannot be listed.
   */
  readonly outputs: readonly (keyof ServerFields & string)[];
  /** The args keys that are always secrets, as inputs and as outputs. */
  readonly secrets?: readonly string[];
}

/** Each provider kind's server fields, as its provider declares them. */
interface ServerFieldsOf {
  /** A connection's. */
  connection: ConnectionServerFields;
  /** An integration's. */
  integration: IntegrationServerFields;
  /** A flow's. */
  flow: FlowServerFields;
  /** A run's. */
  run: RunServerFields;
  /** The deletion guard has none. */
  deletionGuard: Record<never, never>;
}

/**
 * One entry per provider kind, i.e. per resource class: the kind names the entry of
 * `require("pulumi-cloudworks/dynamic").providers` that serves the class. The type names are
 * in URNs and in every stack's state: never change one.
 * @internal
 */
export const registrations: { [K in ProviderKind]: ResourceRegistration<ServerFieldsOf[K]> } = {
  connection: {
    type: "Connection",
    className: "CloudWorksConnection",
    outputs: [
      "status",
      "integrationErrorCode",
      "creationDate",
      "modificationDate",
      "createdBy",
      "modifiedBy",
    ],
    secrets: CONNECTION_SECRET_KEYS,
  },
  integration: {
    type: "Integration",
    className: "CloudWorksIntegration",
    outputs: ["notificationId", "integrationType", "latestRun", "creationDate", "modificationDate"],
  },
  flow: {
    type: "IntegrationFlow",
    className: "CloudWorksIntegrationFlow",
    outputs: ["notificationId"],
  },
  run: {
    type: "IntegrationRun",
    className: "CloudWorksIntegrationRun",
    outputs: ["success", "message", "executionErrorCode", "startDate", "endDate"],
  },
  // No server fields and no secrets; its args are typed, so the reserved-key guard never fires.
  deletionGuard: {
    type: "LandingZoneDeletionGuard",
    className: "LandingZoneDeletionGuard",
    outputs: [],
  },
};

/**
 * The props and options a resource registers with, built alike for every class: the args, once
 * the guard against reserved keys has passed them (see {@link rejectReservedKeys}, which says why
 * it runs before anything reaches the SDK); each secret key wrapped as a Pulumi secret whatever
 * the caller passed; `undefined` for each output the provider computes, since the SDK makes an
 * output property only for the keys it is given; and the secret keys added to the caller's
 * `additionalSecretOutputs`. Exported for the upgrade test, which registers the same props
 * through 0.1.0's serialized shim.
 * @param kind the provider kind of the class (its entry in {@link registrations})
 * @param name the Pulumi resource name
 * @param args the caller's args
 * @param opts the caller's resource options
 * @internal
 */
export function registeredInputs(
  kind: ProviderKind,
  name: string,
  args: object,
  opts: pulumi.CustomResourceOptions | undefined,
): { props: pulumi.Inputs; opts: pulumi.CustomResourceOptions | undefined } {
  const registration = registrations[kind];
  rejectReservedKeys(registration.className, name, args);
  const props: pulumi.Inputs = { ...args };
  const secrets = registration.secrets ?? [];
  for (const key of secrets) props[key] = secretIfSet(props[key]);
  for (const key of registration.outputs) props[key] = undefined;
  // A class without secret keys passes the caller's options through untouched, as it always has.
  return { props, opts: secrets.length > 0 ? withSecretOutputs(opts, secrets) : opts };
}

/**
 * Wraps a value as a Pulumi secret whatever the caller passed (a plain string, an Output, or an
 * already-secret Output), leaving "not set" as undefined so optional fields stay optional.
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
 */
function withSecretOutputs(
  opts: pulumi.CustomResourceOptions | undefined,
  keys: readonly string[],
): pulumi.CustomResourceOptions {
  const existing = opts?.additionalSecretOutputs ?? [];
  return { ...opts, additionalSecretOutputs: [...new Set([...existing, ...keys])] };
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

/**
 * The `__provider` text of a kind: a module whose `handler()` returns the implementation, loaded
 * by package name in the provider process. The dynamic-provider host runs exactly
 * `requireFromString(props.__provider).handler()` (@pulumi/pulumi cmd/dynamic-provider), the
 * contract every dynamic resource ever deployed depends on, so any module text that exports
 * `handler` is a valid `__provider`.
 *
 * Why not let `pulumi.dynamic.Resource` serialize a provider object, as 0.1.0 did: the closure
 * serializer writes a ~300-byte wrapper per captured function, 2.6 KB for the seven forwarding
 * methods, stored in inputs and again in outputs of every resource (68 % of the state, and the
 * file backend rewrites the whole state after every step). Its one compact form, a reference to
 * a module's `exports`, writes a path derived from where the package happens to be installed:
 * pnpm's `.pnpm/<name>@<version>/` store path, a nested `node_modules`, or a machine path when
 * the package is linked (and then everything is captured by value). This text is ~90 bytes,
 * identical on every machine, package manager and install layout, and across releases: it names
 * only the `./dynamic` export, which stays (state written by 0.1 requires it too).
 */
export function providerText(kind: ProviderKind): string {
  return `exports.handler = () => require("pulumi-cloudworks/dynamic").providers.${kind};\n`;
}

/**
 * What `pulumi.dynamic.Resource` is, with a constant `__provider` (see {@link providerText})
 * instead of a serialized closure: the same type token (`pulumi-nodejs:dynamic/<module>:<type>`),
 * so URNs, the `pulumi-nodejs` provider and state written by earlier releases are unchanged, and
 * the same reserved `__provider` property. Skipping the serializer also saves the program its
 * V8-inspector walk of the provider object. The props are built from the class's entry in
 * {@link registrations} (see {@link registeredInputs}).
 */
export abstract class CloudWorksDynamicResource extends pulumi.CustomResource {
  /**
   * Registers the resource.
   * @param kind which implementation serves it, and the entry of {@link registrations} it
   *   registers as
   * @param name the Pulumi resource name
   * @param args the caller's args; must not define `__provider`
   * @param opts resource options
   */
  constructor(kind: ProviderKind, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const registered = registeredInputs(kind, name, args, opts);
    if (registered.props.__provider)
      throw new Error("A dynamic resource must not define the __provider key");
    super(
      `pulumi-nodejs:dynamic/cloudworks:${registrations[kind].type}`,
      name,
      { ...registered.props, __provider: providerText(kind) },
      registered.opts,
    );
  }
}
