/** Command-line flags of `cloudworks-emulator`, parsed into {@link EmulatorOptions}. */
import type { EmulatorOptions, EmulatorUser } from "./types";

/** Usage text printed by `--help` and after a flag error. */
export const USAGE = `Usage: cloudworks-emulator [options]

Serves the Anaplan auth API and CloudWorks (/2/0, /1/0, /cloudworks/2/0) on 127.0.0.1.

  --port N                   port to listen on (default 0: a free port)
  --state-file FILE          keep the tenant in FILE (loaded at start, rewritten on change)
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
  { help: true } | { help: false; options: EmulatorOptions; verbose: boolean };

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
  const options: EmulatorOptions = {};
  const users: EmulatorUser[] = [];
  const cas: string[] = [];
  let verbose = false;
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
      case "--port": {
        const port = integer(flag, value());
        if (port > 65535) throw new Error("--port must be at most 65535");
        options.port = port;
        break;
      }
      case "--state-file":
        options.stateFile = value();
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
  if (users.length > 0) options.users = users;
  if (cas.length > 0) options.trustedCaCertificates = cas;
  return { help: false, options, verbose };
}
