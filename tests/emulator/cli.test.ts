/**
 * `cloudworks-emulator` as a newcomer runs it: with no flags it keeps the tenant in
 * ./.cloudworks-emulator/tenant.json, so a restart keeps what a stack created, and it prints the
 * login and the exact `pulumi config set` lines. Runs the compiled CLI (`npm run build`, which
 * `npm test` does first) in a temp directory; `--port 0` stands in for the default 4010 so that
 * parallel test runs do not collide (the default itself is checked by the parser tests).
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { login } from "./support";

const CLI = path.join(__dirname, "..", "..", "dist", "emulator", "cli.js");
const children: ChildProcess[] = [];
let cwd: string;

beforeAll(() => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
});
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-cli-"));
});
afterEach(async () => {
  for (const child of children.splice(0)) await stop(child);
  fs.rmSync(cwd, { recursive: true, force: true });
});

/** Starts the CLI and resolves with its banner (everything up to the blank line after the config lines). */
async function start(
  args: string[],
): Promise<{ child: ChildProcess; banner: string; url: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let out = "";
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const banner = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("cloudworks:password")) resolve(out);
    });
    child.once("exit", (code) => reject(new Error(`cli exited with ${code}: ${err}`)));
  });
  const url = /listening on (http:\/\/\S+)/.exec(banner)?.[1] ?? "";
  return { child, banner: banner + err, url };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

it("prints the login and the exact pulumi config set lines", async () => {
  const { banner, url } = await start(["--port", "0"]);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(banner).toContain("login: demo@example.com / demo-password");
  expect(banner).toContain(`pulumi config set cloudworks:apiUrl ${url}\n`);
  expect(banner).toContain(`pulumi config set cloudworks:authUrl ${url}\n`);
  expect(banner).toContain("pulumi config set cloudworks:username demo@example.com\n");
  expect(banner).toContain("pulumi config set --secret cloudworks:password demo-password\n");
});

it("keeps the tenant across a restart by default", async () => {
  const first = await start(["--port", "0"]);
  const stateFile = path.join(cwd, ".cloudworks-emulator", "tenant.json");
  expect(first.banner).toContain(`tenant kept in ${fs.realpathSync(cwd)}`);
  const token = await login(first);
  const created = await fetch(`${first.url}/2/0/integrations/connections`, {
    method: "POST",
    headers: { Authorization: `AnaplanAuthToken ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      type: "AmazonS3",
      body: {
        name: "Survives restart",
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        bucketName: "acme-landing",
      },
    }),
  });
  expect(created.status).toBe(200);
  const { connections } = (await created.json()) as { connections: { connectionId: string } };
  await stop(first.child);
  expect(fs.existsSync(stateFile)).toBe(true);

  const second = await start(["--port", "0"]);
  const list = await fetch(`${second.url}/2/0/integrations/connections`, {
    headers: { Authorization: `AnaplanAuthToken ${await login(second)}` },
  });
  const listed = (await list.json()) as { connections: { connectionId: string }[] };
  expect(listed.connections.map((c) => c.connectionId)).toContain(connections.connectionId);
});

it("warns loudly when asked to keep nothing", async () => {
  const { banner } = await start(["--port", "0", "--in-memory"]);
  expect(banner).toMatch(/WARNING: .*tenant is lost when the emulator stops/);
  expect(fs.existsSync(path.join(cwd, ".cloudworks-emulator"))).toBe(false);
});
