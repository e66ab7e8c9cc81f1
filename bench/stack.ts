/**
 * Throwaway stacks of bench/program configured against an emulator (shared by `npm run bench`
 * and tests/engine/callCounts.test.ts so that both measure the same program the same way), and
 * of bench/floor, the same graph with a no-op provider.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalStack, REPO_ROOT } from "../scripts/localStack";

const PROGRAM_DIR = path.join(REPO_ROOT, "bench", "program");
const FLOOR_DIR = path.join(REPO_ROOT, "bench", "floor");

/** The emulator user the benchmark stacks log in as (Basic authentication, like the baseline). */
export const BENCH_USERNAME = "bench@example.com";

/** What {@link createBenchStack} needs. */
export interface BenchStackOptions {
  /** Directory holding the `pulumi` binaries. */
  pulumiBinDir: string;
  /** The emulator's URL (auth API and CloudWorks API alike). */
  emulatorUrl: string;
  /** The password of {@link BENCH_USERNAME} in the emulator. */
  password: string;
  /** The S3 secret access key every connection carries. */
  s3SecretAccessKey: string;
  /** Connections and integrations to declare (N of each). */
  count: number;
}

/** Creates the stack and sets its config; the caller disposes of it. */
export async function createBenchStack(options: BenchStackOptions): Promise<LocalStack> {
  return createConfiguredStack(PROGRAM_DIR, options.pulumiBinDir, [
    ["cloudworks:apiUrl", options.emulatorUrl, false],
    ["cloudworks:authUrl", options.emulatorUrl, false],
    ["cloudworks:username", BENCH_USERNAME, false],
    ["cloudworks:password", options.password, true],
    ["s3SecretAccessKey", options.s3SecretAccessKey, true],
    ["count", String(options.count), false],
  ]);
}

/** What {@link createFloorStack} needs. */
export interface FloorStackOptions {
  /** Directory holding the `pulumi` binaries. */
  pulumiBinDir: string;
  /** The S3 secret access key every connection carries (a secret input, as in bench/program). */
  s3SecretAccessKey: string;
  /** Connections and integrations to declare (N of each). */
  count: number;
}

/**
 * Creates a stack of bench/floor and sets its config; the caller disposes of it. The floor has
 * no program of its own: it runs bench/program's index.ts with the package import pointed at
 * bench/floor/cloudworks.ts, so a change to the benchmark graph cannot leave the floor behind.
 */
export async function createFloorStack(options: FloorStackOptions): Promise<LocalStack> {
  const program = fs.readFileSync(path.join(PROGRAM_DIR, "index.ts"), "utf8");
  const packageImport = /from "pulumi-cloudworks";/;
  if (!packageImport.test(program)) {
    throw new Error('bench/program/index.ts no longer imports from "pulumi-cloudworks"');
  }
  const stack = await createConfiguredStack(FLOOR_DIR, options.pulumiBinDir, [
    ["s3SecretAccessKey", options.s3SecretAccessKey, true],
    ["count", String(options.count), false],
  ]);
  try {
    fs.writeFileSync(
      path.join(stack.programDir, "index.ts"),
      program.replace(packageImport, 'from "./cloudworks";'),
    );
    fs.copyFileSync(
      path.join(FLOOR_DIR, "cloudworks.ts"),
      path.join(stack.programDir, "cloudworks.ts"),
    );
    return stack;
  } catch (error) {
    stack.dispose();
    throw error;
  }
}

/** A stack of `programSource` with `config` set (key, value, secret); disposed of on failure. */
async function createConfiguredStack(
  programSource: string,
  pulumiBinDir: string,
  config: [string, string, boolean][],
): Promise<LocalStack> {
  const stack = await LocalStack.create({ programSource, pulumiBinDir });
  try {
    for (const [key, value, secret] of config) await stack.setConfig(key, value, secret);
    return stack;
  } catch (error) {
    stack.dispose();
    throw error;
  }
}
