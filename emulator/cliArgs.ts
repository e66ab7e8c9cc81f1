/** Command-line flags of `cloudworks-emulator`, parsed into {@link EmulatorOptions}. */
import type { EmulatorOptions, EmulatorUser } from "./types";

/**
 * The command line's port when `--port` is absent. Every doc and quickstart points stacks at
 * `http://127.0.0.1:4010`, so the CLI listens there (the JS API keeps `port: 0`, a free port,
 * which is what tests and scripts running side by side need).
 */
export const CLI_DEFAULT_PORT = 4010;

/**
 * The command line's state file when neither `--state-file` nor `--in-memory` is given, relative
 * to the working directory: a tenant that vanished on restart made the next `pulumi up` fail
 * with `404 Resource not found` for objects the stack still records.
 */
export const CLI_DEFAULT_STATE_FILE = ".cloudworks-emulator/tenant.json";

/** Usage text printed by `--help` and after a flag error. */
export const USAGE = `Usage: cloudworks-emulator [options]

Serves the Anaplan auth API and CloudWorks (/2/0, /1/0, /cloudworks/2/0) on 127.0.0.1.

  --port N                   port to listen on (default ${CLI_DEFAULT_PORT}; 0 picks a free port)
  --state-file FILE          keep the tenant in FILE (loaded at start, rewritten on change;
                             default ${CLI_DEFAULT_STATE_FILE} in the working directory)
  --in-memory                keep no state file: the tenant is lost when the emulator stops
  --user NAME:PASSWORD       a user who may log in; repeatable (default demo@example.com:demo-password)
  --ca-cert FILE.pem         trust this CA for certificate login; repeatable
  --latency-ms N             latency added to every API request
  --token-lifetime-ms N      token lifetime (default 2100000, i.e. 35 minutes)
  --run-duration-ms N        duration of a simulated run (default 300)
  --admin-token TOKEN        require this token in the x-emulator-admin-token header of every
                             /__emulator/ admin request
  --verbose                  log requests and error reasons to stderr
  --help                     show this text`;

/** Parsed command line: options for the emulator, or a request for help. */
export type CliCommand =
  | { help: true }
  | {
      help: false;
      /** Options for `startEmulator`, with the CLI's defaults (port 4010, a state file) applied. */
      options: EmulatorOptions;
      /** True when `--verbose` asked for request logs on stderr. */
      verbose: boolean;
      /** True when `--in-memory` asked for no state file. */
      inMemory: boolean;
    };

function integer(flag: string, value: string): number {
  if (!/^\d+$/.test(value))
    throw new Error(`${flag} needs a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * Parse flags (`--flag value` or `--flag=value`). `readFile` loads CA certificate files; it is
 * a parameter so tests need no files. Throws an Error with a one-line message on bad input.
 */
export function parseCliArgs(argv: string[], readFile: (path: string) => string): CliCommand {
  const options: EmulatorOptions = { port: CLI_DEFAULT_PORT };
  const users: EmulatorUser[] = [];
  const cas: string[] = [];
  let verbose = false;
  let inMemory = false;
  let stateFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf("=");
    const flag = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--help":
      case "-h":
        return { help: true };
      case "--verbose":
        verbose = true;
        break;
      case "--in-memory":
        inMemory = true;
        break;
      case "--port": {
        const port = integer(flag, value());
        if (port > 65535) throw new Error("--port must be at most 65535");
        options.port = port;
        break;
      }
      case "--state-file":
        stateFile = value();
        if (stateFile === "")
          throw new Error("--state-file needs a file name (or use --in-memory)");
        break;
      case "--user": {
        const spec = value();
        const colon = spec.indexOf(":");
        if (colon <= 0) throw new Error("--user needs NAME:PASSWORD");
        users.push({ username: spec.slice(0, colon), password: spec.slice(colon + 1) });
        break;
      }
      case "--ca-cert":
        cas.push(readFile(value()));
        break;
      case "--latency-ms":
        options.latencyMs = integer(flag, value());
        break;
      case "--token-lifetime-ms":
        options.tokenLifetimeMs = integer(flag, value());
        break;
      case "--admin-token": {
        const token = value();
        if (token === "") throw new Error("--admin-token needs a non-empty value");
        options.adminToken = token;
        break;
      }
      case "--run-duration-ms":
        options.runDurationMs = integer(flag, value());
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  if (inMemory && stateFile !== undefined) {
    throw new Error("--in-memory and --state-file exclude each other");
  }
  if (!inMemory) options.stateFile = stateFile ?? CLI_DEFAULT_STATE_FILE;
  if (users.length > 0) options.users = users;
  if (cas.length > 0) options.trustedCaCertificates = cas;
  return { help: false, options, verbose, inMemory };
}

/**
 * What the CLI prints once listening: where, the login, the exact `pulumi config set` lines for
 * a stack, and where the tenant is kept (or a warning that it is not). A password given with
 * `--user` is not echoed; the demo user's is public and printed so the lines can be pasted.
 */
export function startBanner(
  url: string,
  options: EmulatorOptions,
  stateFilePath: string | undefined,
): string {
  const user = options.users?.[0];
  const username = user?.username ?? "demo@example.com";
  const password = user ? "<the password given with --user>" : "demo-password";
  const lines = [
    `cloudworks-emulator listening on ${url}`,
    `  login: ${username} / ${password}`,
    stateFilePath
      ? `  tenant kept in ${stateFilePath} (it survives a restart; delete the file to start empty)`
      : "  WARNING: --in-memory: the tenant is lost when the emulator stops; stacks that created objects here will fail with 404 after a restart (`pulumi refresh` drops them)",
    "",
    "Point a Pulumi stack at it (in the program's directory):",
    `  pulumi config set cloudworks:apiUrl ${url}`,
    `  pulumi config set cloudworks:authUrl ${url}`,
    `  pulumi config set cloudworks:username ${username}`,
    `  pulumi config set --secret cloudworks:password ${password}`,
    "",
  ];
  return lines.join("\n");
}
