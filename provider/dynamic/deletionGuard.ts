/**
 * The landing zone's deletion guard: a resource with no cloud object behind it whose only job is
 * to refuse deletion while the landing zone's deletion protection is on.
 *
 * Why a guard: Pulumi deletes dependents before what they depend on, so on `pulumi destroy` the
 * bucket policy, Block Public Access, default encryption, versioning, lifecycle, ownership
 * controls, the KMS key and alias and the CloudWorks IAM identity all go *before* the bucket,
 * and S3 refuses to delete a bucket that still holds objects (the exports CloudWorks writes are
 * not managed by Pulumi). A destroy would then fail on BucketNotEmpty only after it had stripped
 * the data of every protection and scheduled its key for deletion. The guard depends on all of
 * those resources, so the engine deletes it first; while protection is on its delete fails, the
 * engine stops, and none of them is touched. No AWS call is made: the guard does not know whether
 * the bucket is empty, so protection is a switch the user turns off on purpose (see
 * docs/security-review.md, "Destroying a landing zone").
 */
import type * as pulumi from "@pulumi/pulumi";
import { FailureCollector } from "./validation";

/** Inputs (and outputs) of the guard, as the resource class registers them. */
export interface DeletionGuardInputs {
  /** The landing zone's Pulumi name, for messages. */
  landingZone: string;
  /** The bucket it protects (unknown during the preview of a new stack). */
  bucketName: string;
  /** Whether deletion is refused. */
  deletionProtection: boolean;
}

/** The resource class name users see in messages. */
const COMPONENT = "CloudWorksS3LandingZone";

/**
 * The message of a refused delete: what holds the landing zone and exactly how to proceed.
 *
 * @param inputs the guard's last deployed outputs
 * @returns the message
 */
export function deletionRefusedMessage(inputs: DeletionGuardInputs): string {
  return (
    `${COMPONENT} "${inputs.landingZone}": deletion protection is on, so nothing protecting ` +
    `bucket "${inputs.bucketName}" was deleted (its bucket policy, Block Public Access, default ` +
    `encryption, versioning, KMS key and the CloudWorks IAM user all stay). The bucket may hold ` +
    `data that Pulumi does not manage, such as the exports CloudWorks writes, and S3 deletes only ` +
    `an empty bucket; Pulumi would remove those protections before finding that out. To destroy ` +
    `the landing zone: copy out what you need, then either empty the bucket or set ` +
    `forceDestroy: true (destroy then deletes every object in it), set deletionProtection: false ` +
    `on the landing zone (the flagship: \`pulumi config set deletionProtection false\`), run ` +
    `\`pulumi up\`, and then \`pulumi destroy\`.`
  );
}

/**
 * Provider of the deletion guard. It never calls an API: create and update record the inputs,
 * read returns what was recorded (there is nothing to drift), and delete refuses while
 * `deletionProtection` holds in the state of the last `pulumi up`.
 */
export class DeletionGuardProvider implements pulumi.dynamic.ResourceProvider<
  DeletionGuardInputs,
  DeletionGuardInputs
> {
  /** The shim forwards `configure` to every kind; the guard needs no configuration. */
  async configure(): Promise<void> {}

  async check(
    _olds: DeletionGuardInputs,
    news: DeletionGuardInputs,
  ): Promise<pulumi.dynamic.CheckResult<DeletionGuardInputs>> {
    const collector = new FailureCollector();
    if (typeof news.landingZone !== "string" || news.landingZone === "") {
      collector.fail("landingZone", "must be the landing zone's name");
    }
    collector.boolean("deletionProtection", news.deletionProtection);
    return { inputs: news, failures: collector.failures };
  }

  async diff(
    _id: string,
    olds: DeletionGuardInputs,
    news: DeletionGuardInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    // Never a replacement: replacing the guard would delete it, which is what it refuses.
    const changes =
      olds.landingZone !== news.landingZone ||
      olds.bucketName !== news.bucketName ||
      olds.deletionProtection !== news.deletionProtection;
    return { changes, replaces: [], deleteBeforeReplace: false };
  }

  async create(
    inputs: DeletionGuardInputs,
  ): Promise<pulumi.dynamic.CreateResult<DeletionGuardInputs>> {
    return { id: `${inputs.landingZone}-deletion-guard`, outs: outputsOf(inputs) };
  }

  async read(
    id: string,
    props?: DeletionGuardInputs,
  ): Promise<pulumi.dynamic.ReadResult<DeletionGuardInputs>> {
    return { id, props, inputs: props };
  }

  async update(
    _id: string,
    _olds: DeletionGuardInputs,
    news: DeletionGuardInputs,
  ): Promise<pulumi.dynamic.UpdateResult<DeletionGuardInputs>> {
    return { outs: outputsOf(news) };
  }

  async delete(_id: string, props: DeletionGuardInputs): Promise<void> {
    // Only an explicit false lets go: state written by any other value keeps the data protected.
    if (props.deletionProtection !== false) throw new Error(deletionRefusedMessage(props));
  }
}

function outputsOf(inputs: DeletionGuardInputs): DeletionGuardInputs {
  return {
    landingZone: inputs.landingZone,
    bucketName: inputs.bucketName,
    deletionProtection: inputs.deletionProtection,
  };
}
