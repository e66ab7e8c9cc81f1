/**
 * What the emulator was asked while one CLI command ran, for the suites that prove call counts
 * (how many logins, lists and writes a command makes).
 */
import type { RunningEmulator } from "../../../emulator";

/** The login route: a request the provider makes, but one that changes nothing in the tenant. */
const AUTHENTICATE = "POST /token/authenticate";

/**
 * The requests `emulator` received while `run` ran, per route template (the counts are reset
 * first, so nothing from before is included).
 */
export async function requestsDuring(
  emulator: RunningEmulator,
  run: () => Promise<unknown>,
): Promise<Record<string, number>> {
  emulator.resetCounts();
  await run();
  return emulator.requestCounts();
}

/** The routes among `counts` that change something: everything but GETs and the login. */
export function writes(counts: Record<string, number>): string[] {
  return Object.keys(counts).filter((key) => !key.startsWith("GET ") && key !== AUTHENTICATE);
}
