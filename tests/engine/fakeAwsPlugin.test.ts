/**
 * The fake `aws` plugin at the protocol level, without the CLI: the installed launcher is
 * started as the engine starts it, and a gRPC client makes the calls the engine makes. Covers
 * what the smoke engine test cannot reach cheaply: detailed diffs and replace-only properties,
 * autonaming stability, preview unknowns, and the cloud's refusals (NoSuchBucket, BucketNotEmpty,
 * DeleteConflict, LimitExceeded, KMS pending deletion), each in the real provider's words.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";

import * as grpc from "@grpc/grpc-js";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

import { FakeCloud, fakeAwsVersion, installFakeAwsPlugin } from "./fakeAws";

jest.setTimeout(120_000);

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const STACK = "urn:pulumi:dev::proj::";
const T = {
  bucket: "aws:s3/bucket:Bucket",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  object: "aws:s3/bucketObjectv2:BucketObjectv2",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  key: "aws:kms/key:Key",
  alias: "aws:kms/alias:Alias",
  user: "aws:iam/user:User",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  accessKey: "aws:iam/accessKey:AccessKey",
};

type Props = Record<string, unknown>;

interface Plugin {
  child: ChildProcess;
  client: provrpc.ResourceProviderClient;
}

let tempDir: string;
let launcher: string;
let cloud: FakeCloud;
let plugin: Plugin;

async function startPlugin(env: NodeJS.ProcessEnv): Promise<Plugin> {
  const child = spawn(launcher, ["127.0.0.1:1"], { env, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once("line", (line) => resolve(line.trim()));
    child.once("exit", (code) => reject(new Error(`plugin exited with ${code}`)));
  });
  expect(port).toMatch(/^\d+$/);
  const client = new provrpc.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return { child, client };
}

function stopPlugin(p: Plugin | undefined): void {
  if (!p) return;
  p.client.close();
  p.child.kill();
}

beforeAll(async () => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-aws-plugin-"));
  launcher = installFakeAwsPlugin(path.join(tempDir, "home"));
  cloud = new FakeCloud(path.join(tempDir, "cloud.json"));
  plugin = await startPlugin({ ...process.env, ...cloud.env });
}, 120_000);

afterAll(() => {
  stopPlugin(plugin);
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
});

/** Calls one RPC; resolves with the response or rejects with the gRPC error. */
function rpc<Res>(method: string, request: unknown, p: Plugin = plugin): Promise<Res> {
  const client = p.client as unknown as Record<
    string,
    (req: unknown, cb: (error: grpc.ServiceError | null, response: Res) => void) => void
  >;
  return new Promise((resolve, reject) => {
    client[method].call(p.client, request, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

function struct(props: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(props as Record<string, never>);
}

function urn(type: string, name: string): string {
  return `${STACK}${type}::${name}`;
}

async function check(type: string, name: string, news: Props, olds: Props = {}): Promise<Props> {
  const request = new provproto.CheckRequest();
  request.setUrn(urn(type, name));
  request.setNews(struct(news));
  request.setOlds(struct(olds));
  request.setRandomseed(Buffer.from(`${name}-seed`));
  const response = await rpc<provproto.CheckResponse>("check", request);
  return response.getInputs()?.toJavaScript() as Props;
}

async function diff(type: string, oldInputs: Props, news: Props) {
  const request = new provproto.DiffRequest();
  request.setUrn(urn(type, "r"));
  request.setId("id");
  request.setOlds(struct(oldInputs));
  request.setOldInputs(struct(oldInputs));
  request.setNews(struct(news));
  const response = await rpc<provproto.DiffResponse>("diff", request);
  const map = response.getDetaileddiffMap();
  const kinds = Object.fromEntries(
    map.getEntryList().map(([key]) => [key, kindName(map.get(key)?.getKind() ?? -1)]),
  );
  return {
    changes: response.getChanges(),
    replaces: response.getReplacesList(),
    diffs: response.getDiffsList(),
    detailed: kinds,
    hasDetailedDiff: response.getHasdetaileddiff(),
  };
}

function kindName(kind: number): string {
  const entry = Object.entries(provproto.PropertyDiff.Kind).find(([, v]) => v === kind);
  return entry ? entry[0] : String(kind);
}

async function create(
  type: string,
  name: string,
  inputs: Props,
  preview = false,
): Promise<{ id: string; outputs: Props }> {
  const request = new provproto.CreateRequest();
  request.setUrn(urn(type, name));
  request.setProperties(struct(inputs));
  request.setPreview(preview);
  const response = await rpc<provproto.CreateResponse>("create", request);
  return { id: response.getId(), outputs: response.getProperties()?.toJavaScript() as Props };
}

async function update(
  type: string,
  id: string,
  oldOutputs: Props,
  news: Props,
  preview = false,
): Promise<Props> {
  const request = new provproto.UpdateRequest();
  request.setUrn(urn(type, "r"));
  request.setId(id);
  request.setOlds(struct(oldOutputs));
  request.setOldInputs(struct(oldOutputs));
  request.setNews(struct(news));
  request.setPreview(preview);
  const response = await rpc<provproto.UpdateResponse>("update", request);
  return response.getProperties()?.toJavaScript() as Props;
}

async function del(type: string, name: string, id: string, outputs: Props): Promise<void> {
  const request = new provproto.DeleteRequest();
  request.setUrn(urn(type, name));
  request.setId(id);
  request.setProperties(struct(outputs));
  await rpc<emptyproto.Empty>("delete", request);
}

async function read(type: string, id: string, outputs: Props) {
  const request = new provproto.ReadRequest();
  request.setUrn(urn(type, "r"));
  request.setId(id);
  request.setProperties(struct(outputs));
  const response = await rpc<provproto.ReadResponse>("read", request);
  return {
    id: response.getId(),
    outputs: response.getProperties()?.toJavaScript() as Props | undefined,
    inputs: response.getInputs()?.toJavaScript() as Props | undefined,
  };
}

async function invoke(tok: string, args: Props): Promise<Props> {
  const request = new provproto.InvokeRequest();
  request.setTok(tok);
  request.setArgs(struct(args));
  const response = await rpc<provproto.InvokeResponse>("invoke", request);
  return response.getReturn()?.toJavaScript() as Props;
}

it("reports the installed @pulumi/aws version and the engine options it needs", async () => {
  const info = await rpc<plugproto.PluginInfo>("getPluginInfo", new emptyproto.Empty());
  expect(info.getVersion()).toBe(fakeAwsVersion());
  const configure = new provproto.ConfigureRequest();
  configure.setArgs(struct({ region: "eu-west-2", version: fakeAwsVersion() }));
  const response = await rpc<provproto.ConfigureResponse>("configure", configure);
  expect(response.getSupportspreview()).toBe(true);
  expect(response.getAcceptsecrets()).toBe(false);
  expect(response.getAcceptresources()).toBe(false);
  expect(response.getAcceptoutputs()).toBe(false);
});

it("autonames a bucket in lowercase and keeps the name it chose before", async () => {
  const first = await check(T.bucket, "Landing-Bucket", {});
  expect(first.bucket).toMatch(/^landing-bucket-[0-9a-f]{7}$/);
  expect(first.forceDestroy).toBe(false);
  const again = await check(T.bucket, "Landing-Bucket", { tags: { a: "b" } }, first);
  expect(again.bucket).toBe(first.bucket);
  expect((await check(T.bucket, "b", { bucket: "mine" })).bucket).toBe("mine");
  expect((await check(T.user, "cw", {})).name).toMatch(/^cw-[0-9a-f]{7}$/);
  expect((await check(T.userPolicy, "cw-access", { user: "u", policy: "{}" })).name).toMatch(
    /^cw-access-[0-9a-f]{7}$/,
  );
});

it("fails loudly on a type or an invoke it does not model", async () => {
  await expect(check("aws:sqs/queue:Queue", "q", {})).rejects.toThrow(
    "fake aws plugin: resource type aws:sqs/queue:Queue is not modelled",
  );
  await expect(invoke("aws:index/getRegion:getRegion", {})).rejects.toThrow(
    "fake aws plugin: invoke aws:index/getRegion:getRegion is not modelled",
  );
});

it("diffs inputs in detail, replacing only for the real schema's replace-only properties", async () => {
  const renamed = await diff(T.bucket, { bucket: "a", tags: { x: "1" } }, { bucket: "b" });
  expect(renamed.replaces).toEqual(["bucket"]);
  expect(renamed.detailed).toEqual({ bucket: "UPDATE_REPLACE", tags: "DELETE" });
  expect(renamed.hasDetailedDiff).toBe(true);

  const retagged = await diff(T.key, { description: "d" }, { description: "d", tags: { x: "1" } });
  expect(retagged.replaces).toEqual([]);
  expect(retagged.detailed).toEqual({ tags: "ADD" });

  const policyUnknown = await diff(
    T.policy,
    { bucket: "a", policy: "{}" },
    { bucket: "a", policy: UNKNOWN },
  );
  expect(policyUnknown.changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect(policyUnknown.detailed).toEqual({ policy: "UPDATE" });

  // A bucket being replaced gives its sub-resources an unknown bucket: they must be replaced.
  const bucketUnknown = await diff(
    T.sse,
    { bucket: "a", rules: [] },
    { bucket: UNKNOWN, rules: [] },
  );
  expect(bucketUnknown.replaces).toEqual(["bucket"]);

  const same = await diff(
    T.accessKey,
    { user: "u", status: "Active" },
    { user: "u", status: "Active" },
  );
  expect(same.changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
  expect((await diff(T.accessKey, { user: "u" }, { user: "v" })).replaces).toEqual(["user"]);
  expect(
    (
      await diff(
        T.alias,
        { name: "alias/a", targetKeyId: "k" },
        { name: "alias/a", targetKeyId: "l" },
      )
    ).replaces,
  ).toEqual([]);
  expect(
    (await diff(T.key, { keyUsage: "ENCRYPT_DECRYPT" }, { keyUsage: "SIGN_VERIFY" })).replaces,
  ).toEqual(["keyUsage"]);
});

it("returns unknown computed outputs from a preview create and writes nothing", async () => {
  const before = cloud.operations().length;
  const key = await create(T.accessKey, "k", { user: "nobody", status: "Active" }, true);
  expect(key.id).toBe("");
  expect(key.outputs).toMatchObject({ user: "nobody", status: "Active", secret: UNKNOWN });
  const bucket = await create(T.bucket, "b", { bucket: "preview-only", forceDestroy: false }, true);
  expect(bucket.outputs).toMatchObject({
    bucket: "preview-only",
    arn: UNKNOWN,
    bucketDomainName: UNKNOWN,
  });
  expect(cloud.operations()).toHaveLength(before);
  expect(cloud.bucket("preview-only")).toBeUndefined();
});

it("keeps the cloud's rules for buckets and objects", async () => {
  await expect(create(T.policy, "p", { bucket: "missing", policy: "{}" })).rejects.toThrow(
    /creating S3 Bucket \(missing\) Policy: operation error S3: PutBucketPolicy, https response error StatusCode: 404, .*api error NoSuchBucket: The specified bucket does not exist/,
  );
  const bucket = await create(T.bucket, "data", { bucket: "data-bucket", forceDestroy: false });
  expect(bucket.id).toBe("data-bucket");
  expect(bucket.outputs).toMatchObject({ arn: "arn:aws:s3:::data-bucket", region: "eu-west-2" });
  // Written before default encryption: SSE-S3. After: the bucket's KMS key.
  await create(T.object, "early", { bucket: "data-bucket", key: "early.csv", content: "a" });
  const key = await create(T.key, "key", { description: "k", deletionWindowInDays: 7 });
  await create(T.sse, "sse", {
    bucket: "data-bucket",
    rules: [
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: "aws:kms",
          kmsMasterKeyId: key.outputs.arn,
        },
      },
    ],
  });
  const late = await create(T.object, "late", {
    bucket: "data-bucket",
    key: "late.csv",
    content: "b",
  });
  expect(late.outputs).toMatchObject({
    serverSideEncryption: "aws:kms",
    kmsKeyId: key.outputs.arn,
  });
  expect(cloud.bucket("data-bucket")?.objects["early.csv"].serverSideEncryption).toBe("AES256");

  await del(T.object, "early", "early.csv", { bucket: "data-bucket" });
  await expect(del(T.bucket, "data", "data-bucket", bucket.outputs)).rejects.toThrow(
    /deleting S3 Bucket \(data-bucket\): operation error S3: DeleteBucket, https response error StatusCode: 409, .*api error BucketNotEmpty: The bucket you tried to delete is not empty\. You must delete all versions in the bucket\./,
  );
  expect(cloud.bucket("data-bucket")).toBeDefined();
  // forceDestroy as recorded in state lets it go, objects and all.
  await del(T.bucket, "data", "data-bucket", { ...bucket.outputs, forceDestroy: true });
  expect(cloud.bucket("data-bucket")).toBeUndefined();
  expect((await read(T.bucket, "data-bucket", bucket.outputs)).id).toBe("");

  // A KMS key is only scheduled for deletion; refresh sees it gone; no alias may point at it.
  await del(T.key, "key", key.id, key.outputs);
  expect(cloud.kmsKeys().find((k) => k.keyId === key.id)).toMatchObject({
    keyState: "PendingDeletion",
    pendingDeletionWindowInDays: 7,
  });
  expect((await read(T.key, key.id, key.outputs)).id).toBe("");
  await expect(create(T.alias, "alias", { name: "alias/x", targetKeyId: key.id })).rejects.toThrow(
    /creating KMS Alias \(alias\/x\): operation error KMS: CreateAlias, .*KMSInvalidStateException/,
  );
});

it("keeps the cloud's rules for IAM users and keys", async () => {
  const user = await create(T.user, "cw", {
    name: "cloudworks",
    path: "/cloudworks/",
    forceDestroy: false,
  });
  expect(user.outputs.arn).toBe("arn:aws:iam::123456789012:user/cloudworks/cloudworks");
  await create(T.userPolicy, "p", { user: "cloudworks", name: "access", policy: "{}" });
  const first = await create(T.accessKey, "k1", { user: "cloudworks", status: "Active" });
  expect(first.id).toMatch(/^AKIA[A-Z2-7]{16}$/);
  expect(String(first.outputs.secret)).toHaveLength(40);
  await create(T.accessKey, "k2", { user: "cloudworks", status: "Active" });
  await expect(create(T.accessKey, "k3", { user: "cloudworks" })).rejects.toThrow(
    /creating IAM Access Key \(cloudworks\): operation error IAM: CreateAccessKey, .*LimitExceeded: Cannot exceed quota for AccessKeysPerUser: 2/,
  );
  await expect(del(T.user, "cw", "cloudworks", user.outputs)).rejects.toThrow(
    /deleting IAM User \(cloudworks\): operation error IAM: DeleteUser, https response error StatusCode: 409, .*DeleteConflict: Cannot delete entity, must delete access keys first\./,
  );
  for (const key of cloud.accessKeys("cloudworks")) await del(T.accessKey, "k", key.id, {});
  await expect(del(T.user, "cw", "cloudworks", user.outputs)).rejects.toThrow(
    /DeleteConflict: Cannot delete entity, must delete policies first\./,
  );
  await del(T.userPolicy, "p", "cloudworks:access", {});
  await del(T.user, "cw", "cloudworks", user.outputs);
  expect(cloud.users().map((u) => u.name)).not.toContain("cloudworks");
  await expect(
    create(T.userPolicy, "p", { user: "cloudworks", name: "n", policy: "{}" }),
  ).rejects.toThrow(/NoSuchEntity: The user with name cloudworks cannot be found\./);
});

it("logs every change in order with a fractional timestamp", async () => {
  const operations = cloud.operations();
  expect(operations.length).toBeGreaterThan(5);
  operations.forEach((operation, i) => {
    expect(operation.seq).toBe(i + 1);
    if (i > 0) expect(operation.at).toBeGreaterThanOrEqual(operations[i - 1].at);
  });
  expect(operations.at(-1)).toMatchObject({
    op: "delete",
    type: T.user,
    name: "cw",
    id: "cloudworks",
  });
});

it("answers the identity data sources as an assumed-role deployer", async () => {
  expect(await invoke("aws:index/getPartition:getPartition", {})).toMatchObject({
    partition: "aws",
    dnsSuffix: "amazonaws.com",
  });
  const caller = await invoke("aws:index/getCallerIdentity:getCallerIdentity", {});
  expect(caller).toMatchObject({
    accountId: "123456789012",
    arn: "arn:aws:sts::123456789012:assumed-role/deployer/session",
  });
  expect(
    await invoke("aws:iam/getSessionContext:getSessionContext", { arn: caller.arn }),
  ).toMatchObject({
    issuerArn: "arn:aws:iam::123456789012:role/deployer",
    issuerName: "deployer",
  });
});

it("refuses to run without a state file, saying which variable to set", async () => {
  const env = { ...process.env };
  delete env.PULUMI_FAKE_AWS_STATE;
  const bare = await startPlugin(env);
  try {
    await expect(rpc("configure", new provproto.ConfigureRequest(), bare)).rejects.toThrow(
      /PULUMI_FAKE_AWS_STATE is not set/,
    );
  } finally {
    stopPlugin(bare);
  }
});

it("answers UNIMPLEMENTED for what it does not serve, as the engine expects", async () => {
  await expect(rpc("parameterize", new provproto.ParameterizeRequest())).rejects.toMatchObject({
    code: grpc.status.UNIMPLEMENTED,
  });
});

it("reports drift on refresh: a policy changed out of band comes back as outputs and inputs", async () => {
  const bucket = await create(T.bucket, "drift", { bucket: "drift-bucket", forceDestroy: false });
  const policy = await create(T.policy, "drift-policy", {
    bucket: "drift-bucket",
    policy: '{"a":1}',
  });
  cloud.setBucketPolicy("drift-bucket", '{"b":2}');
  const refreshed = await read(T.policy, policy.id, policy.outputs);
  expect(refreshed.id).toBe("drift-bucket");
  expect(refreshed.outputs).toMatchObject({ policy: '{"b":2}' });
  expect(refreshed.inputs).toEqual({ bucket: "drift-bucket", policy: '{"b":2}' });
  expect((await read(T.bucket, bucket.id, bucket.outputs)).inputs).toEqual({
    bucket: "drift-bucket",
    forceDestroy: false,
  });
});

it("renames an IAM user in place: its keys and policies follow, and its ID stays", async () => {
  const user = await create(T.user, "ren", { name: "before", path: "/", forceDestroy: false });
  await create(T.userPolicy, "ren-p", { user: "before", name: "access", policy: "{}" });
  await create(T.accessKey, "ren-k", { user: "before", status: "Active" });
  const planned = await update(
    T.user,
    user.id,
    user.outputs,
    { ...user.outputs, name: "after" },
    true,
  );
  expect(planned).toMatchObject({ name: "after", arn: UNKNOWN, uniqueId: user.outputs.uniqueId });
  const outputs = await update(T.user, user.id, user.outputs, {
    name: "after",
    path: "/",
    forceDestroy: false,
  });
  expect(outputs).toMatchObject({ name: "after", arn: "arn:aws:iam::123456789012:user/after" });
  expect((await read(T.user, user.id, outputs)).outputs).toMatchObject({ name: "after" });
  expect(cloud.userPolicies("after").map((p) => p.name)).toEqual(["access"]);
  expect(cloud.accessKeys("after")).toHaveLength(1);
  await expect(del(T.user, "ren", user.id, outputs)).rejects.toThrow(
    /deleting IAM User \(after\): .*DeleteConflict: Cannot delete entity, must delete access keys first\./,
  );
  await del(T.user, "ren", user.id, { ...outputs, forceDestroy: true });
  expect(cloud.users().map((u) => u.name)).not.toContain("after");
  expect(cloud.accessKeys("after")).toEqual([]);
});
