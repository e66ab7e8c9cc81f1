/**
 * Which program `pulumi preview` runs, from the repository root (whose Pulumi.yaml points at
 * examples/flagship) and from examples/flagship itself. The Node SDK resolves a program folder
 * without its own package.json by walking up to the nearest one; at the repository root that is
 * the library's, so the engine used to run dist/provider/index.js (one stack resource, exports
 * such as CLOUDWORKS_EGRESS_TABLE_DATE) instead of the flagship. The test lays out the root
 * Pulumi.yaml and package.json beside a copy of examples/flagship, as in a checkout, and checks
 * the resources the engine registers.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { linkDependencies, LocalStack, REPO_ROOT } from "../../scripts/localStack";
import { FLAGSHIP_RESOURCES as FLAGSHIP_PROGRAM_RESOURCES } from "../aws/support";
import { pulumiBinDir, FLAGSHIP_DIR, useSampleConfig } from "./support";
import { createFakeAwsStack, FakeCloud } from "./fakeAws";

jest.setTimeout(600_000);

/** What the flagship registers (type and name), with the stack itself. */
const FLAGSHIP_RESOURCES = [
  "pulumi:pulumi:Stack cloudworks-landing-zone-dev",
  ...FLAGSHIP_PROGRAM_RESOURCES,
].sort();

interface PreviewStep {
  /** The resource's URN. */
  urn: string;
  /** The step, e.g. `create`. */
  op: string;
}

/** The resources a `pulumi preview --json` would create, as "type name". */
async function previewedResources(stack: LocalStack): Promise<string[]> {
  const result = await stack.pulumi(["preview", "--json"]);
  const { steps } = JSON.parse(result.stdout) as { steps: PreviewStep[] };
  return steps
    .filter((step) => step.op === "create")
    .map((step) => {
      const [, , qualifiedType, name] = step.urn.split("::");
      return `${qualifiedType.split("$").pop()} ${name}`;
    })
    .sort();
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

it.each([
  ["the repository root", true],
  ["examples/flagship", false],
])("`pulumi preview` from %s runs the flagship program", async (_where, fromRoot) => {
  const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-checkout-"));
  scratch.push(checkout);
  // A checkout's shape: the root Pulumi.yaml and package.json above examples/flagship.
  const flagshipCopy = path.join(checkout, "examples", "flagship");
  fs.cpSync(FLAGSHIP_DIR, flagshipCopy, {
    recursive: true,
    filter: (source) => path.basename(source) !== "node_modules",
  });
  fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(checkout, "Pulumi.yaml"));
  fs.copyFileSync(path.join(REPO_ROOT, "package.json"), path.join(checkout, "package.json"));
  linkDependencies(flagshipCopy);

  const cloud = new FakeCloud(path.join(checkout, "fake-aws.json"));
  const stack = await createFakeAwsStack(cloud, {
    programSource: fromRoot ? checkout : flagshipCopy,
    pulumiBinDir: pulumiBinDir(),
    copyAll: true,
  });
  scratch.push(stack.root);
  // LocalStack copied the layout without node_modules: link the flagship's dependencies again.
  const programFolder = fromRoot
    ? path.join(stack.programDir, "examples", "flagship")
    : stack.programDir;
  linkDependencies(programFolder);
  // The root Pulumi.yaml keeps stack files next to the program (stackConfigDir).
  useSampleConfig(path.join(programFolder, "Pulumi.dev.yaml"));
  // The provider checks its configuration at preview (a preview calls no API, so any login does).
  await stack.setConfig("cloudworks:username", "preview@example.com");
  await stack.setConfig("cloudworks:password", "preview-only-password", true);

  expect(await previewedResources(stack)).toEqual(FLAGSHIP_RESOURCES);
  const text = (await stack.preview()).stdout;
  expect(text).not.toContain("CLOUDWORKS_EGRESS_TABLE_DATE");
  expect(text).toMatch(/\+ 22 to create/);
  // A preview creates nothing.
  expect(cloud.operations()).toEqual([]);
});
