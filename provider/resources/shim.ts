import type * as pulumi from "@pulumi/pulumi";

/** The resource kinds the dynamic implementation serves (mirrors `providers` in ../dynamic). */
export type ProviderKind = "connection" | "integration" | "flow" | "run" | "deletionGuard";

/**
 * The provider object Pulumi serializes into every resource's `__provider`. Each method loads
 * the real implementation by package name when it runs, in the provider process, so the
 * serialized text is a few hundred bytes: no credentials, no machine paths, no axios internals,
 * and the same text across package upgrades (so no spurious `~__provider` diffs, and refresh or
 * destroy of old resources run the current code). See shared/reference/pulumi.md §1–2.
 *
 * The methods are plain functions that read the kind from `this` (the host always calls them as
 * methods of this object) so that they capture no variable at all: anything a closure captures
 * is frozen into state by value, and each captured scope adds a wrapper to the text.
 */
interface ProviderShim extends pulumi.dynamic.ResourceProvider {
  /** Which implementation in `pulumi-cloudworks/dynamic` this shim forwards to. */
  kind: ProviderKind;
}

const forwardingMethods: Omit<ProviderShim, "kind"> = {
  configure(this: ProviderShim, request) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].configure(request);
  },
  check(this: ProviderShim, olds, news) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].check(olds, news);
  },
  diff(this: ProviderShim, id, olds, news) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].diff(id, olds, news);
  },
  create(this: ProviderShim, inputs) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].create(inputs);
  },
  read(this: ProviderShim, id, props) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].read(id, props);
  },
  update(this: ProviderShim, id, olds, news) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].update(id, olds, news);
  },
  delete(this: ProviderShim, id, props) {
    return require("pulumi-cloudworks/dynamic").providers[this.kind].delete(id, props);
  },
};

/**
 * One shim object per resource class: Pulumi caches serialization by object identity, so a
 * shared instance is serialized once per process rather than once per resource.
 */
export const shims: Record<ProviderKind, ProviderShim> = {
  connection: { kind: "connection", ...forwardingMethods },
  integration: { kind: "integration", ...forwardingMethods },
  flow: { kind: "flow", ...forwardingMethods },
  run: { kind: "run", ...forwardingMethods },
  deletionGuard: { kind: "deletionGuard", ...forwardingMethods },
};
