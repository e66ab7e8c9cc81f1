/**
 * The no-op floor's stand-in for `pulumi-cloudworks`: classes with the same names and ID outputs
 * as the package's, registered through `pulumi.dynamic.Resource` with a provider whose methods do
 * no HTTP at all. The floor stack runs bench/program's own index.ts with its import pointed here
 * (see bench/stack.ts), so the two stacks declare the same graph by construction: same resource
 * names, same inputs, the i-th integration referencing the i-th connection's ID. Whatever the
 * floor takes is the engine's, the language host's and the dynamic-provider host's cost, the
 * floor any dynamic provider on this engine stands on; `npm run bench` divides by it.
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * Check passes the inputs through, diff compares them (as a real provider must, so a no-change
 * preview is a real no-change answer), create invents an ID and echoes the inputs, read echoes
 * the state. The methods capture nothing, so the serialized provider is as small as this shape
 * allows.
 */
const noop: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async diff(_id, olds, news) {
    const strip = (value: Record<string, unknown>) =>
      JSON.stringify({ ...value, __provider: undefined });
    return { changes: strip(olds) !== strip(news) };
  },
  async create(inputs) {
    const id = Date.now().toString(16) + Math.random().toString(16).slice(2, 18);
    return { id, outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async update(_id, _olds, news) {
    return { outs: news };
  },
  async delete() {},
};

/** A no-op connection; `connectionId` is the resource ID, as the package's output is. */
export class CloudWorksConnection extends pulumi.dynamic.Resource {
  /** The resource ID under the package's output name. */
  readonly connectionId: pulumi.Output<string>;

  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(noop, name, props, undefined, "floor", "Connection");
    this.connectionId = this.id;
  }
}

/** A no-op integration; `integrationId` is the resource ID, as the package's output is. */
export class CloudWorksIntegration extends pulumi.dynamic.Resource {
  /** The resource ID under the package's output name. */
  readonly integrationId: pulumi.Output<string>;

  constructor(name: string, props: Record<string, pulumi.Input<unknown>>) {
    super(noop, name, props, undefined, "floor", "Integration");
    this.integrationId = this.id;
  }
}
