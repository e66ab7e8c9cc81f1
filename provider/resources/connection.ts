import * as pulumi from "@pulumi/pulumi";
import type { ConnectionType } from "../client";
import type { ConnectionInputs } from "../dynamic/inputs";
import { CloudWorksReadableResource } from "./get";
import { ArgsOf } from "./registration";

/** The CloudWorks connection types the API accepts (reference §4.1). */
export type CloudWorksConnectionType = ConnectionType;

/**
 * Inputs of a {@link CloudWorksConnection}. Fields are flat (as in @pulumi/aws) so that each
 * secret is its own top-level property: the engine keeps an output secret when the input of the
 * same key was secret, which a secret nested in an object would not get. Its properties are
 * declared once, with the provider's resolved inputs (`ConnectionInputs`).
 */
export type CloudWorksConnectionArgs = ArgsOf<ConnectionInputs>;

/**
 * A CloudWorks connection to Amazon S3, Azure Blob storage or Google BigQuery. Served by
 * `provider/dynamic/connection.ts` (the `connection` provider).
 *
 * Credentials to reach Anaplan come from stack config (`cloudworks:*`) or the environment,
 * never from resource inputs; the connection's own secrets are Pulumi secrets end to end.
 *
 * `CloudWorksConnection.get(name, id)` reads a connection made outside this stack with one pass
 * over the connection list on every preview and update. CloudWorks never returns credentials, so
 * on a read connection `accessKeyId`, `secretAccessKey`, `roleArn`, `sasToken` and
 * `serviceAccountKey` are undefined (the secret ones would stay secrets).
 */
export class CloudWorksConnection extends CloudWorksReadableResource {
  /**
   * The CloudWorks connection ID (32 lowercase hex). The same value as `id`, and like `id` it stays known during a preview
   * of an update, so resources that reference it are not shown as changing when this one is
   * only updated in place.
   */
  readonly connectionId: pulumi.Output<string> = this.id;
  /** The connection name. */
  declare readonly name: pulumi.Output<string>;
  /** The connection type. */
  declare readonly type: pulumi.Output<CloudWorksConnectionType>;
  /** The workspace the connection belongs to, if any. */
  declare readonly workspaceId: pulumi.Output<string | undefined>;
  /**
   * CloudWorks' health flag: 1 valid, 0 invalid (then see integrationErrorCode). This and the
   * other server fields below are null after a create until the next refresh or update: the
   * create makes one POST and reads nothing back (CloudWorks has no GET of one connection).
   */
  declare readonly status: pulumi.Output<number | null>;
  /** Why CloudWorks considers the connection invalid (e.g. 1 invalid credentials, 4 invalid bucket). */
  declare readonly integrationErrorCode: pulumi.Output<number | null>;
  /** When the connection was created (ISO 8601). */
  declare readonly creationDate: pulumi.Output<string | null>;
  /** When the connection was last modified (ISO 8601). */
  declare readonly modificationDate: pulumi.Output<string | null>;
  /** Who created the connection. */
  declare readonly createdBy: pulumi.Output<string | null>;
  /** Who last modified the connection. */
  declare readonly modifiedBy: pulumi.Output<string | null>;

  /**
   * Creates (or adopts) a CloudWorks connection.
   * @param name The Pulumi resource name.
   * @param args The connection's settings.
   * @param opts Resource options.
   */
  constructor(name: string, args: CloudWorksConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super("connection", name, args, opts);
  }
}
