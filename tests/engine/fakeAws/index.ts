/**
 * Test-side API of the fake `aws` plugin: installFakeAwsPlugin puts the plugin into a stack's
 * PULUMI_HOME so the real `pulumi` CLI runs it in place of the real AWS provider,
 * createFakeAwsStack makes a stack set up that way, and FakeCloud reads (and changes, out of
 * band) the fake cloud it keeps in the PULUMI_FAKE_AWS_STATE file.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

import { LocalStack, LocalStackOptions, REPO_ROOT } from "../../../scripts/localStack";
import { putUnmanagedObject } from "./model";
import {
  FakeAwsState,
  IamAccessKey,
  IamUser,
  IamUserPolicy,
  KmsAlias,
  KmsKey,
  logOperation,
  mutateState,
  Operation,
  readState,
  S3Bucket,
  S3Object,
  STATE_ENV,
} from "./state";

export { STATE_ENV };
export type {
  FakeAwsState,
  IamAccessKey,
  IamUser,
  IamUserPolicy,
  KmsAlias,
  KmsKey,
  Operation,
  S3Bucket,
  S3Object,
};

/** The installed @pulumi/aws version, which the plugin must match for the engine to use it. */
export function fakeAwsVersion(): string {
  const pkg = path.join(REPO_ROOT, "node_modules", "@pulumi", "aws", "package.json");
  return (JSON.parse(fs.readFileSync(pkg, "utf8")) as { version: string }).version;
}

/** The sources the plugin is made of, transpiled side by side into the plugin directory. */
const PLUGIN_SOURCES = ["plugin.ts", "model.ts", "state.ts"];

/**
 * Installs the fake plugin as `<pulumiHome>/plugins/resource-aws-v<version>/pulumi-resource-aws`:
 * the TypeScript sources transpiled to JavaScript next to a shell launcher that runs them with
 * this Node, resolving @grpc/grpc-js and @pulumi/pulumi from the repository's node_modules. The
 * CLI treats a plugin directory as installed when it has no `.partial` marker beside it; the
 * `.lock` file is what a real install leaves, written for good measure.
 *
 * @returns the launcher's path, for starting the plugin without the CLI
 */
export function installFakeAwsPlugin(pulumiHome: string): string {
  const version = fakeAwsVersion();
  const plugins = path.join(pulumiHome, "plugins");
  const dir = path.join(plugins, `resource-aws-v${version}`);
  fs.mkdirSync(dir, { recursive: true });
  const sourceDir = path.join(REPO_ROOT, "tests", "engine", "fakeAws");
  for (const file of PLUGIN_SOURCES) {
    const source = fs.readFileSync(path.join(sourceDir, file), "utf8");
    const output = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: file,
    });
    fs.writeFileSync(path.join(dir, file.replace(/\.ts$/, ".js")), output.outputText);
  }
  fs.writeFileSync(path.join(dir, "VERSION"), `${version}\n`);
  const launcher = path.join(dir, "pulumi-resource-aws");
  fs.writeFileSync(
    launcher,
    [
      "#!/bin/sh",
      "# The fake aws plugin (test infrastructure; see tests/engine/fakeAws).",
      `NODE_PATH=${shellQuote(path.join(REPO_ROOT, "node_modules"))}`,
      "export NODE_PATH",
      `exec ${shellQuote(process.execPath)} ${shellQuote(path.join(dir, "plugin.js"))} "$@"`,
      "",
    ].join("\n"),
  );
  fs.chmodSync(launcher, 0o755);
  fs.rmSync(`${dir}.partial`, { force: true });
  fs.writeFileSync(`${dir}.lock`, "");
  return launcher;
}

/** Options of {@link createFakeAwsStack}: LocalStack's, but the environment is the cloud's. */
export type FakeAwsStackOptions = Omit<LocalStackOptions, "env">;

/**
 * Creates a stack whose `aws` resources go to `cloud`: the CLI gets the cloud's state file and
 * the fake plugin is installed in the stack's PULUMI_HOME.
 *
 * @param cloud the fake cloud the plugin keeps
 * @param options the program, the CLI's directory and the rest of LocalStack's options
 * @returns the stack; the caller disposes of it
 */
export async function createFakeAwsStack(
  cloud: FakeCloud,
  options: FakeAwsStackOptions,
): Promise<LocalStack> {
  const stack = await LocalStack.create({
    ...options,
    // Programs that load @pulumi/aws would spend minutes type-checking it on every run on a
    // loaded machine (the old language host ignores Pulumi.yaml's runtime options); tsc checks
    // the programs with the rest of the tree instead.
    env: { ...cloud.env, PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  });
  installFakeAwsPlugin(stack.pulumiHome);
  return stack;
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A bucket as FakeCloud.bucket returns it. */
export type FakeBucket = S3Bucket;

/**
 * The fake cloud as the test sees it. Every read goes to the file, so it reflects what the
 * plugin did in the CLI processes; out-of-band changes are logged with the name `(out of band)`.
 */
export class FakeCloud {
  /**
   * @param stateFile the JSON file the plugin keeps the cloud in (PULUMI_FAKE_AWS_STATE)
   */
  constructor(readonly stateFile: string) {}

  /** The environment the CLI needs to find this cloud, for LocalStack's `env` option. */
  get env(): Record<string, string> {
    return { [STATE_ENV]: this.stateFile };
  }

  /** The whole state, freshly read. */
  read(): FakeAwsState {
    return readState(this.stateFile);
  }

  /** Every bucket that exists, with its objects and configuration, sorted by name. */
  buckets(): FakeBucket[] {
    return Object.values(this.read().buckets).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Names of the buckets that exist, sorted. */
  bucketNames(): string[] {
    return this.buckets().map((b) => b.name);
  }

  /** A bucket with its objects and configuration, or undefined when it does not exist. */
  bucket(name: string): FakeBucket | undefined {
    return this.read().buckets[name];
  }

  /** Writes an object that Pulumi does not manage (e.g. an export CloudWorks wrote). */
  putObject(bucket: string, key: string, body = ""): S3Object {
    return mutateState(this.stateFile, (state) => {
      const target = state.buckets[bucket];
      if (!target) throw new Error(`FakeCloud.putObject: no bucket ${bucket}`);
      const object = putUnmanagedObject(target, key, body);
      logOperation(state, "create", "aws:s3/bucketObjectv2:BucketObjectv2", "(out of band)", key);
      return object;
    });
  }

  /** Deletes an object behind Pulumi's back. */
  deleteObject(bucket: string, key: string): void {
    mutateState(this.stateFile, (state) => {
      const target = state.buckets[bucket];
      if (!target?.objects[key]) throw new Error(`FakeCloud.deleteObject: no ${bucket}/${key}`);
      delete target.objects[key];
      logOperation(state, "delete", "aws:s3/bucketObjectv2:BucketObjectv2", "(out of band)", key);
    });
  }

  /** Removes a bucket's Block Public Access configuration behind Pulumi's back. */
  deletePublicAccessBlock(bucket: string): void {
    mutateState(this.stateFile, (state) => {
      const target = state.buckets[bucket];
      if (!target?.publicAccessBlock) {
        throw new Error(`FakeCloud.deletePublicAccessBlock: ${bucket} has none`);
      }
      delete target.publicAccessBlock;
      logOperation(
        state,
        "delete",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "(out of band)",
        bucket,
      );
    });
  }

  /** Replaces a bucket's policy document behind Pulumi's back (drift). */
  setBucketPolicy(bucket: string, policy: string): void {
    mutateState(this.stateFile, (state) => {
      const target = state.buckets[bucket];
      if (!target) throw new Error(`FakeCloud.setBucketPolicy: no bucket ${bucket}`);
      target.policy = { ...(target.policy ?? {}), policy };
      logOperation(state, "update", "aws:s3/bucketPolicy:BucketPolicy", "(out of band)", bucket);
    });
  }

  /** Every KMS key, pending deletion included, by key ID. */
  kmsKeys(): KmsKey[] {
    return Object.values(this.read().kmsKeys);
  }

  /** Every KMS alias. */
  aliases(): KmsAlias[] {
    return Object.values(this.read().aliases);
  }

  /** Every IAM user. */
  users(): IamUser[] {
    return Object.values(this.read().users);
  }

  /** The access keys of a user (all users when omitted). */
  accessKeys(userName?: string): IamAccessKey[] {
    return Object.values(this.read().accessKeys).filter(
      (k) => userName === undefined || k.user === userName,
    );
  }

  /** The inline policies of a user (all users when omitted). */
  userPolicies(userName?: string): IamUserPolicy[] {
    return Object.values(this.read().userPolicies).filter(
      (p) => userName === undefined || p.user === userName,
    );
  }

  /** The operation log, oldest first. */
  operations(): Operation[] {
    return this.read().operations;
  }
}
