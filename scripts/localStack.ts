/**
 * Runs a Pulumi program with the real `pulumi` CLI, fully offline: a local file backend, a
 * passphrase secrets provider, an isolated PULUMI_HOME, no update check and no plugin
 * download. The program consumes this package the way a user's program does, by its package
 * name from its own node_modules, not by a relative import. Used by `npm run demo` and by the
 * engine test suite.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** The repository root (this file lives in scripts/ or dist/scripts/). */
export const REPO_ROOT = findRepoRoot(__dirname);

/** Options of {@link LocalStack.create}. */
export interface LocalStackOptions {
  /** Directory holding the program's Pulumi.yaml and index.ts, e.g. examples/local. */
  programSource: string;
  /** Directory with the `pulumi` binaries (see scripts/install-pulumi.sh --print-bin-dir). */
  pulumiBinDir: string;
  /** Stack name; default `dev`. */
  stackName?: string;
  /** Called with every line the CLI prints, as it prints it. */
  onOutput?: (line: string) => void;
  /** Extra environment variables for every CLI command (e.g. for a fake provider plugin). */
  env?: Record<string, string>;
  /**
   * Copy the whole program directory (subdirectories such as `source/` and `Pulumi.<stack>.yaml`
   * included, `node_modules` excluded) instead of only Pulumi.yaml, index.ts, tsconfig.json and
   * package.json.
   */
  copyAll?: boolean;
}

/** What one CLI invocation did. */
export interface CommandResult {
  /** The exit code. */
  code: number;
  /** Standard output. */
  stdout: string;
  /** Standard error. */
  stderr: string;
}

/** A throwaway Pulumi project, backend and stack in a temp directory. */
export class LocalStack {
  /** Every line any command printed, for checks such as "no secret was ever shown". */
  readonly transcript: string[] = [];

  private constructor(
    /** The temp root holding program, state and PULUMI_HOME. */
    readonly root: string,
    /** The program directory the CLI runs in. */
    readonly programDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly onOutput?: (line: string) => void,
  ) {}

  /** Prepares the program directory and state backend, and initialises the stack. */
  static async create(options: LocalStackOptions): Promise<LocalStack> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-stack-"));
    const programDir = path.join(root, "program");
    const stateDir = path.join(root, "state");
    const homeDir = path.join(root, "pulumi-home");
    for (const dir of [programDir, stateDir, homeDir]) fs.mkdirSync(dir, { recursive: true });
    if (options.copyAll) {
      fs.cpSync(options.programSource, programDir, {
        recursive: true,
        filter: (source) => path.basename(source) !== "node_modules",
      });
    } else {
      for (const file of fs.readdirSync(options.programSource)) {
        if (/^(Pulumi\.yaml|index\.ts|tsconfig\.json|package\.json)$/.test(file)) {
          fs.copyFileSync(path.join(options.programSource, file), path.join(programDir, file));
        }
      }
    }
    linkDependencies(programDir);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${options.pulumiBinDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: homeDir,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      // An empty passphrase is accepted (the CLI checks presence, not content); the state is a
      // throwaway, and secrets are still encrypted in it, which the secret tests rely on.
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
      ...options.env,
    };
    const stack = new LocalStack(root, programDir, env, options.onOutput);
    await stack.pulumi(["stack", "init", options.stackName ?? "dev"]);
    return stack;
  }

  /** The stack's PULUMI_HOME (plugins, credentials), e.g. for installing a test plugin. */
  get pulumiHome(): string {
    return this.env.PULUMI_HOME as string;
  }

  /** Sets a stack config value; `secret` encrypts it in the stack file. */
  async setConfig(key: string, value: string, secret = false): Promise<void> {
    // The value goes through stdin rather than argv, so it never shows in a process listing.
    await this.pulumi(["config", "set", ...(secret ? ["--secret"] : ["--plaintext"]), key], {
      stdin: value,
    });
  }

  /** Removes a stack config value. */
  async removeConfig(key: string): Promise<void> {
    await this.pulumi(["config", "rm", key]);
  }

  /** `pulumi up`; resolves with the result, rejecting only when `check` is true and it failed. */
  up(check = true): Promise<CommandResult> {
    return this.pulumi(["up", "--yes", "--skip-preview"], { check });
  }

  /** `pulumi preview`, optionally with `--expect-no-changes`. */
  preview(expectNoChanges = false, check = true): Promise<CommandResult> {
    return this.pulumi(["preview", ...(expectNoChanges ? ["--expect-no-changes"] : [])], { check });
  }

  /** `pulumi refresh --yes`, optionally with `--expect-no-changes`. */
  refresh(expectNoChanges = false, check = true): Promise<CommandResult> {
    return this.pulumi(
      ["refresh", "--yes", "--skip-preview", ...(expectNoChanges ? ["--expect-no-changes"] : [])],
      { check },
    );
  }

  /** `pulumi destroy --yes`. */
  destroy(check = true): Promise<CommandResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview"], { check });
  }

  /** The stack outputs; secrets stay masked unless `showSecrets`. */
  async outputs(showSecrets = false): Promise<Record<string, unknown>> {
    const result = await this.pulumi([
      "stack",
      "output",
      "--json",
      ...(showSecrets ? ["--show-secrets"] : []),
    ]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The deployment as `pulumi stack export` prints it (secrets stay encrypted). */
  async exportState(): Promise<{ text: string; deployment: StateDeployment }> {
    const result = await this.pulumi(["stack", "export"]);
    return {
      text: result.stdout,
      deployment: (JSON.parse(result.stdout) as { deployment: StateDeployment }).deployment,
    };
  }

  /** Runs the CLI in the program directory; rejects with its output when it fails and `check` holds. */
  pulumi(
    args: string[],
    options: {
      check?: boolean;
      stdin?: string;
      signalAfterMs?: number;
      onLine?: (line: string) => void;
    } = {},
  ): Promise<CommandResult> {
    const { check = true } = options;
    return new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--non-interactive"], {
        cwd: this.programDir,
        env: this.env,
      });
      let stdout = "";
      let stderr = "";
      const collect = (chunk: Buffer, into: "stdout" | "stderr") => {
        const text = chunk.toString("utf8");
        if (into === "stdout") stdout += text;
        else stderr += text;
        for (const line of text.split("\n")) {
          if (line.trim() === "") continue;
          this.transcript.push(line);
          this.onOutput?.(line);
          options.onLine?.(line);
        }
      };
      child.stdout.on("data", (chunk: Buffer) => collect(chunk, "stdout"));
      child.stderr.on("data", (chunk: Buffer) => collect(chunk, "stderr"));
      child.stdin.end(options.stdin ?? "");
      child.on("error", reject);
      child.on("close", (code) => {
        const result = { code: code ?? 1, stdout, stderr };
        if (check && result.code !== 0) {
          reject(
            new Error(`pulumi ${args.join(" ")} exited with ${result.code}\n${stdout}\n${stderr}`),
          );
        } else {
          resolve(result);
        }
      });
    });
  }

  /**
   * Starts `pulumi up` and kills the CLI process (and its plugins) with SIGKILL as soon as a
   * printed line matches `when`, or `when()` returns true (polled), as a crashed CI runner
   * would. Resolves once it has died.
   */
  async upKilledWhen(when: RegExp | (() => boolean)): Promise<void> {
    await new Promise<void>((resolve) => {
      const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive"], {
        cwd: this.programDir,
        env: this.env,
        detached: true,
      });
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        clearInterval(poll);
        // The whole process group: the CLI, the language host and the provider process.
        process.kill(-(child.pid as number), "SIGKILL");
      };
      const poll = setInterval(() => {
        if (typeof when === "function" && when()) kill();
      }, 25);
      const watch = (chunk: Buffer) => {
        for (const line of chunk.toString("utf8").split("\n")) {
          if (line.trim() !== "") this.transcript.push(line);
          if (when instanceof RegExp && when.test(line)) kill();
        }
      };
      child.stdout.on("data", watch);
      child.stderr.on("data", watch);
      child.on("close", () => {
        clearInterval(poll);
        this.killStrayPlugins();
        resolve();
      });
    });
  }

  /**
   * Pulumi starts each plugin in a process group of its own, so killing the CLI's group leaves
   * the dynamic-provider process running with no engine to talk to. A crashed runner would
   * take it down with the machine; a test has to do that itself. Plugins run in the program
   * directory, which identifies them (Linux /proc; elsewhere nothing is done).
   */
  private killStrayPlugins(): void {
    if (!fs.existsSync("/proc")) return;
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(this.root))
          process.kill(Number(entry), "SIGKILL");
      } catch {
        // The process ended meanwhile, or is not ours to inspect.
      }
    }
  }

  /**
   * Puts back a state file left unreadable by a crash: from the backup the file backend keeps
   * beside it (`<stack>.json.bak`), as Pulumi documents, or, when that is unreadable too, from the
   * newest checkpoint in the backend's history. The backend's blob library also writes a sidecar
   * `<file>.attrs` (content type, MD5) in place, not through a temp file, so a kill can leave it
   * empty while the state file itself is whole; the library reads a missing sidecar as defaults,
   * so an unreadable one is removed. Returns whether anything was repaired.
   */
  restoreStateBackup(): boolean {
    const pulumiDir = path.join(this.root, "state", ".pulumi");
    const stacksDir = path.join(pulumiDir, "stacks");
    let restored = false;
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else if (entry.name.endsWith(".attrs") && !isReadableJson(full)) {
          fs.rmSync(full);
          restored = true;
        } else if (entry.name.endsWith(".json") && !isReadableJson(full)) {
          // The backup first; when the kill hit that too, the newest readable checkpoint the
          // backend keeps in its history (`.pulumi/history/<project>/<stack>/`).
          const relative = path.relative(stacksDir, full);
          const history = path.join(pulumiDir, "history", relative.slice(0, -".json".length));
          const candidates = [
            `${full}.bak`,
            ...(fs.existsSync(history)
              ? fs
                  .readdirSync(history)
                  .filter((name) => name.endsWith(".checkpoint.json"))
                  .sort()
                  .reverse()
                  .map((name) => path.join(history, name))
              : []),
          ];
          const good = candidates.find((candidate) => isReadableJson(candidate));
          if (good !== undefined) {
            fs.copyFileSync(good, full);
            restored = true;
          }
        }
      }
    };
    if (fs.existsSync(stacksDir)) visit(stacksDir);
    return restored;
  }

  /** Deletes the temp directory. */
  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** The parts of an exported deployment the tests read. */
export interface StateDeployment {
  /** Resources in state. */
  resources?: {
    urn: string;
    type: string;
    id?: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
  }[];
  /** Operations that were in flight when the CLI stopped (e.g. after a crash). */
  pending_operations?: { type: string; resource: { urn: string } }[];
}

/**
 * Gives the program a node_modules with this package under its own name and the repository's
 * @pulumi/pulumi, as `npm install pulumi-cloudworks` would, without a network install: a
 * symlink keeps one copy of @pulumi/pulumi in the process (two copies break the SDK's runtime
 * state) and lets the dynamic provider `require("pulumi-cloudworks/dynamic")` from the program
 * directory, which is where the provider host resolves modules. @pulumi/aws is linked too when
 * the program's package.json depends on it (the language host then also asks for its plugin).
 */
export function linkDependencies(programDir: string): void {
  const modules = path.join(programDir, "node_modules");
  fs.mkdirSync(path.join(modules, "@pulumi"), { recursive: true });
  const links: [string, string][] = [
    [path.join(modules, "pulumi-cloudworks"), REPO_ROOT],
    [
      path.join(modules, "@pulumi", "pulumi"),
      path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi"),
    ],
  ];
  if (dependsOn(programDir, "@pulumi/aws")) {
    links.push([
      path.join(modules, "@pulumi", "aws"),
      path.join(REPO_ROOT, "node_modules", "@pulumi", "aws"),
    ]);
  }
  for (const [link, target] of links) {
    if (!fs.existsSync(link)) fs.symlinkSync(target, link, "dir");
  }
}

function dependsOn(programDir: string, name: string): boolean {
  const file = path.join(programDir, "package.json");
  if (!fs.existsSync(file)) return false;
  const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, string>>;
  return [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies].some(
    (deps) => deps !== undefined && name in deps,
  );
}

/** Whether a file exists and holds a complete JSON document (a cut-short write does not). */
function isReadableJson(file: string): boolean {
  try {
    JSON.parse(fs.readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

function findRepoRoot(start: string): string {
  let dir = start;
  while (
    !fs.existsSync(path.join(dir, "package.json")) ||
    !fs.existsSync(path.join(dir, "provider"))
  ) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${start}`);
    dir = parent;
  }
  return dir;
}
