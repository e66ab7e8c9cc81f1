/**
 * The fake aws plugin's smoke program: a bucket (forceDestroy false) with Block Public Access,
 * default SSE-KMS with its own key, one object, and an IAM user with an access key. With config
 * `unmodelled: true` it also declares a type the plugin does not model, which must fail loudly.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();

const bucket = new aws.s3.Bucket("smoke-bucket", { forceDestroy: false });
const publicAccessBlock = new aws.s3.BucketPublicAccessBlock("smoke-pab", {
  bucket: bucket.id,
  blockPublicAcls: true,
  blockPublicPolicy: true,
  ignorePublicAcls: true,
  restrictPublicBuckets: true,
});
const key = new aws.kms.Key("smoke-key", { description: "smoke", deletionWindowInDays: 7 });
const encryption = new aws.s3.BucketServerSideEncryptionConfiguration("smoke-sse", {
  bucket: bucket.id,
  rules: [
    {
      applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
      bucketKeyEnabled: true,
    },
  ],
});
const object = new aws.s3.BucketObjectv2(
  "smoke-object",
  { bucket: bucket.id, key: "data/hello.txt", content: "hello", contentType: "text/plain" },
  { dependsOn: [encryption] },
);
const user = new aws.iam.User("smoke-user", {});
const accessKey = new aws.iam.AccessKey("smoke-access-key", { user: user.name });

if (config.getBoolean("unmodelled")) {
  new aws.sqs.Queue("smoke-queue", {});
}

export const bucketName = bucket.bucket;
export const bucketArn = bucket.arn;
export const keyArn = key.arn;
export const objectEtag = object.etag;
export const objectKmsKeyId = object.kmsKeyId;
export const userName = user.name;
export const accessKeyId = accessKey.id;
export const accessKeySecret = accessKey.secret;
export const publicAccessBlockId = publicAccessBlock.id;
