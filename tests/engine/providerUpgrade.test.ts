/**
 * Upgrading the package under an existing stack, with the real `pulumi` CLI: a stack deployed by
 * 0.1.0, whose state holds the 2.6 KB serialized forwarding shim as `__provider`, keeps working
 * with the current package, whose `__provider` is a ~90-byte constant module text: no change in
 * the preview, no update, and refresh and destroy run (with the old text still in the outputs).
 * Also checks what a new stack stores: the small text, no machine or install-layout path, and at
 * most 2.5 KB per resource entry apart from the call stack the engine records with it.
 */
import * as fs from "fs";
import * as path from "path";
import type { RunningEmulator } from "../../emulator";
import { providerText } from "../../provider/resources/registration";
import type { LocalStack, StateDeployment } from "../../scripts/localStack";
import { REPO_ROOT } from "../../scripts/localStack";
import { BenchFixture, startBenchFixture } from "./support";

jest.setTimeout(600_000);

const N = 3;

let bench: BenchFixture | undefined;
let emulator: RunningEmulator;
let stack: LocalStack;
let legacyPackage: string;

/**
 * A copy of the built package whose resources register through 0.1.0's shim.js
 * (tests/engine/fixtures), installed in place of registration.js: the same props and dynamic
 * implementation, the old serialized provider. It lives under the repository so that it
 * resolves axios and @pulumi/pulumi from the repository's node_modules, as the real one does.
 */
function makeLegacyPackage(): string {
  const root = path.join(REPO_ROOT, ".bench");
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, "legacy-package-"));
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(dir, "package.json"));
  fs.cpSync(path.join(REPO_ROOT, "dist", "provider"), path.join(dir, "dist", "provider"), {
    recursive: true,
  });
  const registration = path.join(dir, "dist", "provider", "resources", "registration.js");
  // The fixture takes the props from the current module, which it requires under this name.
  fs.renameSync(registration, registration.replace(/\.js$/, ".current.js"));
  fs.copyFileSync(path.join(__dirname, "fixtures", "shim-0.1.0.js.txt"), registration);
  return dir;
}

/** Points the program's `node_modules/pulumi-cloudworks` at `target`. */
function installPackage(target: string): void {
  const link = path.join(stack.programDir, "node_modules", "pulumi-cloudworks");
  fs.rmSync(link, { force: true });
  fs.symlinkSync(target, link, "dir");
}

/** The CloudWorks resources of the exported state. */
async function dynamicResources(): Promise<NonNullable<StateDeployment["resources"]>> {
  const { deployment } = await stack.exportState();
  return (deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"));
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "index.js")))
    throw new Error("run `npm run build` first: the legacy package is copied from dist/");
  bench = await startBenchFixture(N);
  ({ emulator, stack } = bench);
  legacyPackage = makeLegacyPackage();
}, 600_000);

afterAll(async () => {
  await bench?.dispose();
  if (legacyPackage) fs.rmSync(legacyPackage, { recursive: true, force: true });
}, 600_000);

it("a stack deployed by 0.1.0 previews, updates, refreshes and destroys cleanly after the upgrade", async () => {
  installPackage(legacyPackage);
  await stack.up();
  const before = await dynamicResources();
  expect(before).toHaveLength(2 * N);
  for (const resource of before) {
    // The old shape: seven serialized forwarding methods.
    expect(String(resource.inputs?.__provider)).toContain("providers[this.kind]");
    expect(String(resource.inputs?.__provider).length).toBeGreaterThan(2000);
  }

  installPackage(REPO_ROOT);
  // The provider's diff ignores __provider, so the new text is not a change to preview or apply.
  const preview = await stack.preview(true);
  expect(preview.stdout).not.toMatch(/__provider/);
  const up = await stack.up();
  expect(up.stdout).not.toMatch(/updated|replaced|__provider/);
  expect(up.stdout).toMatch(new RegExp(`${2 * N + 1} unchanged`));

  // The engine records the new inputs of an unchanged resource and keeps its outputs, so the
  // old text stays in the outputs until the next real update; it still loads (./dynamic is
  // exported) and is what refresh and destroy run.
  const after = await dynamicResources();
  for (const resource of after) {
    const kind = resource.type.endsWith(":Connection") ? "connection" : "integration";
    expect(resource.inputs?.__provider).toBe(providerText(kind));
    expect(String(resource.outputs?.__provider)).toContain("providers[this.kind]");
  }
  emulator.resetCounts();
  await stack.refresh(true);
  expect(emulator.requestCounts()["GET /2/0/integrations/connections"]).toBeGreaterThan(0);
  // The host copies the stored (old) text into what read returns, inputs included, so a refresh
  // brings the old text back into the inputs; the next up records the new one again. Neither
  // is a change to preview, and the old text keeps loading.
  const refreshed = await dynamicResources();
  for (const resource of refreshed)
    expect(String(resource.outputs?.__provider)).toContain("providers[this.kind]");
  await stack.preview(true);
  expect((await stack.up()).stdout).toMatch(new RegExp(`${2 * N + 1} unchanged`));

  await stack.destroy();
  expect(Object.keys(emulator.state.connections)).toHaveLength(0);
  expect(Object.keys(emulator.state.integrations)).toHaveLength(0);
});

it("a new stack stores the constant text, no path, and at most 2.5 KB per resource", async () => {
  await stack.up();
  const resources = await dynamicResources();
  expect(resources).toHaveLength(2 * N);
  for (const resource of resources) {
    const text = String(resource.inputs?.__provider);
    expect(resource.outputs?.__provider).toBe(text);
    expect(text).toMatch(/^exports\.handler = \(\) => require\("pulumi-cloudworks\/dynamic"\)/);
    expect(text).not.toMatch(/node_modules|\.pnpm|\/tmp\/|\/work\/|\/home\/|\/root\//);
    // The engine adds the program's call stack (`sourcePosition`, `stackTrace`: ~1 KB whose
    // paths depend on where the program and its node_modules are); the rest is this package's.
    const {
      stackTrace: _trace,
      sourcePosition: _position,
      ...ours
    } = resource as Record<string, unknown>;
    expect(Buffer.byteLength(JSON.stringify(ours), "utf8")).toBeLessThanOrEqual(2500);
  }
  await stack.refresh(true);
  await stack.destroy();
  expect(Object.keys(emulator.state.integrations)).toHaveLength(0);
});
