#!/usr/bin/env node
/** `cloudworks-emulator`: run the emulator until SIGINT/SIGTERM. */
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { USAGE, parseCliArgs, startBanner, type CliCommand } from "./cliArgs";
import { startEmulator } from "./index";

async function main(): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCliArgs(process.argv.slice(2), (path) => readFileSync(path, "utf8"));
  } catch (error) {
    process.stderr.write(`cloudworks-emulator: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logger = command.verbose ? (line: string) => process.stderr.write(`${line}\n`) : undefined;
  const stateFile = command.options.stateFile ? resolve(command.options.stateFile) : undefined;
  // The default state file lives in a directory of its own that may not exist yet.
  if (stateFile) mkdirSync(dirname(stateFile), { recursive: true });
  let emulator;
  try {
    emulator = await startEmulator({ ...command.options, stateFile, logger });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `port ${command.options.port} is in use (another emulator?): stop it, or pass --port N (--port 0 picks a free port)`,
      );
    }
    throw error;
  }
  process.stdout.write(`${startBanner(emulator.url, command.options, stateFile)}\n`);
  if (!stateFile) {
    process.stderr.write(
      "cloudworks-emulator: WARNING: running --in-memory; the tenant will not survive a restart\n",
    );
  }
  const running = emulator;
  const shutdown = (): void => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`cloudworks-emulator: ${(error as Error).message}\n`);
  process.exit(1);
});
