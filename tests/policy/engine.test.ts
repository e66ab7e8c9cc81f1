/**
 * The policy pack run by the real engine: `pulumi preview --policy-pack <pack>` on a
 * CloudWorks-only stack (tests/policy/program) against the emulator. The stack's AmazonS3
 * connection uses a bucket that is not managed in the stack, so the advisory rule reports it and
 * the preview still succeeds; made mandatory through `--policy-pack-config`, the same violation
 * fails the preview. A connection whose secret reaches the engine as plaintext fails the secrets
 * rule, which proves the secretness observation works through the engine's remediate pass; at
 * level "remediate" the same rule makes the value secret and the preview passes.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator";
import { CommandResult, LocalStack, REPO_ROOT } from "../../scripts/localStack";
import { policyNames, POLICY_PACK_NAME } from "../../policy-pack/rules";
import { configureProvider } from "../engine/support";
import { PolicyEngineSetup, preparePolicyEngine } from "./support";

// Real CLI runs: a policy-pack preview took 75 s alone and over 120 s on a loaded 2-core machine;
// the limit only has to catch a hang.
jest.setTimeout(600_000);

const PASSWORD = "policy-demo-password-51c0";
const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/POLICY-SECRET-8e2a";
const PLAINTEXT_KEY = "wJalrXUtnFEMI/K7MDENG/POLICY-PLAINTEXT-3f9d";

let setup: PolicyEngineSetup;
let emulator: RunningEmulator;
let stack: LocalStack;

beforeAll(async () => {
  setup = preparePolicyEngine();
  emulator = await startEmulator({
    port: 0,
    users: [{ username: "policy@example.com", password: PASSWORD }],
  });
  stack = await LocalStack.create({
    programSource: path.join(REPO_ROOT, "tests", "policy", "program"),
    pulumiBinDir: setup.binDir,
  });
  // The provider reads its settings even in a preview (which makes no CloudWorks call).
  await configureProvider(stack, emulator.url, "policy@example.com", PASSWORD);
  await stack.setConfig("s3SecretAccessKey", SECRET_KEY, true);
}, 600_000);

afterAll(async () => {
  stack?.dispose();
  await emulator?.stop();
  setup?.dispose();
});

/** `pulumi preview --policy-pack`, optionally with a policy config file; never throws. */
async function previewWithPack(policyConfig?: object): Promise<CommandResult & { all: string }> {
  const args = ["preview", "--policy-pack", setup.packDir];
  if (policyConfig !== undefined) {
    const file = path.join(stack.root, "policy-config.json");
    fs.writeFileSync(file, JSON.stringify(policyConfig));
    args.push("--policy-pack-config", file);
  }
  const result = await stack.pulumi(args, { check: false });
  return { ...result, all: `${result.stdout}\n${result.stderr}` };
}

it("reports the advisory violation and the preview succeeds", async () => {
  const result = await previewWithPack();
  expect(result.code).toBe(0);
  expect(result.all).toContain(`${POLICY_PACK_NAME}@v0.1.0`);
  expect(result.all).toMatch(
    new RegExp(
      `\\[advisory\\]\\s+\\[severity: \\w+\\]\\s+${policyNames.bucketNotInStack}\\s+\\(pulumi-nodejs:dynamic/cloudworks:Connection: external-s3\\)`,
    ),
  );
  expect(result.all).toContain(
    'CloudWorks connection "external-s3" (AmazonS3) uses bucket "acme-external-landing", which is not managed in this stack',
  );
  // The connection made by CloudWorksConnection has its secret as a Pulumi secret.
  expect(result.all).not.toContain(policyNames.connectionSecrets);
  expect(result.all).not.toContain("[mandatory]");
  // Nothing a rule could not run, and no secret in the output.
  expect(result.all).not.toMatch(/can't run policy|Error validating/);
  expect(result.all).not.toContain(SECRET_KEY);
});

it("fails the preview when that rule is made mandatory with --policy-pack-config", async () => {
  const result = await previewWithPack({ [policyNames.bucketNotInStack]: "mandatory" });
  expect(result.code).not.toBe(0);
  expect(result.all).toMatch(
    new RegExp(
      `\\[mandatory\\]\\s+\\[severity: \\w+\\]\\s+${policyNames.bucketNotInStack}\\s+\\(pulumi-nodejs:dynamic/cloudworks:Connection: external-s3\\)`,
    ),
  );
  expect(result.all).toMatch(/preview failed|policy violation/i);
});

it("accepts the documented example config (schema-valid; this bucket is not in its allowed list)", async () => {
  const example = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "policy-pack", "policy-config.example.json"), "utf8"),
  ) as object;
  const result = await previewWithPack(example);
  expect(result.code).not.toBe(0);
  expect(result.all).not.toMatch(/invalid|schema|does not match/i);
  expect(result.all).toMatch(
    new RegExp(`\\[mandatory\\]\\s+\\[severity: \\w+\\]\\s+${policyNames.bucketNotInStack}\\s`),
  );
});

it("accepts per-rule config: a reviewed external bucket is not reported", async () => {
  const result = await previewWithPack({
    [policyNames.bucketNotInStack]: {
      enforcementLevel: "mandatory",
      allowedExternalBuckets: ["acme-external-landing"],
    },
  });
  expect(result.code).toBe(0);
  expect(result.all).not.toContain(policyNames.bucketNotInStack + " ");
  expect(result.all).not.toContain("not managed in this stack");
});

it("fails the preview for a connection whose secret is not a Pulumi secret", async () => {
  await stack.setConfig("plaintextSecret", "true");
  await stack.setConfig("plaintextAccessKey", PLAINTEXT_KEY);
  try {
    const result = await previewWithPack();
    expect(result.code).not.toBe(0);
    expect(result.all).toMatch(
      new RegExp(
        `\\[mandatory\\]\\s+\\[severity: \\w+\\]\\s+${policyNames.connectionSecrets}\\s+\\(pulumi-nodejs:dynamic/cloudworks:Connection: plaintext-s3\\)`,
      ),
    );
    expect(result.all).toContain(
      'secretAccessKey of CloudWorks connection "plaintext-s3" is not a Pulumi secret',
    );
    // Only the plaintext one: the class-made connection passes.
    expect(result.all).not.toMatch(/connection "external-s3" is not a Pulumi secret/);
    expect(result.all).not.toContain(SECRET_KEY);
    expect(result.all).not.toContain(PLAINTEXT_KEY);

    // At level "remediate" the rule makes the value secret instead, and the preview passes.
    const remediated = await previewWithPack({ [policyNames.connectionSecrets]: "remediate" });
    expect(remediated.code).toBe(0);
    expect(remediated.all).toMatch(
      new RegExp(`\\[remediate\\]\\s+${policyNames.connectionSecrets}\\s+\\(1 resource\\)`),
    );
    expect(remediated.all).not.toContain(PLAINTEXT_KEY);
    expect(remediated.all).not.toContain("is not a Pulumi secret");
  } finally {
    await stack.removeConfig("plaintextSecret");
    await stack.removeConfig("plaintextAccessKey");
  }
});
