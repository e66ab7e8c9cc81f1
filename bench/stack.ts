/**
 * Throwaway stacks of bench/program configured against an emulator (shared by `npm run bench`
 * and tests/engine/callCounts.test.ts so that both measure the same program the same way), and
 * of bench/floor, the same graph with a no-op provider.
 */
import * as path from "path";
import { LocalStack, REPO_ROOT } from "../scripts/localStack";

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
  const stack = await LocalStack.create({
    programSource: path.join(REPO_ROOT, "bench", "program"),
    pulumiBinDir: options.pulumiBinDir,
  });
  try {
    const config: [string, string, boolean][] = [
      ["cloudworks:apiUrl", options.emulatorUrl, false],
      ["cloudworks:authUrl", options.emulatorUrl, false],
      ["cloudworks:username", BENCH_USERNAME, false],
      ["cloudworks:password", options.password, true],
      ["s3SecretAccessKey", options.s3SecretAccessKey, true],
      ["count", String(options.count), false],
    ];
    for (const [key, value, secret] of config) await stack.setConfig(key, value, secret);
    return stack;
  } catch (error) {
    stack.dispose();
    throw error;
  }
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

/** Creates a stack of bench/floor and sets its config; the caller disposes of it. */
export async function createFloorStack(options: FloorStackOptions): Promise<LocalStack> {
  const stack = await LocalStack.create({
    programSource: path.join(REPO_ROOT, "bench", "floor"),
    pulumiBinDir: options.pulumiBinDir,
  });
  try {
    await stack.setConfig("s3SecretAccessKey", options.s3SecretAccessKey, true);
    await stack.setConfig("count", String(options.count));
    return stack;
  } catch (error) {
    stack.dispose();
    throw error;
  }
}
