/**
 * The Pulumi tools scripts/install-pulumi.sh installs are self-contained: the language-host
 * front (which serves RunPlugin for policy packs in front of the legacy host) lives with its
 * launcher, its generated gRPC stubs and its npm packages inside the tools dir, so an `npm ci`
 * in the checkout cannot break the stacks that use those tools. Rebuilding the Go binaries takes
 * minutes, so this drives the script's in-place path instead: a tools dir (PULUMI_TOOLS_DIR, in
 * the temp dir, outside the repository) whose binaries are the ones in use but whose front is
 * missing and whose launcher is a link into a checkout, as older installs had it.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { REPO_ROOT } from "../../scripts/localStack";
import { pulumiBinDir } from "./support";

const SCRIPT = path.join(REPO_ROOT, "scripts", "install-pulumi.sh");
let toolsRoot: string;

beforeAll(() => {
  toolsRoot = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-tools-"));
});
afterAll(() => {
  fs.rmSync(toolsRoot, { recursive: true, force: true });
});

it("installs the language-host front inside the tools dir, loading nothing from the checkout", () => {
  const source = pulumiBinDir();
  const version = execFileSync(path.join(source, "pulumi"), ["version"], {
    encoding: "utf8",
  }).trim();
  const installDir = path.join(toolsRoot, version);
  const bin = path.join(installDir, "bin");
  fs.mkdirSync(bin, { recursive: true });
  fs.symlinkSync(path.join(source, "pulumi"), path.join(bin, "pulumi"));
  const legacy = fs.existsSync(path.join(source, "pulumi-language-nodejs-legacy"))
    ? "pulumi-language-nodejs-legacy"
    : "pulumi-language-nodejs";
  fs.symlinkSync(path.join(source, legacy), path.join(bin, "pulumi-language-nodejs-legacy"));
  fs.copyFileSync(
    path.join(source, "pulumi-resource-pulumi-nodejs"),
    path.join(bin, "pulumi-resource-pulumi-nodejs"),
  );
  // The old layout: the launcher linked into the checkout, whose node_modules the front used.
  fs.symlinkSync(
    path.join(REPO_ROOT, "scripts", "pulumi-language-nodejs-runplugin"),
    path.join(bin, "pulumi-language-nodejs"),
  );
  fs.writeFileSync(
    path.join(installDir, "BUILD-INFO"),
    "pulumi-language-nodejs          sdk/v3@v3.68.0 nodejs/cmd/pulumi-language-nodejs (fallback)\n",
  );

  // No pulumi on PATH, so the script looks at its own tools dir rather than using PATH's.
  const nodeDir = path.dirname(process.execPath);
  const result = spawnSync("bash", [SCRIPT, "--print-bin-dir"], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${nodeDir}:/usr/bin:/bin`, PULUMI_TOOLS_DIR: toolsRoot },
  });
  expect(`${result.status} ${result.stdout.trim()}`).toBe(`0 ${bin}`);
  expect(result.stderr).toContain("installing the language-host front into");

  const launcher = path.join(bin, "pulumi-language-nodejs");
  expect(fs.lstatSync(launcher).isSymbolicLink()).toBe(false);
  expect(fs.readFileSync(launcher, "utf8")).not.toContain(REPO_ROOT);
  const front = path.join(installDir, "front", "langhostRunPlugin.js");
  expect(fs.readFileSync(front, "utf8")).toContain('require("./proto/language_grpc_pb")');

  // Loading the front resolves every module it needs from the tools dir: it sits outside the
  // repository, so a module missing there would fail here instead of falling back to the checkout.
  expect(path.relative(REPO_ROOT, toolsRoot).startsWith("..")).toBe(true);
  const load = spawnSync(
    process.execPath,
    [
      "-e",
      `const m = require(${JSON.stringify(front)});
       const grpc = require.resolve("@grpc/grpc-js", { paths: [${JSON.stringify(path.dirname(front))}] });
       console.log(typeof m.findLegacyHost, grpc);`,
    ],
    { encoding: "utf8", cwd: toolsRoot, env: { ...process.env, NODE_PATH: "" } },
  );
  expect(load.stderr).toBe("");
  const [kind, grpcPath] = load.stdout.trim().split(" ");
  expect(kind).toBe("function");
  expect(grpcPath.startsWith(path.join(installDir, "front", "node_modules"))).toBe(true);

  // A second run finds everything in place.
  const again = spawnSync("bash", [SCRIPT, "--print-bin-dir"], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${nodeDir}:/usr/bin:/bin`, PULUMI_TOOLS_DIR: toolsRoot },
  });
  expect(again.status).toBe(0);
  expect(again.stderr).not.toContain("installing");
}, 300_000);
