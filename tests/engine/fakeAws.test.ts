/**
 * Smoke test of the fake `aws` plugin on the real `pulumi` CLI: the engine loads it from an
 * isolated PULUMI_HOME, and a small program (bucket, Block Public Access, SSE-KMS, an object, an
 * IAM user and access key) goes through preview, up, refresh drift and a destroy the cloud
 * refuses, with the fake cloud checked after each step. The suites for the flagship and the
 * landing zone build on this.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { LocalStack } from "../../scripts/localStack";
import { pulumiBinDir } from "./support";
import { createFakeAwsStack, FakeCloud } from "./fakeAws";

jest.setTimeout(600_000);

const PAB_TYPE = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";

let tempDir: string;
let cloud: FakeCloud;
let stack: LocalStack;

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-aws-"));
  cloud = new FakeCloud(path.join(tempDir, "cloud.json"));
  stack = await createFakeAwsStack(cloud, {
    programSource: path.join(__dirname, "fakeAws", "program"),
    pulumiBinDir: pulumiBinDir(),
  });
}, 600_000);

afterAll(() => {
  stack?.dispose();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

async function bucketName(): Promise<string> {
  return (await stack.outputs()).bucketName as string;
}

it("a first preview on a new stack plans every create, with unknown computed outputs, and changes nothing", async () => {
  const result = await stack.preview();
  expect(result.stdout).toMatch(/\+ 8 to create/);
  // Autonamed inputs are known at preview; IDs, ARNs and the key are not.
  expect(result.stdout).toMatch(/bucketName\s*: "smoke-bucket-[0-9a-f]{7}"/);
  for (const output of ["bucketArn", "keyArn", "accessKeyId", "objectEtag", "objectKmsKeyId"]) {
    expect(result.stdout).toMatch(new RegExp(`${output}\\s*: \\[unknown\\]`));
  }
  expect(cloud.operations()).toEqual([]);
  expect(cloud.bucketNames()).toEqual([]);
});

it("up creates everything in the fake cloud, and a preview afterwards expects no changes", async () => {
  await stack.up();
  const name = await bucketName();
  expect(cloud.bucketNames()).toEqual([name]);
  const bucket = cloud.bucket(name);
  const [key] = cloud.kmsKeys();
  expect(key.keyState).toBe("Enabled");
  expect(bucket?.publicAccessBlock).toMatchObject({
    blockPublicAcls: true,
    restrictPublicBuckets: true,
  });
  // The object was written after the default encryption, so it carries the bucket's KMS key.
  expect(bucket?.objects["data/hello.txt"]).toMatchObject({
    serverSideEncryption: "aws:kms",
    kmsKeyId: key.arn,
    managed: true,
  });
  const [user] = cloud.users();
  const keys = cloud.accessKeys(user.name);
  expect(keys).toHaveLength(1);
  expect(keys[0].id).toMatch(/^AKIA[A-Z2-7]{16}$/);
  expect(keys[0].secret).toHaveLength(40);
  // The secret is a secret: encrypted in state, never printed.
  const { text } = await stack.exportState();
  expect(text).not.toContain(keys[0].secret);
  expect(stack.transcript.join("\n")).not.toContain(keys[0].secret);
  expect((await stack.outputs(true)).accessKeySecret).toBe(keys[0].secret);

  await stack.preview(true);
  await stack.refresh(true);
});

it("refresh drops a Block Public Access deleted out of band, and up puts it back", async () => {
  const name = await bucketName();
  cloud.deletePublicAccessBlock(name);
  const refreshed = await stack.refresh();
  expect(refreshed.stdout).toMatch(/- 1 deleted/);
  const { deployment } = await stack.exportState();
  expect((deployment.resources ?? []).some((r) => r.type === PAB_TYPE)).toBe(false);

  const up = await stack.up();
  expect(up.stdout).toMatch(/\+ 1 created/);
  expect(cloud.bucket(name)?.publicAccessBlock).toMatchObject({ blockPublicPolicy: true });
  expect(cloud.operations().at(-1)).toMatchObject({
    op: "create",
    type: PAB_TYPE,
    name: "smoke-pab",
  });
  await stack.preview(true);
});

it("fails loudly on a resource type it does not model", async () => {
  await stack.setConfig("unmodelled", "true");
  const result = await stack.up(false);
  expect(result.code).not.toBe(0);
  expect(result.stdout + result.stderr).toContain(
    "fake aws plugin: resource type aws:sqs/queue:Queue is not modelled",
  );
  await stack.removeConfig("unmodelled");
});

it("destroy fails with BucketNotEmpty while the bucket holds an object Pulumi does not manage, and the bucket stays", async () => {
  const name = await bucketName();
  cloud.putObject(name, "anaplan/exports/accounts.csv", "id,name\n1,Acme\n");
  const result = await stack.destroy(false);
  expect(result.code).not.toBe(0);
  expect(result.stdout + result.stderr).toMatch(
    /deleting S3 Bucket \(smoke-bucket-[0-9a-f]{7}\): operation error S3: DeleteBucket, https response error StatusCode: 409, .*api error BucketNotEmpty: The bucket you tried to delete is not empty\. You must delete all versions in the bucket\./,
  );
  const bucket = cloud.bucket(name);
  expect(bucket).toBeDefined();
  expect(Object.keys(bucket?.objects ?? {})).toEqual(["anaplan/exports/accounts.csv"]);
  // The managed object went first (Pulumi deletes dependents before the bucket), and the key
  // is only scheduled for deletion, as on AWS.
  expect(cloud.kmsKeys()[0]).toMatchObject({
    keyState: "PendingDeletion",
    pendingDeletionWindowInDays: 7,
  });
  const { deployment } = await stack.exportState();
  expect((deployment.resources ?? []).map((r) => r.type)).toContain("aws:s3/bucket:Bucket");
});
