/**
 * The policy pack on the flagship, with the real engine (the `pulumi` CLI, the fake `aws` plugin
 * and the emulator; see tests/engine/support/flagshipFixture.ts). The secure flagship passes for a
 * brand-new stack (`up --policy-pack`, whose preview has unknown IDs, keys and secrets), for a
 * no-change preview and for the preview of the documented access-key rotation. Each weakened
 * variant of the landing zone (turned on by tests/engine/flagshipWeaken.ts through stack config)
 * fails the preview with the mandatory rule named.
 */
import type { CommandResult, LocalStack } from "../../scripts/localStack";
import { policyNames, POLICY_PACK_NAME } from "../../policy-pack/rules";
import { FlagshipFixture, startFlagshipStack, urnOf } from "../engine/support";
import type { WeakenVariant } from "../engine/support";
import { PolicyEngineSetup, preparePolicyEngine } from "./support";

// A policy-pack run starts the analyzer and the IAM simulator next to the program: a minute or
// more on a loaded 2-core machine.
jest.setTimeout(600_000);

let setup: PolicyEngineSetup;
let fixture: FlagshipFixture;
let stack: LocalStack;

beforeAll(async () => {
  setup = preparePolicyEngine();
  fixture = await startFlagshipStack({ pulumiBinDir: setup.binDir, weakenable: true });
  stack = fixture.stack;
}, 600_000);

afterAll(async () => {
  await fixture?.dispose();
  setup?.dispose();
});

/** Runs a CLI command with the pack; never throws. */
async function withPack(args: string[]): Promise<CommandResult & { all: string }> {
  const result = await stack.pulumi([...args, "--policy-pack", setup.packDir], { check: false });
  return { ...result, all: `${result.stdout}\n${result.stderr}` };
}

/** The line the engine prints for a mandatory violation of a rule. */
function mandatory(rule: string): RegExp {
  return new RegExp(`\\[mandatory\\]\\s+\\[severity: \\w+\\]\\s+${rule}\\s`);
}

it("passes the secure flagship on a brand-new stack: `up --policy-pack` (its preview knows no IDs, keys or secrets)", async () => {
  const result = await withPack(["up", "--yes"]);
  expect(result.code).toBe(0);
  expect(result.all).toContain(`${POLICY_PACK_NAME}@v0.1.0`);
  expect(result.all).not.toContain("[mandatory]");
  // The secrets rule judged the real value during the update, and it was a secret.
  expect(result.all).not.toContain(policyNames.connectionSecrets);
  expect(result.all).toMatch(/\+ 22 created/);
});

it("passes a no-change preview", async () => {
  const result = await withPack(["preview", "--expect-no-changes"]);
  expect(result.code).toBe(0);
  expect(result.all).not.toContain("[mandatory]");
  expect(result.all).not.toMatch(/can't run policy/);
});

it("passes the preview of the access-key rotation (the new secret is unknown)", async () => {
  const urn = await urnOf(stack, "aws:iam/accessKey:AccessKey", "landing-zone-cloudworks-key");
  const result = await withPack(["preview", "--replace", urn]);
  expect(result.code).toBe(0);
  expect(result.all).toMatch(/\+- +aws:iam:AccessKey landing-zone-cloudworks-key replace/);
  expect(result.all).toMatch(
    /~ +pulumi-nodejs:dynamic\/cloudworks:Connection landing-zone-connection update/,
  );
  expect(result.all).not.toContain("[mandatory]");
});

const weakened: [WeakenVariant, string, string][] = [
  ["openAllowlist", "allowlist 0.0.0.0/0", policyNames.allowlist],
  ["noTlsDeny", "no TLS deny", policyNames.bucketPolicy],
  ["aes256", "AES256 default encryption", policyNames.encryption],
  ["awsManagedKey", "the AWS-managed key", policyNames.encryption],
  ["publicAccessOff", "Block Public Access off", policyNames.publicAccessBlock],
];

it.each(weakened)(
  "fails the preview of a weakened landing zone (%s: %s) naming %s",
  async (variant, _what, rule) => {
    await stack.setConfig("weaken", variant);
    try {
      const result = await withPack(["preview"]);
      expect(result.code).not.toBe(0);
      expect(result.all).toMatch(mandatory(rule));
      expect(result.all).toMatch(/preview failed|policy violation/i);
    } finally {
      await stack.removeConfig("weaken");
    }
  },
);
