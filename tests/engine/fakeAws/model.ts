/**
 * What the fake `aws` plugin knows about each AWS resource type it models: autonaming and
 * defaults (Check), replace-only properties (Diff), the outputs a real create or update would
 * return (unknown during preview), and the cloud's rules (a bucket must exist and be empty,
 * an IAM user with keys or policies cannot be deleted, at most two access keys, a deleted KMS
 * key stays pending deletion). Errors carry the real provider's wording, so tests assert what a
 * user would see. Pure functions over FakeAwsState: the plugin does the I/O.
 */
import * as crypto from "crypto";
import * as fs from "fs";

import { ACCOUNT_ID, FakeAwsState, IamUser, KmsKey, S3Bucket, S3Object } from "./state";

/** The engine's marker for a value not known until the resource is created. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The signature key the engine uses for assets, archives and secrets in a Struct. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** Resource properties as plain JSON. */
export type Props = Record<string, unknown>;

/** What a type handler may need to know about the call. */
export interface CallContext {
  /** The resource name from the URN. */
  name: string;
  /** The region the provider is configured for. */
  region: string;
}

/** An error the fake cloud returns, worded as the real provider reports it. */
export class FakeAwsError extends Error {}

/** How one resource type behaves. */
export interface TypeModel {
  /** Input properties whose change forces a replacement (the real schema's ForceNew). */
  replaceOnly: string[];
  /** Required inputs: Check fails naming them when absent. */
  required: string[];
  /** Applies defaults and autonaming; `olds` are the previous inputs (empty on first check). */
  check(news: Props, olds: Props, ctx: CallContext, random: () => string): Props;
  /** Outputs of a create during preview: the inputs plus unknown computed outputs. */
  previewCreate(inputs: Props, ctx: CallContext): Props;
  /** Outputs of an update during preview: known computed outputs kept, affected ones unknown. */
  previewUpdate(oldOutputs: Props, oldInputs: Props, news: Props): Props;
  /** Creates it in the cloud; returns its ID. */
  create(state: FakeAwsState, inputs: Props, ctx: CallContext): string;
  /** The current outputs, or undefined when it no longer exists. */
  read(state: FakeAwsState, id: string, oldOutputs: Props, ctx: CallContext): Props | undefined;
  /** The current configuration (what refresh reports as inputs), or undefined when gone. */
  inputs(state: FakeAwsState, id: string, oldOutputs: Props): Props | undefined;
  /** Changes it in place; returns its ID afterwards (an IAM user rename changes it). */
  update(state: FakeAwsState, id: string, oldOutputs: Props, news: Props, ctx: CallContext): string;
  /** Deletes it; throws the cloud's refusal. */
  delete(state: FakeAwsState, id: string, outputs: Props, ctx: CallContext): void;
}

// --- helpers ------------------------------------------------------------------------------------

function requestId(): string {
  return crypto.randomUUID();
}

function hostId(): string {
  return crypto.randomBytes(32).toString("base64");
}

function s3Error(
  what: string,
  operation: string,
  status: number,
  code: string,
  message: string,
): FakeAwsError {
  return new FakeAwsError(
    `${what}: operation error S3: ${operation}, https response error StatusCode: ${status}, RequestID: ${requestId().replace(/-/g, "").slice(0, 16).toUpperCase()}, HostID: ${hostId()}, api error ${code}: ${message}`,
  );
}

function awsError(
  what: string,
  service: string,
  operation: string,
  status: number,
  code: string,
  message: string,
): FakeAwsError {
  return new FakeAwsError(
    `${what}: operation error ${service}: ${operation}, https response error StatusCode: ${status}, RequestID: ${requestId()}, ${code}: ${message}`,
  );
}

function noSuchBucket(what: string, operation: string): FakeAwsError {
  return s3Error(what, operation, 404, "NoSuchBucket", "The specified bucket does not exist");
}

function randomChars(alphabet: string, length: number): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

const UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null)
    return Object.values(value).some(containsUnknown);
  return false;
}

/** Structural equality of JSON values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object).filter((k) => (a as Props)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Props)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Props)[k], (b as Props)[k]));
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function withoutUndefined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

/** Unknown for each name not given as an input. */
function unknownUnlessGiven(inputs: Props, names: string[]): Props {
  return Object.fromEntries(names.filter((n) => inputs[n] === undefined).map((n) => [n, UNKNOWN]));
}

/** Whether any of `names` differs between two input sets. */
function changed(oldInputs: Props, news: Props, names: string[]): boolean {
  return names.some((n) => !deepEqual(oldInputs[n], news[n]));
}

function autoname(urnName: string, random: () => string): string {
  return `${urnName}-${random()}`;
}

/**
 * The autonamed value for `property`: the one the program gives, else the one already chosen
 * (the real provider keeps an autoname for the life of the resource, so previews are stable),
 * else a new one.
 */
function keepOrAutoname(property: string, news: Props, olds: Props, fresh: () => string): Props {
  if (news[property] !== undefined) return news;
  if (typeof olds[property] === "string") return { ...news, [property]: olds[property] };
  return { ...news, [property]: fresh() };
}

function bucketOf(state: FakeAwsState, name: unknown): S3Bucket | undefined {
  return typeof name === "string" ? state.buckets[name] : undefined;
}

// --- S3 bucket ----------------------------------------------------------------------------------

const bucketModel: TypeModel = {
  replaceOnly: ["bucket", "bucketPrefix", "objectLockEnabled"],
  required: [],
  check(news, olds, ctx, random) {
    let inputs: Props = { forceDestroy: false, ...news };
    if (inputs.bucket === undefined && typeof inputs.bucketPrefix === "string") {
      const prefix = inputs.bucketPrefix;
      inputs = keepOrAutoname("bucket", inputs, olds, () => `${prefix}${random()}`);
    } else {
      // S3 bucket names are lowercase; the real provider lowercases the URN name.
      inputs = keepOrAutoname("bucket", inputs, olds, () =>
        autoname(ctx.name, random).toLowerCase(),
      );
    }
    return inputs;
  },
  previewCreate(inputs) {
    return {
      ...inputs,
      tagsAll: inputs.tags ?? {},
      objectLockEnabled: inputs.objectLockEnabled ?? false,
      ...unknownUnlessGiven(inputs, [
        "arn",
        "bucketDomainName",
        "bucketRegionalDomainName",
        "hostedZoneId",
        "region",
      ]),
    };
  },
  previewUpdate(oldOutputs, _oldInputs, news) {
    return { ...oldOutputs, ...news, tagsAll: news.tags ?? {} };
  },
  create(state, inputs, ctx) {
    const name = inputs.bucket as string;
    const what = `creating S3 Bucket (${name})`;
    if (state.buckets[name]) {
      throw s3Error(
        what,
        "CreateBucket",
        409,
        "BucketAlreadyOwnedByYou",
        "Your previous request to create the named bucket succeeded and you already own it.",
      );
    }
    state.buckets[name] = {
      name,
      arn: `arn:aws:s3:::${name}`,
      region: str(inputs.region) ?? ctx.region,
      config: withoutUndefined(inputs),
      objects: {},
    };
    return name;
  },
  read(state, id) {
    const bucket = state.buckets[id];
    if (!bucket) return undefined;
    return {
      ...bucket.config,
      bucket: bucket.name,
      arn: bucket.arn,
      region: bucket.region,
      bucketDomainName: `${bucket.name}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket.name}.s3.${bucket.region}.amazonaws.com`,
      hostedZoneId: "Z3AQBSTGFYJSTF",
      objectLockEnabled: bucket.config.objectLockEnabled ?? false,
      tagsAll: bucket.config.tags ?? {},
    };
  },
  inputs(state, id) {
    return state.buckets[id]?.config;
  },
  update(state, id, _oldOutputs, news) {
    const bucket = state.buckets[id];
    if (!bucket) throw noSuchBucket(`updating S3 Bucket (${id})`, "HeadBucket");
    bucket.config = withoutUndefined(news);
    return id;
  },
  delete(state, id, outputs) {
    const bucket = state.buckets[id];
    if (!bucket) return; // Already gone: the real provider treats NoSuchBucket as deleted.
    const objects = Object.keys(bucket.objects);
    // The provider decides by forceDestroy as recorded in state, as the real one does.
    const force = outputs.forceDestroy === true;
    if (objects.length > 0 && !force) {
      throw s3Error(
        `deleting S3 Bucket (${id})`,
        "DeleteBucket",
        409,
        "BucketNotEmpty",
        "The bucket you tried to delete is not empty. You must delete all versions in the bucket.",
      );
    }
    delete state.buckets[id];
  },
};

// --- bucket configuration sub-resources -------------------------------------------------------

type BucketSlot =
  | "policy"
  | "publicAccessBlock"
  | "encryption"
  | "versioning"
  | "lifecycle"
  | "ownership"
  | "logging";

/**
 * A resource that is one piece of a bucket's configuration (its ID is the bucket name). Deleting
 * it removes the piece. Choice where AWS differs: versioning, once enabled, can only be
 * suspended; the fake removes the piece so a test can see the resource is gone.
 */
function bucketSubResource(
  slot: BucketSlot,
  label: string,
  putOperation: string,
  required: string[],
): TypeModel {
  return {
    replaceOnly: ["bucket", "expectedBucketOwner"],
    required: ["bucket", ...required],
    check(news) {
      return news;
    },
    previewCreate(inputs) {
      return { ...inputs };
    },
    previewUpdate(oldOutputs, _oldInputs, news) {
      return { ...oldOutputs, ...news };
    },
    create(state, inputs) {
      const name = inputs.bucket as string;
      const bucket = bucketOf(state, name);
      if (!bucket) throw noSuchBucket(`creating S3 Bucket (${name}) ${label}`, putOperation);
      bucket[slot] = withoutUndefined(inputs);
      return name;
    },
    read(state, id) {
      const piece = state.buckets[id]?.[slot];
      return piece ? { ...piece, bucket: id } : undefined;
    },
    inputs(state, id) {
      const piece = state.buckets[id]?.[slot];
      return piece ? { ...piece, bucket: id } : undefined;
    },
    update(state, id, _oldOutputs, news) {
      const bucket = state.buckets[id];
      if (!bucket) throw noSuchBucket(`updating S3 Bucket (${id}) ${label}`, putOperation);
      bucket[slot] = withoutUndefined(news);
      return id;
    },
    delete(state, id) {
      const bucket = state.buckets[id];
      if (bucket) delete bucket[slot];
    },
  };
}

// --- S3 objects ---------------------------------------------------------------------------------

/** The etag of an object's content: MD5 of inline content, else from the asset's hash. */
function etagOf(inputs: Props): string {
  if (typeof inputs.content === "string") {
    return crypto.createHash("md5").update(inputs.content).digest("hex");
  }
  if (typeof inputs.contentBase64 === "string") {
    return crypto
      .createHash("md5")
      .update(Buffer.from(inputs.contentBase64, "base64"))
      .digest("hex");
  }
  const source = inputs.source as Props | undefined;
  if (source && typeof source === "object") {
    if (typeof source.hash === "string" && source.hash !== "") return source.hash.slice(0, 32);
    // The engine normally sends the hash; hash what the asset names when it does not.
    if (typeof source.text === "string") {
      return crypto.createHash("md5").update(source.text).digest("hex");
    }
    if (typeof source.path === "string" && fs.existsSync(source.path)) {
      return crypto.createHash("md5").update(fs.readFileSync(source.path)).digest("hex");
    }
  }
  return crypto.createHash("md5").update("").digest("hex");
}

/** Encryption of a write: the request's own, else the bucket's default at write time. */
function encryptionAtWrite(bucket: S3Bucket, inputs: Props): Partial<S3Object> {
  const rules = (bucket.encryption?.rules as Props[] | undefined) ?? [];
  const byDefault = (rules[0]?.applyServerSideEncryptionByDefault as Props | undefined) ?? {};
  const algorithm = str(inputs.serverSideEncryption) ?? str(byDefault.sseAlgorithm) ?? "AES256";
  const kms = algorithm.startsWith("aws:kms");
  return {
    serverSideEncryption: algorithm,
    kmsKeyId: kms
      ? (str(inputs.kmsKeyId) ??
        str(byDefault.kmsMasterKeyId) ??
        `arn:aws:kms:${bucket.region}:${ACCOUNT_ID}:alias/aws/s3`)
      : undefined,
    bucketKeyEnabled: kms
      ? ((inputs.bucketKeyEnabled as boolean | undefined) ?? rules[0]?.bucketKeyEnabled === true)
      : false,
  };
}

function writeObject(bucket: S3Bucket, inputs: Props, managed: boolean): S3Object {
  const key = inputs.key as string;
  const object: S3Object = {
    key,
    etag: etagOf(inputs),
    versionId: randomChars(SECRET_ALPHABET.replace(/[+/]/g, ""), 32),
    contentType: str(inputs.contentType) ?? "application/octet-stream",
    serverSideEncryption: "AES256",
    ...encryptionAtWrite(bucket, inputs),
    managed,
    config: managed ? withoutUndefined(inputs) : undefined,
  };
  bucket.objects[key] = object;
  return object;
}

/** Writes an object nobody manages with Pulumi (e.g. a CloudWorks export). */
export function putUnmanagedObject(bucket: S3Bucket, key: string, body: string): S3Object {
  const object = writeObject(bucket, { key, content: body }, false);
  object.size = Buffer.byteLength(body);
  return object;
}

const objectModel: TypeModel = {
  replaceOnly: ["bucket", "key"],
  required: ["bucket", "key"],
  check(news) {
    return { forceDestroy: false, ...news };
  },
  previewCreate(inputs) {
    return {
      ...inputs,
      tagsAll: inputs.tags ?? {},
      ...unknownUnlessGiven(inputs, [
        "arn",
        "etag",
        "versionId",
        "serverSideEncryption",
        "kmsKeyId",
        "bucketKeyEnabled",
        "contentType",
        "storageClass",
        "region",
      ]),
    };
  },
  previewUpdate(oldOutputs, oldInputs, news) {
    const rewritten = changed(oldInputs, news, [
      "source",
      "content",
      "contentBase64",
      "sourceHash",
    ]);
    return {
      ...oldOutputs,
      ...news,
      tagsAll: news.tags ?? {},
      // Every write makes a new version.
      versionId: UNKNOWN,
      ...(rewritten ? { etag: UNKNOWN } : {}),
    };
  },
  create(state, inputs) {
    const bucket = bucketOf(state, inputs.bucket);
    if (!bucket) {
      throw noSuchBucket(
        `uploading S3 Object (${String(inputs.key)}) to Bucket (${String(inputs.bucket)})`,
        "PutObject",
      );
    }
    writeObject(bucket, inputs, true);
    return inputs.key as string;
  },
  read(state, id, oldOutputs) {
    const bucket = bucketOf(state, oldOutputs.bucket);
    const object = bucket?.objects[id];
    if (!bucket || !object) return undefined;
    return {
      ...(object.config ?? {}),
      bucket: bucket.name,
      key: object.key,
      arn: `arn:aws:s3:::${bucket.name}/${object.key}`,
      etag: object.etag,
      versionId: object.versionId,
      contentType: object.contentType,
      serverSideEncryption: object.serverSideEncryption,
      kmsKeyId: object.kmsKeyId,
      bucketKeyEnabled: object.bucketKeyEnabled,
      storageClass: "STANDARD",
      region: bucket.region,
      tagsAll: (object.config?.tags as Props | undefined) ?? {},
    };
  },
  inputs(state, id, oldOutputs) {
    const object = bucketOf(state, oldOutputs.bucket)?.objects[id];
    return object ? (object.config ?? { bucket: oldOutputs.bucket, key: id }) : undefined;
  },
  update(state, id, oldOutputs, news) {
    const bucket = bucketOf(state, oldOutputs.bucket);
    if (!bucket) {
      throw noSuchBucket(
        `uploading S3 Object (${id}) to Bucket (${String(oldOutputs.bucket)})`,
        "PutObject",
      );
    }
    writeObject(bucket, news, true);
    return id;
  },
  delete(state, id, outputs) {
    // The real provider deletes every version of the object, so it leaves nothing behind.
    const bucket = bucketOf(state, outputs.bucket);
    if (bucket) delete bucket.objects[id];
  },
};

// --- KMS ---------------------------------------------------------------------------------------

function defaultKeyPolicy(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [
      {
        Sid: "Enable IAM User Permissions",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
      },
    ],
  });
}

function liveKey(state: FakeAwsState, id: string): KmsKey | undefined {
  const key = state.kmsKeys[id];
  // A key pending deletion is gone as far as the real provider's refresh is concerned.
  return key && key.keyState === "Enabled" ? key : undefined;
}

/** The key a targetKeyId names: a key ID or a key ARN. */
function keyByReference(state: FakeAwsState, reference: string): KmsKey | undefined {
  return Object.values(state.kmsKeys).find((k) => k.keyId === reference || k.arn === reference);
}

const KEY_DEFAULTS: Props = {
  keyUsage: "ENCRYPT_DECRYPT",
  customerMasterKeySpec: "SYMMETRIC_DEFAULT",
  isEnabled: true,
  enableKeyRotation: false,
  multiRegion: false,
  bypassPolicyLockoutSafetyCheck: false,
};

const keyModel: TypeModel = {
  replaceOnly: ["keyUsage", "customerMasterKeySpec", "keySpec", "multiRegion", "customKeyStoreId"],
  required: [],
  check(news) {
    return { bypassPolicyLockoutSafetyCheck: false, ...news };
  },
  previewCreate(inputs) {
    return {
      ...inputs,
      tagsAll: inputs.tags ?? {},
      ...unknownUnlessGiven(inputs, [
        "arn",
        "keyId",
        "policy",
        "keyUsage",
        "customerMasterKeySpec",
        "isEnabled",
        "enableKeyRotation",
        "rotationPeriodInDays",
        "multiRegion",
      ]),
    };
  },
  previewUpdate(oldOutputs, _oldInputs, news) {
    return { ...oldOutputs, ...news, tagsAll: news.tags ?? {} };
  },
  create(state, inputs, ctx) {
    const keyId = crypto.randomUUID();
    state.kmsKeys[keyId] = {
      keyId,
      arn: `arn:aws:kms:${str(inputs.region) ?? ctx.region}:${ACCOUNT_ID}:key/${keyId}`,
      region: str(inputs.region) ?? ctx.region,
      keyState: "Enabled",
      config: withoutUndefined(inputs),
    };
    return keyId;
  },
  read(state, id) {
    const key = liveKey(state, id);
    if (!key) return undefined;
    return {
      ...KEY_DEFAULTS,
      rotationPeriodInDays: key.config.enableKeyRotation === true ? 365 : 0,
      policy: defaultKeyPolicy(),
      ...key.config,
      arn: key.arn,
      keyId: key.keyId,
      region: key.region,
      tagsAll: key.config.tags ?? {},
    };
  },
  inputs(state, id) {
    return liveKey(state, id)?.config;
  },
  update(state, id, _oldOutputs, news) {
    const key = liveKey(state, id);
    if (!key) {
      throw awsError(
        `updating KMS Key (${id})`,
        "KMS",
        "DescribeKey",
        400,
        "NotFoundException",
        `Key '${id}' does not exist`,
      );
    }
    key.config = withoutUndefined(news);
    return id;
  },
  delete(state, id, outputs) {
    const key = state.kmsKeys[id];
    if (!key || key.keyState === "PendingDeletion") return;
    key.keyState = "PendingDeletion";
    key.pendingDeletionWindowInDays =
      typeof outputs.deletionWindowInDays === "number" ? outputs.deletionWindowInDays : 30;
  },
};

const aliasModel: TypeModel = {
  replaceOnly: ["name", "namePrefix"],
  required: ["targetKeyId"],
  check(news, olds, ctx, random) {
    const prefix = str(news.namePrefix);
    return keepOrAutoname("name", news, olds, () =>
      prefix !== undefined ? `${prefix}${random()}` : `alias/${autoname(ctx.name, random)}`,
    );
  },
  previewCreate(inputs) {
    return { ...inputs, ...unknownUnlessGiven(inputs, ["arn", "targetKeyArn"]) };
  },
  previewUpdate(oldOutputs, oldInputs, news) {
    return {
      ...oldOutputs,
      ...news,
      ...(changed(oldInputs, news, ["targetKeyId"]) ? { targetKeyArn: UNKNOWN } : {}),
    };
  },
  create(state, inputs, ctx) {
    const name = inputs.name as string;
    const what = `creating KMS Alias (${name})`;
    const arn = `arn:aws:kms:${ctx.region}:${ACCOUNT_ID}:${name}`;
    if (state.aliases[name]) {
      throw awsError(
        what,
        "KMS",
        "CreateAlias",
        400,
        "AlreadyExistsException",
        `An alias with the name ${arn} already exists`,
      );
    }
    const target = keyByReference(state, String(inputs.targetKeyId));
    if (!target || target.keyState !== "Enabled") {
      throw awsError(
        what,
        "KMS",
        "CreateAlias",
        400,
        target ? "KMSInvalidStateException" : "NotFoundException",
        target
          ? `${target.arn} is pending deletion.`
          : `Key '${String(inputs.targetKeyId)}' does not exist`,
      );
    }
    state.aliases[name] = {
      name,
      arn,
      targetKeyId: String(inputs.targetKeyId),
      targetKeyArn: target.arn,
    };
    return name;
  },
  read(state, id) {
    const alias = state.aliases[id];
    return alias ? { ...alias } : undefined;
  },
  inputs(state, id) {
    const alias = state.aliases[id];
    return alias ? { name: alias.name, targetKeyId: alias.targetKeyId } : undefined;
  },
  update(state, id, _oldOutputs, news) {
    const alias = state.aliases[id];
    const target = keyByReference(state, String(news.targetKeyId));
    if (!alias || !target || target.keyState !== "Enabled") {
      throw awsError(
        `updating KMS Alias (${id})`,
        "KMS",
        "UpdateAlias",
        400,
        "NotFoundException",
        alias ? `Key '${String(news.targetKeyId)}' does not exist` : `Alias ${id} is not found.`,
      );
    }
    alias.targetKeyId = String(news.targetKeyId);
    alias.targetKeyArn = target.arn;
    return id;
  },
  delete(state, id) {
    delete state.aliases[id];
  },
};

// --- IAM ---------------------------------------------------------------------------------------

function userArn(name: string, path: unknown): string {
  return `arn:aws:iam::${ACCOUNT_ID}:user${typeof path === "string" ? path : "/"}${name}`;
}

/** The user called `name` (records are keyed by ID, which a rename does not change). */
function userNamed(state: FakeAwsState, name: string): IamUser | undefined {
  return Object.values(state.users).find((u) => u.name === name);
}

function noSuchUser(what: string, operation: string, user: string): FakeAwsError {
  return awsError(
    what,
    "IAM",
    operation,
    404,
    "NoSuchEntity",
    `The user with name ${user} cannot be found.`,
  );
}

const userModel: TypeModel = {
  replaceOnly: [],
  required: [],
  check(news, olds, ctx, random) {
    return keepOrAutoname("name", { path: "/", forceDestroy: false, ...news }, olds, () =>
      autoname(ctx.name, random),
    );
  },
  previewCreate(inputs) {
    return {
      ...inputs,
      tagsAll: inputs.tags ?? {},
      ...unknownUnlessGiven(inputs, ["arn", "uniqueId"]),
    };
  },
  previewUpdate(oldOutputs, oldInputs, news) {
    return {
      ...oldOutputs,
      ...news,
      tagsAll: news.tags ?? {},
      ...(changed(oldInputs, news, ["name", "path"]) ? { arn: UNKNOWN } : {}),
    };
  },
  create(state, inputs) {
    const name = inputs.name as string;
    if (userNamed(state, name)) {
      throw awsError(
        `creating IAM User (${name})`,
        "IAM",
        "CreateUser",
        409,
        "EntityAlreadyExists",
        `User with name ${name} already exists.`,
      );
    }
    state.users[name] = {
      name,
      arn: userArn(name, inputs.path),
      uniqueId: `AIDA${randomChars(UPPER_DIGITS, 17)}`,
      config: withoutUndefined(inputs),
    };
    return name;
  },
  read(state, id) {
    const user = state.users[id];
    if (!user) return undefined;
    return {
      ...user.config,
      name: user.name,
      arn: user.arn,
      uniqueId: user.uniqueId,
      tagsAll: user.config.tags ?? {},
    };
  },
  inputs(state, id) {
    return state.users[id]?.config;
  },
  update(state, id, _oldOutputs, news) {
    const user = state.users[id];
    if (!user) throw noSuchUser(`updating IAM User (${id})`, "UpdateUser", id);
    const name = news.name as string;
    if (name !== user.name) {
      // IAM renames in place; keys and inline policies follow the user. The record stays under
      // its ID (the name it was created with), because an update cannot change a Pulumi ID.
      if (userNamed(state, name)) {
        throw awsError(
          `updating IAM User (${user.name})`,
          "IAM",
          "UpdateUser",
          409,
          "EntityAlreadyExists",
          `User with name ${name} already exists.`,
        );
      }
      for (const key of Object.values(state.accessKeys)) {
        if (key.user === user.name) key.user = name;
      }
      for (const [policyId, policy] of Object.entries(state.userPolicies)) {
        if (policy.user !== user.name) continue;
        delete state.userPolicies[policyId];
        policy.user = name;
        state.userPolicies[`${name}:${policy.name}`] = policy;
      }
    }
    state.users[id] = {
      ...user,
      name,
      arn: userArn(name, news.path),
      config: withoutUndefined(news),
    };
    return id;
  },
  delete(state, id, outputs) {
    const user = state.users[id];
    if (!user) return;
    const keys = Object.values(state.accessKeys).filter((k) => k.user === user.name);
    const policies = Object.entries(state.userPolicies).filter(([, p]) => p.user === user.name);
    if (outputs.forceDestroy === true) {
      for (const key of keys) delete state.accessKeys[key.id];
      for (const [policyId] of policies) delete state.userPolicies[policyId];
    } else if (keys.length > 0 || policies.length > 0) {
      throw awsError(
        `deleting IAM User (${user.name})`,
        "IAM",
        "DeleteUser",
        409,
        "DeleteConflict",
        `Cannot delete entity, must delete ${keys.length > 0 ? "access keys" : "policies"} first.`,
      );
    }
    delete state.users[id];
  },
};

const userPolicyModel: TypeModel = {
  replaceOnly: ["user", "name", "namePrefix"],
  required: ["user", "policy"],
  check(news, olds, ctx, random) {
    const prefix = str(news.namePrefix);
    return keepOrAutoname("name", news, olds, () =>
      prefix !== undefined ? `${prefix}${random()}` : autoname(ctx.name, random),
    );
  },
  previewCreate(inputs) {
    return { ...inputs };
  },
  previewUpdate(oldOutputs, _oldInputs, news) {
    return { ...oldOutputs, ...news };
  },
  create(state, inputs) {
    const user = inputs.user as string;
    const name = inputs.name as string;
    const what = `putting IAM User (${user}) Policy (${name})`;
    if (!userNamed(state, user)) throw noSuchUser(what, "PutUserPolicy", user);
    assertPolicyDocument(what, inputs.policy);
    state.userPolicies[`${user}:${name}`] = { user, name, policy: inputs.policy as string };
    return `${user}:${name}`;
  },
  read(state, id) {
    const policy = state.userPolicies[id];
    return policy ? { ...policy } : undefined;
  },
  inputs(state, id) {
    const policy = state.userPolicies[id];
    return policy ? { ...policy } : undefined;
  },
  update(state, id, _oldOutputs, news) {
    const policy = state.userPolicies[id];
    const what = `putting IAM User (${String(news.user)}) Policy (${String(news.name)})`;
    if (!policy || !userNamed(state, policy.user)) {
      throw noSuchUser(what, "PutUserPolicy", String(news.user));
    }
    assertPolicyDocument(what, news.policy);
    policy.policy = news.policy as string;
    return id;
  },
  delete(state, id) {
    delete state.userPolicies[id];
  },
};

function assertPolicyDocument(what: string, policy: unknown): void {
  try {
    JSON.parse(String(policy));
  } catch {
    throw awsError(
      what,
      "IAM",
      "PutUserPolicy",
      400,
      "MalformedPolicyDocument",
      "This policy contains invalid Json",
    );
  }
}

/** How many access keys IAM allows per user. */
export const ACCESS_KEYS_PER_USER = 2;

const accessKeyModel: TypeModel = {
  replaceOnly: ["user", "pgpKey"],
  required: ["user"],
  check(news) {
    // The schema default, applied at check as the real provider does.
    return { status: "Active", ...news };
  },
  previewCreate(inputs) {
    return {
      ...inputs,
      secret: UNKNOWN,
      sesSmtpPasswordV4: UNKNOWN,
      createDate: UNKNOWN,
    };
  },
  previewUpdate(oldOutputs, _oldInputs, news) {
    return { ...oldOutputs, ...news };
  },
  create(state, inputs) {
    const user = inputs.user as string;
    const what = `creating IAM Access Key (${user})`;
    if (!userNamed(state, user)) throw noSuchUser(what, "CreateAccessKey", user);
    const existing = Object.values(state.accessKeys).filter((k) => k.user === user).length;
    if (existing >= ACCESS_KEYS_PER_USER) {
      throw awsError(
        what,
        "IAM",
        "CreateAccessKey",
        409,
        "LimitExceeded",
        `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`,
      );
    }
    const id = `AKIA${randomChars(UPPER_DIGITS, 16)}`;
    state.accessKeys[id] = {
      id,
      user,
      secret: randomChars(SECRET_ALPHABET, 40),
      status: str(inputs.status) ?? "Active",
      createDate: new Date().toISOString(),
    };
    return id;
  },
  read(state, id) {
    const key = state.accessKeys[id];
    if (!key) return undefined;
    return {
      user: key.user,
      status: key.status,
      secret: key.secret,
      sesSmtpPasswordV4: Buffer.from(`smtp:${key.secret}`).toString("base64").slice(0, 44),
      createDate: key.createDate,
    };
  },
  inputs(state, id, oldOutputs) {
    const key = state.accessKeys[id];
    if (!key) return undefined;
    return withoutUndefined({ user: key.user, status: key.status, pgpKey: oldOutputs.pgpKey });
  },
  update(state, id, _oldOutputs, news) {
    const key = state.accessKeys[id];
    if (!key) {
      throw awsError(
        `updating IAM Access Key (${id})`,
        "IAM",
        "UpdateAccessKey",
        404,
        "NoSuchEntity",
        `The Access Key with id ${id} cannot be found.`,
      );
    }
    key.status = str(news.status) ?? "Active";
    return id;
  },
  delete(state, id) {
    delete state.accessKeys[id];
  },
};

/** Every modelled resource type, by its Pulumi type token. */
export const MODELS: Record<string, TypeModel> = {
  "aws:s3/bucket:Bucket": bucketModel,
  "aws:s3/bucketPolicy:BucketPolicy": bucketSubResource("policy", "Policy", "PutBucketPolicy", [
    "policy",
  ]),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketSubResource(
    "publicAccessBlock",
    "Public Access Block",
    "PutPublicAccessBlock",
    [],
  ),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketSubResource(
    "ownership",
    "Ownership Controls",
    "PutBucketOwnershipControls",
    ["rule"],
  ),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    bucketSubResource("encryption", "Server-side Encryption Configuration", "PutBucketEncryption", [
      "rules",
    ]),
  "aws:s3/bucketVersioning:BucketVersioning": bucketSubResource(
    "versioning",
    "Versioning",
    "PutBucketVersioning",
    ["versioningConfiguration"],
  ),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketSubResource(
    "lifecycle",
    "Lifecycle Configuration",
    "PutBucketLifecycleConfiguration",
    [],
  ),
  "aws:s3/bucketLogging:BucketLogging": bucketSubResource(
    "logging",
    "Logging",
    "PutBucketLogging",
    ["targetBucket", "targetPrefix"],
  ),
  "aws:s3/bucketObjectv2:BucketObjectv2": objectModel,
  "aws:kms/key:Key": keyModel,
  "aws:kms/alias:Alias": aliasModel,
  "aws:iam/user:User": userModel,
  "aws:iam/userPolicy:UserPolicy": userPolicyModel,
  "aws:iam/accessKey:AccessKey": accessKeyModel,
};

/** The model of a type, or the loud failure the brief asks for. */
export function modelOf(type: string): TypeModel {
  const model = MODELS[type];
  if (!model) throw new FakeAwsError(`fake aws plugin: resource type ${type} is not modelled`);
  return model;
}

// --- invokes -----------------------------------------------------------------------------------

/** The caller: an assumed-role session of role `deployer` (override with PULUMI_FAKE_AWS_CALLER_ARN). */
export const DEFAULT_CALLER_ARN = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/deployer/session`;

/** Runs a data source. */
export function invoke(token: string, args: Props): Props {
  switch (token) {
    case "aws:index/getPartition:getPartition":
      return {
        id: "aws",
        partition: "aws",
        dnsSuffix: "amazonaws.com",
        reverseDnsPrefix: "com.amazonaws",
      };
    case "aws:index/getCallerIdentity:getCallerIdentity": {
      const arn = process.env.PULUMI_FAKE_AWS_CALLER_ARN ?? DEFAULT_CALLER_ARN;
      const session = /:assumed-role\/[^/]+\/(.+)$/.exec(arn)?.[1];
      return {
        id: ACCOUNT_ID,
        accountId: ACCOUNT_ID,
        arn,
        userId: session ? `AROAFAKEROLEID000001:${session}` : "AIDAFAKEUSERID0000001",
      };
    }
    case "aws:iam/getSessionContext:getSessionContext": {
      const arn = String(args.arn);
      const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(arn);
      if (!match) {
        // For users and roots AWS's answer is the ARN itself, with no session.
        return { arn, id: arn, issuerArn: arn, issuerId: "", issuerName: "", sessionName: "" };
      }
      const [, partition, account, role, session] = match;
      return {
        arn,
        id: arn,
        issuerArn: `arn:${partition}:iam::${account}:role/${role}`,
        issuerId: "AROAFAKEROLEID000001",
        issuerName: role,
        sessionName: session,
      };
    }
    default:
      throw new FakeAwsError(`fake aws plugin: invoke ${token} is not modelled`);
  }
}
