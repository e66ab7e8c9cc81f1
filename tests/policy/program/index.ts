/**
 * A CloudWorks-only stack for the policy-pack engine test. It holds an AmazonS3 connection whose
 * bucket is not managed here (so the pack's advisory bucket-not-in-stack rule fires) and, with
 * config `plaintextSecret: true`, a connection registered without the CloudWorksConnection class
 * so that its secret access key reaches the engine as plaintext (so the secrets rule fires).
 * The test only ever previews it.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudWorksConnection } from "pulumi-cloudworks";

const config = new pulumi.Config();

new CloudWorksConnection("external-s3", {
  name: "Policy External S3",
  type: "AmazonS3",
  bucketName: "acme-external-landing",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: config.requireSecret("s3SecretAccessKey"),
});

/** Registers a connection with CloudWorksConnection's type token but without its secret wrapping. */
class PlaintextConnection extends pulumi.dynamic.Resource {
  constructor(name: string, props: pulumi.Inputs) {
    const previewOnly: pulumi.dynamic.ResourceProvider = {
      async create() {
        throw new Error("this connection exists only to be previewed");
      },
    };
    super(previewOnly, name, props, {}, "cloudworks", "Connection");
  }
}

if (config.getBoolean("plaintextSecret")) {
  new PlaintextConnection("plaintext-s3", {
    name: "Policy Plaintext S3",
    type: "AmazonS3",
    bucketName: "acme-external-landing",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: config.require("plaintextAccessKey"),
  });
}
