import * as pulumi from "@pulumi/pulumi";

/** The CloudWorks connection types the API accepts (reference §4.1). */
export type CloudWorksConnectionType = "AmazonS3" | "AzureBlob" | "GoogleBigQuery";

/**
 * Inputs of a {@link CloudWorksConnection}. Fields are flat (as in @pulumi/aws) so that each
 * secret field is its own top-level property: the engine keeps a top-level secret input's output
 * secret, which a nested secret would not get.
 */
export interface CloudWorksConnectionArgs {
  /** Unique connection name: at most 60 characters, Latin letters, digits, spaces, `-` and `_`, starting and ending with a letter or digit. */
  name: pulumi.Input<string>;
  /** The connection type. Changing it replaces the connection. */
  type: pulumi.Input<CloudWorksConnectionType>;
  /** Workspace the connection belongs to (32 lowercase hex). Required for restricted integration users. */
  workspaceId?: pulumi.Input<string>;
  /** AmazonS3: the bucket name. */
  bucketName?: pulumi.Input<string>;
  /** AmazonS3: the IAM access key ID CloudWorks signs in with. */
  accessKeyId?: pulumi.Input<string>;
  /** AmazonS3: the IAM secret access key. Always stored as a Pulumi secret. */
  secretAccessKey?: pulumi.Input<string>;
  /** AmazonS3: optional role ARN CloudWorks assumes. */
  roleArn?: pulumi.Input<string>;
  /** AzureBlob: the storage account name. */
  storageAccountName?: pulumi.Input<string>;
  /** AzureBlob: the container name. */
  containerName?: pulumi.Input<string>;
  /** AzureBlob: the SAS token. Always stored as a Pulumi secret. */
  sasToken?: pulumi.Input<string>;
  /** GoogleBigQuery: the dataset name. */
  dataset?: pulumi.Input<string>;
  /** GoogleBigQuery: the service-account key (JSON text or object). Always stored as a Pulumi secret. */
  serviceAccountKey?: pulumi.Input<string | Record<string, string>>;
}

/**
 * A CloudWorks connection. PLACEHOLDER: the real dynamic resource replaces this class; the
 * constructor signature `(name, args, opts)` is the contract other modules build against.
 */
export class CloudWorksConnection extends pulumi.ComponentResource {
  /** The CloudWorks connection ID. */
  public readonly connectionId!: pulumi.Output<string>;

  constructor(name: string, args: CloudWorksConnectionArgs, opts?: pulumi.CustomResourceOptions) {
    super("cloudworks:placeholder:Connection", name, { args }, opts);
  }
}
