/**
 * The flagship (examples/flagship: the landing zone, its KMS key, allowlist bucket policy and IAM
 * identity, and the CloudWorks objects that use them) on the real engine: the `pulumi` CLI, the
 * fake `aws` plugin with its fake cloud (tests/engine/fakeAws) and the CloudWorks emulator. One
 * stack walks through a user's life with it, in order: a brand-new stack's preview, `up`, a
 * no-change preview, secrets in state, an allowlist and admin change, an access-key rotation,
 * Block Public Access removed out of band, a destroy refused while the bucket may hold data, and
 * the destroy that follows the documented steps.
 */
import type { RunningEmulator } from "../../emulator";
import type { LocalStack } from "../../scripts/localStack";
import type { FakeCloud } from "./fakeAws";
import {
  FLAGSHIP_PASSWORD,
  FlagshipFixture,
  lineIndex,
  lines,
  PROJECT,
  startFlagshipStack,
  urnOf,
} from "./support";

// Each step runs one or more CLI commands of 5–40 s on a quiet machine; a loaded 2-core CI
// machine can be several times slower.
jest.setTimeout(600_000);

/** The bucket name the sample stack config sets. */
const BUCKET = "acme-cloudworks-accounts-dev";
/** Pulumi's marker of a secret value in exported state. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

let fixture: FlagshipFixture;
let stack: LocalStack;
let cloud: FakeCloud;
let emulator: RunningEmulator;

beforeAll(async () => {
  fixture = await startFlagshipStack();
  ({ stack, cloud, emulator } = fixture);
}, 600_000);

afterAll(async () => {
  await fixture?.dispose();
});

/** The CloudWorks connections in the emulator's tenant. */
function connections(): { connectionId: string; name: string; body: Record<string, unknown> }[] {
  return Object.values(emulator.state.connections) as unknown as {
    connectionId: string;
    name: string;
    body: Record<string, unknown>;
  }[];
}

/** The one access key of the CloudWorks user in the fake cloud. */
function currentAccessKey(): { id: string; secret: string } {
  const keys = cloud.accessKeys();
  expect(keys).toHaveLength(1);
  return keys[0];
}

/** Every protection of the bucket, as the fake cloud has it now. */
function protections(): Record<string, unknown> {
  const bucket = cloud.bucket(BUCKET);
  return {
    bucket: bucket !== undefined,
    policy: bucket?.policy !== undefined,
    publicAccessBlock: bucket?.publicAccessBlock,
    encryption: bucket?.encryption !== undefined,
    versioning: bucket?.versioning !== undefined,
    lifecycle: bucket?.lifecycle !== undefined,
    ownership: bucket?.ownership !== undefined,
    keys: cloud.kmsKeys().map((k) => k.keyState),
    aliases: cloud.aliases().length,
    users: cloud.users().length,
    userPolicies: cloud.userPolicies().length,
    accessKeys: cloud.accessKeys().length,
  };
}

const ALL_PROTECTIONS = {
  bucket: true,
  policy: true,
  publicAccessBlock: expect.objectContaining({
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  }),
  encryption: true,
  versioning: true,
  lifecycle: true,
  ownership: true,
  keys: ["Enabled"],
  aliases: 1,
  users: 1,
  userPolicies: 1,
  accessKeys: 1,
};

it("previews a brand-new stack: the connection accepts the unknown key, dependents show unknown IDs", async () => {
  emulator.resetCounts();
  const result = await stack.preview();
  expect(result.stdout).toMatch(/\+ +aws:s3:Bucket landing-zone-bucket create/);
  expect(result.stdout).toMatch(/\+ +aws:iam:AccessKey landing-zone-cloudworks-key create/);
  // The connection's accessKeyId and secretAccessKey come from an access key that does not exist
  // yet: its check accepts them unknown instead of failing the preview.
  expect(result.stdout).toMatch(
    /\+ +pulumi-nodejs:dynamic\/cloudworks:Connection landing-zone-connection create/,
  );
  expect(result.stdout).toMatch(
    /\+ +pulumi-nodejs:dynamic\/cloudworks:IntegrationRun load-on-deploy create/,
  );
  for (const output of [
    "connectionId",
    "cloudWorksAccessKeyId",
    "exportIntegrationId",
    "loadFlowId",
  ]) {
    expect(result.stdout).toMatch(new RegExp(`${output} *: \\[unknown\\]`));
  }
  expect(result.stdout).toMatch(/\+ 22 to create/);
  // A preview is free: no CloudWorks call, and nothing in the fake cloud.
  expect(emulator.requestCounts()).toEqual({});
  expect(cloud.operations()).toEqual([]);
});

it("`up` creates the landing zone with every protection, then the CloudWorks objects on it", async () => {
  const result = await stack.up();
  expect(result.stdout).toMatch(/\+ 22 created/);
  expect(protections()).toEqual(ALL_PROTECTIONS);
  const key = cloud.kmsKeys()[0];
  const encryption = JSON.stringify(cloud.bucket(BUCKET)?.encryption);
  expect(encryption).toContain(key.arn);
  expect(encryption).toContain("aws:kms");

  // The connection signs in with the IAM key the stack made, for the stack's bucket.
  const [connection] = connections();
  expect(connections()).toHaveLength(1);
  expect(connection.body).toMatchObject({ bucketName: BUCKET, accessKeyId: currentAccessKey().id });
  const outputs = await stack.outputs();
  expect(outputs.connectionId).toBe(connection.connectionId);
  expect(outputs.cloudWorksAccessKeyId).toBe(currentAccessKey().id);
  expect(outputs.loadRunResult).toMatchObject({ success: true });
  // The load's history, read from CloudWorks once the run on deploy had finished, lists it.
  expect(outputs.recentLoadRuns).toEqual([
    expect.objectContaining({
      runId: (outputs.loadRunResult as { runId: string }).runId,
      success: true,
      errorCount: 0,
    }),
  ]);

  // The connection was created only after the bucket policy, encryption, public access block and
  // the CloudWorks user's grants existed (CloudWorks never sees an unprotected bucket).
  const created = cloud.operations().map((op) => op.type);
  expect(created).toEqual(
    expect.arrayContaining([
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:iam/userPolicy:UserPolicy",
    ]),
  );
  const out = lines(result);
  const connectionCreated = lineIndex(out, /Connection landing-zone-connection created/);
  expect(connectionCreated).toBeGreaterThan(
    lineIndex(out, /BucketPolicy landing-zone-bucket-policy created/),
  );
  expect(connectionCreated).toBeGreaterThan(lineIndex(out, /landing-zone-encryption created/));
  expect(connectionCreated).toBeGreaterThan(
    lineIndex(out, /landing-zone-public-access-block created/),
  );
});

it("a second preview shows no changes", async () => {
  const result = await stack.preview(true);
  expect(result.stdout).toMatch(/22 unchanged/);
});

it("keeps the secret access key encrypted in state for the AccessKey and the connection, and never prints it", async () => {
  const { secret } = currentAccessKey();
  const { text, deployment } = await stack.exportState();
  expect(text).not.toContain(secret);
  expect(text).not.toContain(FLAGSHIP_PASSWORD);
  const resources = deployment.resources ?? [];
  const isSecret = (value: unknown) =>
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
  const accessKey = resources.find((r) => r.type === "aws:iam/accessKey:AccessKey");
  expect(isSecret(accessKey?.outputs?.secret)).toBe(true);
  const connection = resources.find(
    (r) => r.type === "pulumi-nodejs:dynamic/cloudworks:Connection",
  );
  expect(isSecret(connection?.inputs?.secretAccessKey)).toBe(true);
  expect(isSecret(connection?.outputs?.secretAccessKey)).toBe(true);
  // The stack's outputs, shown with secrets, still do not carry it (it is never exported).
  const outputs = JSON.stringify(await stack.outputs(true));
  expect(outputs).not.toContain(secret);
  expect(stack.transcript.join("\n")).not.toContain(secret);
});

it("an allowlist and admin change updates only the bucket and key policies", async () => {
  const connectionBefore = connections()[0].connectionId;
  const seqBefore = cloud.operations().length;
  await stack.pulumi(["config", "set", "--path", `${PROJECT}:allowedCidrs[0]`, "52.1.2.3"]);
  await stack.pulumi([
    "config",
    "set",
    "--path",
    `${PROJECT}:adminRoleArns[1]`,
    "arn:aws:iam::111122223333:role/SecurityAdmin",
  ]);
  const preview = await stack.preview();
  expect(preview.stdout).toMatch(/~ +aws:s3:BucketPolicy landing-zone-bucket-policy update/);
  expect(preview.stdout).toMatch(/~ +aws:kms:Key landing-zone-key update/);
  expect(preview.stdout).toMatch(/~ 2 to update/);
  expect(preview.stdout).not.toMatch(/Connection landing-zone-connection (update|replace)/);

  const result = await stack.up();
  expect(result.stdout).toMatch(/~ 2 updated/);
  const changed = cloud
    .operations()
    .slice(seqBefore)
    .map((op) => `${op.op} ${op.type}`);
  expect(changed.sort()).toEqual([
    "update aws:kms/key:Key",
    "update aws:s3/bucketPolicy:BucketPolicy",
  ]);
  expect(JSON.stringify(cloud.bucket(BUCKET)?.policy)).toContain("52.1.2.3/32");
  expect(JSON.stringify(cloud.kmsKeys()[0].config)).toContain("role/SecurityAdmin");
  expect(connections().map((c) => c.connectionId)).toEqual([connectionBefore]);
});

it("rotates the access key with --replace: new key first, connection updated in place, old key deleted last", async () => {
  const oldKey = currentAccessKey();
  const connectionBefore = connections()[0].connectionId;
  const urn = await urnOf(stack, "aws:iam/accessKey:AccessKey", "landing-zone-cloudworks-key");
  const result = await stack.pulumi(["up", "--yes", "--skip-preview", "--replace", urn]);
  const newKey = currentAccessKey();
  expect(newKey.id).not.toBe(oldKey.id);

  const out = lines(result);
  const created = lineIndex(out, /AccessKey landing-zone-cloudworks-key created replacement/);
  const updated = lineIndex(out, /Connection landing-zone-connection updated/);
  const deleted = lineIndex(out, /AccessKey landing-zone-cloudworks-key deleted original/);
  expect(created).toBeGreaterThanOrEqual(0);
  expect(updated).toBeGreaterThan(created);
  expect(deleted).toBeGreaterThan(updated);
  // The fake cloud saw the same order: create the new key, delete the old one at the end.
  const keyOps = cloud
    .operations()
    .filter((op) => op.type === "aws:iam/accessKey:AccessKey")
    .slice(-2)
    .map((op) => `${op.op} ${op.id}`);
  expect(keyOps).toEqual([`create ${newKey.id}`, `delete ${oldKey.id}`]);

  // Same connection, now signing in with the new key.
  expect(connections().map((c) => c.connectionId)).toEqual([connectionBefore]);
  expect(connections()[0].body).toMatchObject({ accessKeyId: newKey.id });
  expect(stack.transcript.join("\n")).not.toContain(newKey.secret);
  await stack.preview(true);
});

it("finds Block Public Access deleted out of band on refresh, and `up` restores it", async () => {
  cloud.deletePublicAccessBlock(BUCKET);
  const refresh = await stack.refresh();
  expect(refresh.stdout).toMatch(
    /BucketPublicAccessBlock landing-zone-public-access-block deleted/,
  );
  const preview = await stack.preview();
  expect(preview.stdout).toMatch(
    /\+ +aws:s3:BucketPublicAccessBlock landing-zone-public-access-block create/,
  );
  await stack.up();
  expect(protections()).toEqual(ALL_PROTECTIONS);
  await stack.preview(true);
});

it("refuses to destroy while the bucket may hold data, and strips none of its protection", async () => {
  // An export CloudWorks wrote: data Pulumi does not manage.
  cloud.putObject(BUCKET, "anaplan/exports/accounts-2027-01-04.csv", "id,name\n1,Acme\n");
  const before = cloud.operations().length;
  const result = await stack.destroy(false);
  expect(result.code).not.toBe(0);
  const all = `${result.stdout}\n${result.stderr}`;
  expect(all).toContain(
    `CloudWorksS3LandingZone "landing-zone": deletion protection is on, so nothing protecting bucket "${BUCKET}" was deleted`,
  );
  expect(all).toContain("set deletionProtection: false");
  expect(all).toContain("`pulumi config set deletionProtection false`");
  // Every protection is still in place, the key is not pending deletion, the data is there.
  expect(protections()).toEqual(ALL_PROTECTIONS);
  expect(Object.keys(cloud.bucket(BUCKET)?.objects ?? {})).toContain(
    "anaplan/exports/accounts-2027-01-04.csv",
  );
  // Only the uploaded source file may go: it is no protection, and the run that loaded it is gone.
  const changes = cloud
    .operations()
    .slice(before)
    .map((op) => `${op.op} ${op.type}`);
  expect(changes).toEqual(
    changes.length === 0 ? [] : ["delete aws:s3/bucketObjectv2:BucketObjectv2"],
  );
});

it("destroys after the documented steps, deleting the connection before any landing-zone resource", async () => {
  await stack.setConfig(`${PROJECT}:deletionProtection`, "false");
  await stack.setConfig(`${PROJECT}:forceDestroy`, "true");
  await stack.up();
  const before = cloud.operations().length;
  const result = await stack.destroy();
  const out = lines(result);
  const connectionDeleted = lineIndex(out, /Connection landing-zone-connection deleted/);
  // The landing zone's resources: everything the connection's bucket and credentials rest on.
  // (The uploaded source file is not one: it may go as soon as the run that loaded it is gone.)
  const firstAwsDelete = lineIndex(out, /aws:[a-z0-9]+:\w+ landing-zone-[\w-]+ deleting/);
  expect(connectionDeleted).toBeGreaterThanOrEqual(0);
  expect(firstAwsDelete).toBeGreaterThan(connectionDeleted);
  expect(
    cloud
      .operations()
      .slice(before)
      .every((op) => op.op === "delete"),
  ).toBe(true);

  expect(cloud.buckets()).toEqual([]);
  expect(cloud.kmsKeys().map((k) => k.keyState)).toEqual(["PendingDeletion"]);
  expect(cloud.users()).toEqual([]);
  expect(cloud.accessKeys()).toEqual([]);
  expect(connections()).toEqual([]);
  expect(Object.keys(emulator.state.integrations)).toEqual([]);
});
