/**
 * Setup for the real-engine suites of the flagship (examples/flagship): the real `pulumi` CLI on
 * a file backend, the fake `aws` plugin (tests/engine/fakeAws) in the stack's PULUMI_HOME with
 * its fake cloud in a JSON file, and a file-persisted emulator for the CloudWorks side. The
 * program is copied whole (package.json, source/, tsconfig) the way a user has it, with the
 * sample stack config (Pulumi.dev.yaml.sample) as the stack's settings.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../../emulator";
import type { RunningEmulator } from "../../../emulator";
import type { LocalStack } from "../../../scripts/localStack";
import { REPO_ROOT } from "../../../scripts/localStack";
import { configureProvider, pulumiBinDir } from "./engineFixture";
import { createFakeAwsStack, FakeCloud } from "../fakeAws";

/** The Anaplan login the stack uses against the emulator. */
export const FLAGSHIP_USER = "flagship@example.com";
/** Its password (a stack secret; must never be printed). */
export const FLAGSHIP_PASSWORD = "flagship-password-2c8e41";
/** The flagship's project namespace for its own config keys. */
export const PROJECT = "cloudworks-landing-zone";
/** The flagship program's folder. */
export const FLAGSHIP_DIR = path.join(REPO_ROOT, "examples", "flagship");
/** A stack transformation that weakens the landing zone on demand (policy-pack tests). */
const WEAKEN_SOURCE = path.join(REPO_ROOT, "tests", "engine", "support", "flagshipWeaken.ts");

/** A flagship stack with its fake cloud and emulator. */
export interface FlagshipFixture {
  /** The CloudWorks emulator (state persisted to a file). */
  emulator: RunningEmulator;
  /** The stack. */
  stack: LocalStack;
  /** The fake AWS cloud the `aws` plugin keeps. */
  cloud: FakeCloud;
  /** Stops the emulator and removes every temp file. */
  dispose(): Promise<void>;
}

/** Options of {@link startFlagshipStack}. */
export interface FlagshipOptions {
  /** Directory with `pulumi` (default: scripts/install-pulumi.sh's). */
  pulumiBinDir?: string;
  /**
   * Adds tests/engine/support/flagshipWeaken.ts to the program, so that the stack config key
   * `weaken` can turn one protection off (see that file). The flagship itself is unchanged
   * otherwise.
   */
  weakenable?: boolean;
}

/**
 * Starts an emulator and creates a flagship stack configured for it and the fake cloud.
 *
 * @param options where the CLI is and whether the program can be weakened
 * @returns the fixture; call `dispose` when done
 */
export async function startFlagshipStack(options: FlagshipOptions = {}): Promise<FlagshipFixture> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-flagship-"));
  const cloud = new FakeCloud(path.join(scratch, "fake-aws.json"));
  const emulator = await startEmulator({
    port: 0,
    runDurationMs: 200,
    stateFile: path.join(scratch, "tenant.json"),
    users: [{ username: FLAGSHIP_USER, password: FLAGSHIP_PASSWORD }],
  });
  const stack = await createFakeAwsStack(cloud, {
    programSource: FLAGSHIP_DIR,
    pulumiBinDir: options.pulumiBinDir ?? pulumiBinDir(),
    copyAll: true,
  });
  if (options.weakenable) addWeakening(stack.programDir);

  // The sample stack config, as a user copies it, then the emulator's endpoints and login.
  useSampleConfig(path.join(stack.programDir, "Pulumi.dev.yaml"));
  await configureProvider(stack, emulator.url, FLAGSHIP_USER, FLAGSHIP_PASSWORD);
  return {
    emulator,
    stack,
    cloud,
    dispose: async () => {
      await emulator.stop();
      stack.dispose();
      fs.rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Appends the flagship's sample stack config (Pulumi.dev.yaml.sample) to the stack file the CLI
 * created, as a user copies it in.
 */
export function useSampleConfig(stackFile: string): void {
  const created = fs.readFileSync(stackFile, "utf8");
  const sample = fs.readFileSync(path.join(FLAGSHIP_DIR, "Pulumi.dev.yaml.sample"), "utf8");
  fs.writeFileSync(stackFile, `${created.trimEnd()}\n${sample}`);
}

function addWeakening(programDir: string): void {
  fs.copyFileSync(WEAKEN_SOURCE, path.join(programDir, "weaken.ts"));
  const index = path.join(programDir, "index.ts");
  // First import of the program, so the transformation sees every resource.
  fs.writeFileSync(index, `import "./weaken";\n${fs.readFileSync(index, "utf8")}`);
}

/** The URN of the flagship resource of a type and name, from the exported state. */
export async function urnOf(stack: LocalStack, type: string, name: string): Promise<string> {
  const { deployment } = await stack.exportState();
  const found = (deployment.resources ?? []).find(
    (r) => r.type === type && r.urn.endsWith(`::${name}`),
  );
  if (!found) throw new Error(`no ${type} ${name} in the state`);
  return found.urn;
}

/** The lines the CLI printed for a command, for order checks. */
export function lines(result: { stdout: string; stderr: string }): string[] {
  return `${result.stdout}\n${result.stderr}`.split("\n");
}

/** The index of the first line matching `pattern` (-1 when none). */
export function lineIndex(all: string[], pattern: RegExp): number {
  return all.findIndex((line) => pattern.test(line));
}
