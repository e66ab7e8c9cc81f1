/**
 * The new user's first hour, end to end: the package is packed (from the dist/ that `npm test`
 * builds first), the tarball installed into a fresh directory outside the repository next to
 * @pulumi/pulumi only (no @pulumi/aws), the quickstart program type-checks there, and the real
 * `pulumi` CLI previews, deploys and
 * destroys it against the emulator the installed package provides (`cloudworks-emulator`),
 * configured with the exact `pulumi config set` lines the emulator prints. A bad
 * `cloudworks:region` fails at preview. npm works from the local cache (`--prefer-offline`).
 */
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { REPO_ROOT } from "../../scripts/localStack";
import { pulumiBinDir } from "./support";

const QUICKSTART = path.join(REPO_ROOT, "examples", "quickstart");
const TEMPLATE = path.join(REPO_ROOT, "templates", "cloudworks-typescript");
const SDK_VERSION: string = JSON.parse(
  fs.readFileSync(
    path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"),
    "utf8",
  ),
).version;

let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
let emulator: ChildProcess | undefined;
let banner = "";

/** Runs a command in the project; returns its output, throwing with it when the exit code is not 0. */
function run(command: string, args: string[], options: { allowFailure?: boolean } = {}) {
  const result = spawnSync(command, args, {
    cwd: project,
    env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0 && !options.allowFailure) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status}:\n${output}`);
  }
  return { status: result.status, output };
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-first-hour-"));
  // Outside the repository, so nothing resolves from the checkout's node_modules.
  expect(path.relative(REPO_ROOT, root).startsWith("..")).toBe(true);
  project = path.join(root, "quickstart");
  fs.mkdirSync(path.join(root, "state"));
  env = {
    ...process.env,
    PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  for (const key of Object.keys(env)) if (key.startsWith("CLOUDWORKS_")) delete env[key];

  // dist/ is built by `npm test` before jest starts. The prepack script (a clean rebuild) is
  // skipped: other suites running in parallel load the package from dist/ at this moment.
  const built = path.join(REPO_ROOT, "dist", "provider", "index.js");
  if (!fs.existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  const packed = execFileSync(
    "npm",
    ["pack", "--silent", "--ignore-scripts", "--pack-destination", root],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  )
    .trim()
    .split("\n")
    .pop() as string;
  const tarball = path.join(root, packed);
  fs.cpSync(QUICKSTART, project, { recursive: true });
  run("npm", [
    "install",
    "--prefer-offline",
    "--no-audit",
    "--no-fund",
    tarball,
    `@pulumi/pulumi@${SDK_VERSION}`,
  ]);

  // The installed package's own emulator, with the CLI defaults except the port (4010 may be
  // taken by another run on this machine).
  emulator = spawn(
    path.join(project, "node_modules", ".bin", "cloudworks-emulator"),
    ["--port", "0"],
    {
      cwd: project,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  banner = await new Promise<string>((resolve, reject) => {
    let out = "";
    emulator?.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("cloudworks:password")) resolve(out);
    });
    emulator?.once("exit", (code) => reject(new Error(`cloudworks-emulator exited with ${code}`)));
  });
}, 900_000);

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    await new Promise<void>((resolve) => {
      emulator?.once("exit", () => resolve());
      emulator?.kill("SIGTERM");
    });
  }
  if (root) fs.rmSync(root, { recursive: true, force: true });
}, 300_000);

it("installs from the tarball with @pulumi/pulumi only, and type-checks without @pulumi/aws", () => {
  const installed = path.join(project, "node_modules");
  expect(fs.existsSync(path.join(installed, "pulumi-cloudworks", "LICENSE"))).toBe(true);
  expect(fs.existsSync(path.join(installed, "@pulumi", "aws"))).toBe(false);
  // No source map points at a .ts file that is not shipped.
  const maps = spawnSync("find", [path.join(installed, "pulumi-cloudworks"), "-name", "*.map"], {
    encoding: "utf8",
  });
  expect(maps.stdout.trim()).toBe("");
  run(path.join(installed, ".bin", "tsc"), ["--noEmit", "-p", "."]);
}, 300_000);

it("previews, deploys and destroys the quickstart against the emulator", () => {
  run("pulumi", ["stack", "init", "dev"]);
  // The exact lines the emulator printed, run as printed.
  const lines = banner.split("\n").filter((line) => line.trim().startsWith("pulumi config set"));
  expect(lines).toHaveLength(4);
  for (const line of lines) run("pulumi", line.trim().split(/\s+/).slice(1));

  // A wrong region is caught at preview, with the key and the fix.
  run("pulumi", ["config", "set", "cloudworks:region", "eu9"]);
  const bad = run("pulumi", ["preview", "--non-interactive"], { allowFailure: true });
  expect(bad.status).not.toBe(0);
  expect(bad.output).toContain('cloudworks:region (or CLOUDWORKS_REGION) is "eu9"');
  expect(bad.output).toContain("pulumi config set cloudworks:region <region>");
  run("pulumi", ["config", "rm", "cloudworks:region"]);

  const preview = run("pulumi", ["preview", "--non-interactive"]);
  expect(preview.output).toMatch(/4 to create/);

  run("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"]);
  const outputs = JSON.parse(run("pulumi", ["stack", "output", "--json"]).output);
  expect(outputs).toMatchObject({
    runSucceeded: true,
    connectionId: expect.stringMatching(/^[0-9a-f]{32}$/),
    integrationId: expect.stringMatching(/^[0-9a-f]{32}$/),
  });
  expect(banner).not.toBe("");

  run("pulumi", ["destroy", "--yes", "--skip-preview", "--non-interactive"]);
  const after = JSON.parse(run("pulumi", ["stack", "export"]).output);
  expect(after.deployment.resources ?? []).toHaveLength(0);
}, 900_000);

it("the template generates a project with the quickstart's program", () => {
  const generated = path.join(root, "from-template");
  fs.mkdirSync(generated);
  const result = spawnSync(
    "pulumi",
    ["new", TEMPLATE, "--generate-only", "--yes", "--name", "my-cloudworks", "--dir", generated],
    { cwd: root, env, encoding: "utf8" },
  );
  expect(`${result.status} ${result.stderr}`).toBe("0 ");
  expect(fs.readFileSync(path.join(generated, "Pulumi.yaml"), "utf8")).toMatch(
    /^name: my-cloudworks$/m,
  );
  expect(JSON.parse(fs.readFileSync(path.join(generated, "package.json"), "utf8")).name).toBe(
    "my-cloudworks",
  );
  // One program, two doors: the template's index.ts is a link to the quickstart's, and the new
  // project must get it as a real file (a copied link would point outside the project).
  expect(fs.lstatSync(path.join(generated, "index.ts")).isSymbolicLink()).toBe(false);
  expect(fs.readFileSync(path.join(generated, "index.ts"), "utf8")).toBe(
    fs.readFileSync(path.join(QUICKSTART, "index.ts"), "utf8"),
  );
}, 300_000);
