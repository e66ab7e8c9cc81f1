import * as pulumi from "@pulumi/pulumi";
// A type import: the program never loads the dynamic implementation, it only names its kinds.
import type { ProviderKind } from "../dynamic";
import { rejectReservedKeys } from "./inputGuard";
import { secretIfSet } from "./secrets";

/** Names the implementation in `pulumi-cloudworks/dynamic` that a resource class is served by. */
export interface ProviderShim {
  /** Which entry of `require("pulumi-cloudworks/dynamic").providers` serves the resource. */
  readonly kind: ProviderKind;
}

/** One token per resource class (the classes pass these to {@link CloudWorksDynamicResource}). */
export const shims: Record<ProviderKind, ProviderShim> = {
  connection: { kind: "connection" },
  integration: { kind: "integration" },
  flow: { kind: "flow" },
  run: { kind: "run" },
  deletionGuard: { kind: "deletionGuard" },
};

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
 * The props a CloudWorks resource class registers, built alike for every class: the args, once
 * the guard against reserved keys has passed them (see inputGuard.ts, which explains why it runs
 * before anything reaches the SDK); each secret key wrapped as a Pulumi secret whatever the caller
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
 * What `pulumi.dynamic.Resource` is, with a constant `__provider` (see {@link providerText})
 * instead of a serialized closure: the same type token (`pulumi-nodejs:dynamic/<module>:<type>`),
 * so URNs, the `pulumi-nodejs` provider and state written by earlier releases are unchanged, and
 * the same reserved `__provider` property. Skipping the serializer also saves the program its
 * V8-inspector walk of the provider object.
 */
export abstract class CloudWorksDynamicResource extends pulumi.CustomResource {
  /**
   * Registers the resource.
   * @param shim which implementation serves it
   * @param name the Pulumi resource name
   * @param props the inputs, plus `undefined` for each output; must not define `__provider`
   * @param opts resource options
   * @param module the type token's module (`cloudworks`)
   * @param type the type token's type name (`Connection`, …)
   */
  constructor(
    shim: ProviderShim,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
    module?: string,
    type = "Resource",
  ) {
    if (props.__provider) throw new Error("A dynamic resource must not define the __provider key");
    super(
      `pulumi-nodejs:dynamic${module ? `/${module}` : ""}:${type}`,
      name,
      { ...props, __provider: providerText(shim.kind) },
      opts,
    );
  }
}
