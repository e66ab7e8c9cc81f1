/**
 * The fake AWS cloud's state: one JSON file, shared by the fake `aws` plugin (which the engine
 * may run several of, one per CLI command) and the test process (FakeCloud). Every change is a
 * synchronous read-modify-write under a cross-process lock, written to a temp file and renamed
 * into place, so a reader never sees half a file and two writers never lose each other's change.
 */
import * as fs from "fs";
import * as path from "path";

/** The environment variable naming the state file. */
export const STATE_ENV = "PULUMI_FAKE_AWS_STATE";

/** The fake account every ARN belongs to. */
export const ACCOUNT_ID = "123456789012";

/** One mutating call of the fake cloud, in the order it happened. */
export interface Operation {
  /** 1, 2, 3… over the life of the state file. */
  seq: number;
  /** Epoch milliseconds with a fraction (performance.timeOrigin + performance.now()). */
  at: number;
  /** What happened. */
  op: "create" | "update" | "delete";
  /** The Pulumi type token, e.g. `aws:s3/bucket:Bucket`. */
  type: string;
  /** The resource name from the URN (e.g. `landing-zone-bucket`); `(out of band)` for FakeCloud writes. */
  name: string;
  /** The cloud ID of the resource. */
  id: string;
}

/** An object stored in a bucket. */
export interface S3Object {
  /** The object key. */
  key: string;
  /** The entity tag (hex, no quotes). */
  etag: string;
  /** The version ID (a new one on every write). */
  versionId: string;
  /** The size in bytes when known (out-of-band writes with a body). */
  size?: number;
  /** The content type. */
  contentType?: string;
  /** `aws:kms` or `AES256`, from the request or the bucket's default encryption at write time. */
  serverSideEncryption: string;
  /** The KMS key (ARN) when `serverSideEncryption` is `aws:kms`. */
  kmsKeyId?: string;
  /** Whether an S3 bucket key was used. */
  bucketKeyEnabled?: boolean;
  /** Whether Pulumi wrote it (a BucketObjectv2) or something else did (FakeCloud.putObject). */
  managed: boolean;
  /** The managed object's full configuration (the BucketObjectv2 inputs), for refresh. */
  config?: Record<string, unknown>;
}

/** A bucket with its configuration sub-resources (each absent when not configured). */
export interface S3Bucket {
  /** The bucket name (also its ID). */
  name: string;
  /** `arn:aws:s3:::<name>`. */
  arn: string;
  /** The region it lives in. */
  region: string;
  /** The Bucket resource's configuration (its inputs: forceDestroy, tags, …). */
  config: Record<string, unknown>;
  /** Objects by key. */
  objects: Record<string, S3Object>;
  /** BucketPolicy configuration (`policy`, …). */
  policy?: Record<string, unknown>;
  /** BucketPublicAccessBlock configuration (the four flags). */
  publicAccessBlock?: Record<string, unknown>;
  /** BucketServerSideEncryptionConfiguration (`rules`). */
  encryption?: Record<string, unknown>;
  /** BucketVersioning (`versioningConfiguration`). */
  versioning?: Record<string, unknown>;
  /** BucketLifecycleConfiguration (`rules`). */
  lifecycle?: Record<string, unknown>;
  /** BucketOwnershipControls (`rule`). */
  ownership?: Record<string, unknown>;
  /** BucketLogging (`targetBucket`, `targetPrefix`). */
  logging?: Record<string, unknown>;
}

/** A KMS key. Deleted keys stay, in state `PendingDeletion`, as on AWS. */
export interface KmsKey {
  /** The key ID (a UUID; also the resource ID). */
  keyId: string;
  /** The key ARN. */
  arn: string;
  /** The region it lives in. */
  region: string;
  /** `Enabled` or `PendingDeletion`. */
  keyState: "Enabled" | "PendingDeletion";
  /** Waiting period of a scheduled deletion (set when deleted). */
  pendingDeletionWindowInDays?: number;
  /** The Key resource's configuration (description, policy, rotation, tags, …). */
  config: Record<string, unknown>;
}

/** A KMS alias. */
export interface KmsAlias {
  /** `alias/…` (also the resource ID). */
  name: string;
  /** The alias ARN. */
  arn: string;
  /** The key ID it points to. */
  targetKeyId: string;
  /** The ARN of the key it points to. */
  targetKeyArn: string;
}

/** An IAM user. */
export interface IamUser {
  /** The user name (also the resource ID). */
  name: string;
  /** The user ARN. */
  arn: string;
  /** The `AIDA…` unique ID. */
  uniqueId: string;
  /** The User resource's configuration (path, tags, permissionsBoundary, forceDestroy). */
  config: Record<string, unknown>;
}

/** An IAM access key. */
export interface IamAccessKey {
  /** The `AKIA…` access key ID (also the resource ID). */
  id: string;
  /** The user it belongs to. */
  user: string;
  /** The secret access key (the fake cloud is test data; it is never printed). */
  secret: string;
  /** `Active` or `Inactive`. */
  status: string;
  /** ISO creation time. */
  createDate: string;
}

/** An inline IAM user policy. */
export interface IamUserPolicy {
  /** The user it belongs to. */
  user: string;
  /** The policy name. */
  name: string;
  /** The policy document (JSON text). */
  policy: string;
}

/** The whole fake cloud. */
export interface FakeAwsState {
  /** Buckets by name. */
  buckets: Record<string, S3Bucket>;
  /** KMS keys by key ID. */
  kmsKeys: Record<string, KmsKey>;
  /** KMS aliases by name. */
  aliases: Record<string, KmsAlias>;
  /** IAM users by ID (the name they were created with; a rename keeps the ID). */
  users: Record<string, IamUser>;
  /** Access keys by ID. */
  accessKeys: Record<string, IamAccessKey>;
  /** Inline user policies by `<user>:<policy name>`. */
  userPolicies: Record<string, IamUserPolicy>;
  /** Every mutating call, oldest first. */
  operations: Operation[];
}

/** A state with nothing in it. */
export function emptyState(): FakeAwsState {
  return {
    buckets: {},
    kmsKeys: {},
    aliases: {},
    users: {},
    accessKeys: {},
    userPolicies: {},
    operations: [],
  };
}

/** Reads the state file; a missing or empty file is an empty cloud. */
export function readState(file: string): FakeAwsState {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw error;
  }
  if (text.trim() === "") return emptyState();
  return { ...emptyState(), ...(JSON.parse(text) as Partial<FakeAwsState>) };
}

/**
 * Runs `change` on the current state and writes the result back, holding the file's lock the
 * whole time. Synchronous on purpose: in the plugin, no other RPC can run in between, and the
 * lock keeps other processes (another plugin, the test) out. If `change` throws, nothing is
 * written.
 */
export function mutateState<T>(file: string, change: (state: FakeAwsState) => T): T {
  return withLock(file, () => {
    const state = readState(file);
    const result = change(state);
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(state, null, 2));
    fs.renameSync(temp, file);
    return result;
  });
}

/** Appends to the operation log (inside a mutateState change). */
export function logOperation(
  state: FakeAwsState,
  op: Operation["op"],
  type: string,
  name: string,
  id: string,
): void {
  const seq = (state.operations.at(-1)?.seq ?? 0) + 1;
  state.operations.push({
    seq,
    at: performance.timeOrigin + performance.now(),
    op,
    type,
    name,
    id,
  });
}

// A directory as the lock: mkdir is atomic. A lock older than this is left over from a killed
// process (a test kills the CLI and its plugins with SIGKILL) and is taken over.
const STALE_LOCK_MS = 10_000;

function withLock<T>(file: string, body: () => T): T {
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) {
          fs.rmSync(lock, { recursive: true, force: true });
          continue;
        }
      } catch {
        // Released meanwhile: try again.
      }
      if (Date.now() - started > 60_000) throw new Error(`fake aws: cannot lock ${file}`);
      sleepSync(5);
    }
  }
  try {
    return body();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
