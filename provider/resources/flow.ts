import * as pulumi from "@pulumi/pulumi";
import { CloudWorksReadableResource } from "./get";

/** One step of an integration flow. Steps run in the order listed. */
export interface IntegrationFlowStepArgs {
  /** The integration the step runs. */
  integrationId: pulumi.Input<string>;
  /** Skip this step (a flow needs at least two steps that are not skipped). */
  isSkipped?: pulumi.Input<boolean>;
  /** What the flow does when this step fails: `stop` (default) or `continue`. */
  onFailure?: pulumi.Input<"stop" | "continue">;
  /** What the flow does when this step partially succeeds: `continue` (default) or `stop`. */
  onPartialSuccess?: pulumi.Input<"stop" | "continue">;
}

/** Inputs of a {@link CloudWorksIntegrationFlow}. Every field updates in place. */
export interface CloudWorksIntegrationFlowArgs {
  /** Unique flow name. */
  name: pulumi.Input<string>;
  /** Show the flow on UX action cards. Default false. */
  nuxVisible?: pulumi.Input<boolean>;
  /** The steps, in order; at least two enabled, at most 100. */
  steps: pulumi.Input<pulumi.Input<IntegrationFlowStepArgs>[]>;
  /** Bring an existing flow under management: its ID. Ignored after creation. */
  adoptExistingId?: pulumi.Input<string>;
}

/**
 * A CloudWorks integration flow: integrations run one after another. Served by
 * `provider/dynamic/flow.ts` (the `flow` provider).
 *
 * `CloudWorksIntegrationFlow.get(name, id)` reads a flow made outside this stack with one GET of
 * the flow on every preview and update. Its outputs are those of a managed flow (name, steps,
 * notificationId).
 */
export class CloudWorksIntegrationFlow extends CloudWorksReadableResource {
  /**
   * The flow ID (32 lowercase hex). The same value as `id`, and like `id` it stays known during a preview
   * of an update, so resources that reference it are not shown as changing when this one is
   * only updated in place.
   */
  readonly flowId: pulumi.Output<string> = this.id;
  /** The flow name. */
  declare readonly name: pulumi.Output<string>;
  /** The ID of the flow's notification config, if any. */
  declare readonly notificationId: pulumi.Output<string | null>;

  /**
   * Creates (or adopts) an integration flow.
   * @param name The Pulumi resource name.
   * @param args The flow's settings.
   * @param opts Resource options.
   */
  constructor(
    name: string,
    args: CloudWorksIntegrationFlowArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("flow", name, args, opts);
  }
}
