/**
 * The resource class of the landing zone's deletion guard (the provider and the reason it exists
 * are in ../dynamic/deletionGuard.ts): deleted before every protection of the bucket, it refuses
 * to go while deletion protection is on, so a destroy stops before it strips anything.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudWorksDynamicResource } from "../resources/registration";

/** Inputs of a {@link LandingZoneDeletionGuard}. */
export interface LandingZoneDeletionGuardArgs {
  /** The landing zone's Pulumi name, for the message of a refused delete. */
  landingZone: string;
  /** The bucket whose protections the guard holds. */
  bucketName: pulumi.Input<string>;
  /** Whether deletion is refused. Updates in place. */
  deletionProtection: boolean;
}

/**
 * Refuses deletion while `deletionProtection` is true. Give it `dependsOn` every resource it must
 * hold: the engine deletes it before them, and stops when its delete fails.
 */
export class LandingZoneDeletionGuard extends CloudWorksDynamicResource {
  /** Whether deletion is refused, as deployed. */
  declare readonly deletionProtection: pulumi.Output<boolean>;

  /**
   * @param name the Pulumi resource name
   * @param args what it protects and whether
   * @param opts resource options; `dependsOn` must list the protected resources
   */
  constructor(
    name: string,
    args: LandingZoneDeletionGuardArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super("deletionGuard", name, args, opts);
  }
}
