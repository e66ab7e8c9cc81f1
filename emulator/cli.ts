#!/usr/bin/env node
/** `cloudworks-emulator`: run the emulator until SIGINT/SIGTERM. */
import { readFileSync } from "node:fs";
import { USAGE, parseCliArgs, type CliCommand } from "./cliArgs";
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
  const emulator = await startEmulator({ ...command.options, logger });
  process.stdout.write(`cloudworks-emulator listening on ${emulator.url}\n`);
  const shutdown = (): void => {
    emulator.stop().then(
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
