/**
 * What the engine keeps of the provider configuration, and which copy each command uses, as the
 * README's "What the engine keeps" section says: the whole stack config is stored (secrets
 * encrypted) as the inputs of the default `pulumi-nodejs` provider; `refresh` and `destroy` use
 * that stored copy until the next `up`, or the current config with `--run-program`.
 */
import { closedPortUrl } from "../client/support";
import { SECRETS, startEngineFixture } from "./support";
import type { EngineFixture } from "./support";

jest.setTimeout(600_000);

let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await startEngineFixture();
  await fixture.stack.up();
}, 600_000);
afterAll(() => fixture?.dispose());

it("stores the whole stack config as the dynamic provider's inputs, secrets encrypted", async () => {
  const { text, deployment } = await fixture.stack.exportState();
  const provider = (deployment.resources ?? []).find((r) =>
    r.type.startsWith("pulumi:providers:pulumi-nodejs"),
  );
  expect(provider?.inputs?.["cloudworks:apiUrl"]).toBe(fixture.emulator.url);
  expect(provider?.inputs?.["cloudworks:username"]).toBe("demo@example.com");
  // The password is there, but only as ciphertext.
  expect(JSON.stringify(provider?.inputs?.["cloudworks:password"])).toContain("ciphertext");
  expect(text).not.toContain(SECRETS.password);
});

it("refresh uses the copy stored by the last up; --run-program and up use the current config", async () => {
  const { stack, emulator } = fixture;
  const moved = await closedPortUrl();
  await stack.setConfig("cloudworks:apiUrl", moved);
  try {
    // Stored copy: still the emulator, so the refresh works and reads every object.
    emulator.resetCounts();
    await stack.refresh(true);
    expect(Object.keys(emulator.requestCounts()).length).toBeGreaterThan(0);

    // The current config points nowhere: the same refresh with --run-program fails, naming the
    // endpoint it could not reach.
    const current = await stack.pulumi(["refresh", "--yes", "--skip-preview", "--run-program"], {
      check: false,
    });
    expect(current.code).not.toBe(0);
    expect(`${current.stdout}\n${current.stderr}`).toMatch(/ECONNREFUSED|connect|reach/i);
    expect(`${current.stdout}\n${current.stderr}`).toContain(moved.replace("http://", ""));
  } finally {
    await stack.setConfig("cloudworks:apiUrl", emulator.url);
  }
  // Back to the emulator: with the current config both work again.
  await stack.pulumi(["refresh", "--yes", "--skip-preview", "--run-program"]);
});
