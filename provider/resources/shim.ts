import * as pulumi from "@pulumi/pulumi";
// A type import: the program never loads the dynamic implementation, it only names its kinds.
import type { ProviderKind } from "../dynamic";

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
