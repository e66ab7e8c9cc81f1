/**
 * Shared setup for the engine suites: the real `pulumi` CLI (built by scripts/install-pulumi.sh
 * when missing; a build failure fails the suite loudly, it never skips), an emulator with file
 * persistence, and a stack of examples/local configured against it.
 */
import { execFileSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../../../emulator";
import type { EmulatorOptions, RunningEmulator } from "../../../emulator";
import { LocalStack, REPO_ROOT } from "../../../scripts/localStack";
import { BENCH_USERNAME, createBenchStack } from "../../../bench/stack";
import { issue, makeCa } from "../../client/support/pki";
import { googleServiceAccountKey } from "../../dynamic/support";

/** Secret values configured into the stack; none may ever appear in plaintext. */
export const SECRETS = {
  password: "demo-password-7f3b9c",
  s3SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/S3-SECRET-4d1e",
  azureSasToken: "sv=2024-01-01&ss=b&sig=AZURE-SAS-SECRET-77aa",
  bigQueryPrivateKey:
    "-----BEGIN PRIVATE KEY-----\nBIGQUERY-PRIVATE-KEY-LINE-91c2\n-----END PRIVATE KEY-----\n",
};

/** The connections examples/local declares, by name. */
export const PROGRAM_CONNECTIONS = ["Demo Landing Azure", "Demo Landing S3", "Demo Warehouse"];
/** The integrations examples/local declares, by name. */
export const PROGRAM_INTEGRATIONS = [
  "Demo Accounts To Warehouse",
  "Demo Export Accounts",
  "Demo Load Account Details",
  "Demo Load Accounts",
];

/** The user GUID notifications go to (the emulator accepts any 32-hex GUID). */
export const NOTIFY_USER = "a5f1b4a7c3e94f0b9e8d7c6b5a493827";

let binDir: string | undefined;
/** The directory holding `pulumi`; builds it on first use. Throws when it cannot. */
export function pulumiBinDir(): string {
  if (!binDir) {
    binDir = execFileSync(
      "bash",
      [path.join(REPO_ROOT, "scripts", "install-pulumi.sh"), "--print-bin-dir"],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      },
    ).trim();
    if (!fs.existsSync(path.join(binDir, "pulumi")))
      throw new Error(`no pulumi binary in ${binDir}`);
  }
  return binDir;
}

/** An emulator, a stack of examples/local configured for it, and the client certificate used. */
export interface EngineFixture {
  /** The emulator (state persisted to a file, as separate processes would share it). */
  emulator: RunningEmulator;
  /** The stack. */
  stack: LocalStack;
  /** The PEM private key the provider authenticates with (a secret). */
  certificateKeyPem: string;
  /** Stops everything and removes temp files. */
  dispose(): Promise<void>;
}

/**
 * Starts an emulator that trusts a freshly made CA and a stack that authenticates with a client
 * certificate signed by it. The Anaplan password is configured too (as a secret) so that the
 * secret checks cover it; the provider prefers the certificate.
 */
export async function startEngineFixture(
  options: EmulatorOptions = {},
  useCertificate = true,
): Promise<EngineFixture> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-emulator-"));
  const ca = makeCa();
  const client = issue(ca, "demo@example.com");
  const emulator = await startEmulator({
    port: 0,
    runDurationMs: 200,
    stateFile: path.join(stateDir, "tenant.json"),
    users: [{ username: "demo@example.com", password: SECRETS.password }],
    trustedCaCertificates: [ca.certificatePem],
    ...options,
  });
  const stack = await LocalStack.create({
    programSource: path.join(REPO_ROOT, "examples", "local"),
    pulumiBinDir: pulumiBinDir(),
  });
  const config: [string, string, boolean][] = [
    ["cloudworks:apiUrl", emulator.url, false],
    ["cloudworks:authUrl", emulator.url, false],
    ["cloudworks:username", "demo@example.com", false],
    ["cloudworks:password", SECRETS.password, true],
    ["notifyUserGuid", NOTIFY_USER, false],
    ["s3SecretAccessKey", SECRETS.s3SecretAccessKey, true],
    ["azureSasToken", SECRETS.azureSasToken, true],
    ["bigQueryServiceAccountKey", JSON.stringify(serviceAccountKey()), true],
  ];
  if (useCertificate) {
    config.push(["cloudworks:certificate", client.certificatePem, false]);
    config.push(["cloudworks:privateKey", client.privateKeyPem, true]);
  }
  for (const [key, value, secret] of config) await stack.setConfig(key, value, secret);
  return {
    emulator,
    stack,
    certificateKeyPem: client.privateKeyPem,
    dispose: async () => {
      await emulator.stop();
      stack.dispose();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Points a stack's provider at an emulator as `username`, as a user's stack config would: the
 * API and auth URLs, the user, and the password as a secret.
 */
export async function configureProvider(
  stack: LocalStack,
  emulatorUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await stack.setConfig("cloudworks:apiUrl", emulatorUrl);
  await stack.setConfig("cloudworks:authUrl", emulatorUrl);
  await stack.setConfig("cloudworks:username", username);
  await stack.setConfig("cloudworks:password", password, true);
}

/** An emulator with the benchmark's user, and a stack of the benchmark program against it. */
export interface BenchFixture {
  /** The emulator (in memory). */
  emulator: RunningEmulator;
  /** The stack of bench/program with `count` connection/integration pairs. */
  stack: LocalStack;
  /** The benchmark user's random password. */
  password: string;
  /** Removes the stack and stops the emulator. */
  dispose(): Promise<void>;
}

/**
 * Starts the benchmark's setup (bench/stack.ts) for a suite, so that its counts are the ones
 * `npm run bench` measures: an emulator with BENCH_USERNAME and a random password, and the
 * benchmark program with `count` pairs and a random S3 secret.
 */
export async function startBenchFixture(count: number): Promise<BenchFixture> {
  const password = randomBytes(12).toString("hex");
  const emulator = await startEmulator({
    port: 0,
    users: [{ username: BENCH_USERNAME, password }],
  });
  let stack: LocalStack;
  try {
    stack = await createBenchStack({
      pulumiBinDir: pulumiBinDir(),
      emulatorUrl: emulator.url,
      password,
      s3SecretAccessKey: `bench-${randomBytes(12).toString("hex")}`,
      count,
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }
  return {
    emulator,
    stack,
    password,
    dispose: async () => {
      stack.dispose();
      await emulator.stop();
    },
  };
}

/** A Google service-account key file in Google's own snake_case form. */
export function serviceAccountKey(): Record<string, string> {
  return googleServiceAccountKey(SECRETS.bigQueryPrivateKey);
}

/** Names of the objects of one kind in the emulator's tenant, sorted. */
export function names(
  emulator: RunningEmulator,
  kind: "connections" | "integrations" | "integrationFlows",
): string[] {
  const objects = Object.values(emulator.state[kind]) as {
    name?: string;
    body?: { name?: string };
  }[];
  return objects.map((o) => o.name ?? o.body?.name ?? "").sort();
}
