import * as pulumi from "@pulumi/pulumi";
import { CloudWorksDynamicResource } from "./registration";

/** Inputs of a {@link CloudWorksIntegrationRun}. */
export interface CloudWorksIntegrationRunArgs {
  /** The integration to run. Exactly one of integrationId and flowId. Changing it starts a new run. */
  integrationId?: pulumi.Input<string>;
  /** The flow to run. Changing it starts a new run. */
  flowId?: pulumi.Input<string>;
  /**
   * Arbitrary values; a change to any of them starts a new run (e.g. the source file's ETag, so
   * a new upload is loaded, or a date to rerun daily from CI).
   */
  triggers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** How long to wait for the run to end before failing the deployment. Default 1800 s. */
  timeoutSeconds?: pulumi.Input<number>;
  /** Whether a failed run fails the deployment. Default true. */
  failOnError?: pulumi.Input<boolean>;
}

/**
 * Runs an integration or flow during `pulumi up`, waits for it, and fails the deployment with
 * the run's errors if it fails. Deleting it touches nothing in CloudWorks. Served by
 * `provider/dynamic/run.ts` (the `run` provider).
 */
export class CloudWorksIntegrationRun extends CloudWorksDynamicResource {
  /**
   * The run ID. The same value as `id`, and like `id` it stays known during a preview
   * of an update, so resources that reference it are not shown as changing when this one is
   * only updated in place.
   */
  readonly runId: pulumi.Output<string> = this.id;
  /** Whether the run succeeded. */
  declare readonly success: pulumi.Output<boolean | null>;
  /** CloudWorks' run message. */
  declare readonly message: pulumi.Output<string | null>;
  /** CloudWorks' error code for a failed run. */
  declare readonly executionErrorCode: pulumi.Output<number | null>;
  /** When the run started. */
  declare readonly startDate: pulumi.Output<string | null>;
  /** When the run ended. */
  declare readonly endDate: pulumi.Output<string | null>;

  /**
   * Starts a run.
   * @param name The Pulumi resource name.
   * @param args What to run and when to run it again.
   * @param opts Resource options.
   */
  constructor(
    name: string,
    args: CloudWorksIntegrationRunArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("run", name, args, opts);
  }
}
