/**
 * `npm run demo`: the whole flow offline. Starts the local CloudWorks emulator, makes sure the
 * Pulumi CLI is there (building it from Go modules the first time), runs `pulumi up` of
 * examples/local on a throwaway local backend, prints the stack outputs and the run's result,
 * then destroys everything and stops the emulator.
 */
import { execFileSync } from "child_process";
import { randomBytes } from "crypto";
import * as path from "path";
import { startEmulator } from "../emulator";
import { LocalStack, REPO_ROOT } from "./localStack";

const started = Date.now();

function step(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  process.stdout.write(`\n[demo ${seconds}s] ${message}\n`);
}

async function main(): Promise<void> {
  step("Making sure the Pulumi CLI is available (the first run builds it from Go modules)...");
  const binDir = execFileSync(
    "bash",
    [path.join(REPO_ROOT, "scripts", "install-pulumi.sh"), "--print-bin-dir"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  ).trim();

  step("Starting the local CloudWorks emulator on 127.0.0.1...");
  const password = randomBytes(12).toString("hex");
  const emulator = await startEmulator({
    port: 0,
    runDurationMs: 1500,
    users: [{ username: "demo@example.com", password }],
  });
  process.stdout.write(`  emulator: ${emulator.url} (auth and CloudWorks API)\n`);

  let stack: LocalStack | undefined;
  try {
    step("Creating a throwaway stack of examples/local on a local file backend...");
    stack = await LocalStack.create({
      programSource: path.join(REPO_ROOT, "examples", "local"),
      pulumiBinDir: binDir,
      onOutput: (line) => process.stdout.write(`  | ${line}\n`),
    });
    const secret = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;
    const settings: [string, string, boolean][] = [
      ["cloudworks:apiUrl", emulator.url, false],
      ["cloudworks:authUrl", emulator.url, false],
      ["cloudworks:username", "demo@example.com", false],
      ["cloudworks:password", password, true],
      ["notifyUserGuid", randomBytes(16).toString("hex"), false],
      ["s3SecretAccessKey", secret("s3"), true],
      ["azureSasToken", `sv=2024-01-01&sig=${secret("sas")}`, true],
      ["bigQueryServiceAccountKey", JSON.stringify(demoServiceAccountKey(secret("key"))), true],
    ];
    for (const [key, value, isSecret] of settings) await stack.setConfig(key, value, isSecret);

    step("pulumi up: 3 connections, 4 integrations (schedule, notifications), a flow and a run...");
    await stack.up();

    step("Stack outputs:");
    const outputs = await stack.outputs();
    process.stdout.write(`${JSON.stringify(outputs, null, 2)}\n`);
    const run = outputs.runResult as
      { runId?: string; success?: boolean; message?: string } | undefined;
    step(
      `Run ${run?.runId ?? "?"} of the accounts flow finished: success=${String(run?.success)}, message="${run?.message ?? ""}"`,
    );
    const tenant = emulator.state;
    process.stdout.write(
      `  the emulator now holds ${Object.keys(tenant.connections).length} connections, ` +
        `${Object.keys(tenant.integrations).length} integrations, ${Object.keys(tenant.integrationFlows).length} flow(s) ` +
        `and ${Object.keys(tenant.runs).length} run(s)\n`,
    );

    step("pulumi destroy...");
    await stack.destroy();
    const left = Object.keys(tenant.connections).length + Object.keys(tenant.integrations).length;
    step(`Done: the tenant is ${left === 0 ? "empty again" : `left with ${left} objects`}.`);
  } finally {
    stack?.dispose();
    await emulator.stop();
  }
}

/** A syntactically complete Google service-account key with a throwaway private key value. */
function demoServiceAccountKey(privateKey: string): Record<string, string> {
  return {
    type: "service_account",
    project_id: "demo-project",
    private_key_id: "0123456789abcdef",
    private_key: `-----BEGIN PRIVATE KEY-----\n${privateKey}\n-----END PRIVATE KEY-----\n`,
    client_email: "cloudworks@demo-project.iam.gserviceaccount.com",
    client_id: "1234567890",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: "https://www.googleapis.com/robot/v1/metadata/x509/cloudworks",
  };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\n[demo] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
