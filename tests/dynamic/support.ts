/**
 * Shared setup for the provider suites: a real emulator on a loopback port and the provider
 * configured the way the engine would configure it (a `configure` call with stack config).
 */
import { startEmulator } from "../../emulator";
import type { EmulatorOptions, RunningEmulator } from "../../emulator";
import { clearTokenCache } from "../../provider/client";
import { setProviderConfig } from "../../provider/dynamic/settings";
import { listCache } from "../../provider/dynamic/listCache";

/** The emulator's default user (see emulator/README.md). */
export const USERNAME = "demo@example.com";
/** The default user's password; tests assert it never leaks. */
export const PASSWORD = "demo-password";

/** A workspace and model in the formats CloudWorks uses. */
export const WORKSPACE_ID = "8a868cd97f8f98a3017fe45cbdc65e25";
/** A model ID (upper-case hex). */
export const MODEL_ID = "75A40874E6B64FA3AE0743278996850F";

/** Starts an emulator and points the provider at it with basic credentials. */
export async function startProviderHarness(
  options: EmulatorOptions = {},
): Promise<RunningEmulator> {
  const emulator = await startEmulator({ port: 0, runDurationMs: 50, ...options });
  configureFor(emulator);
  return emulator;
}

/** Configures the provider for an emulator, as `configure` does with stack config. */
export function configureFor(emulator: RunningEmulator, extra: Record<string, string> = {}): void {
  const config: Record<string, string> = {
    "cloudworks:apiUrl": emulator.url,
    "cloudworks:authUrl": emulator.url,
    "cloudworks:username": USERNAME,
    "cloudworks:password": PASSWORD,
    ...extra,
  };
  setProviderConfig({ get: (key) => config[key] });
  clearTokenCache();
  listCache.clear();
}

/** Sum of request counts whose route matches a prefix such as `POST /2/0/integrations/connections`. */
export function countOf(emulator: RunningEmulator, route: string): number {
  return Object.entries(emulator.requestCounts())
    .filter(([key]) => key === route)
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Total requests the emulator has seen since the last resetCounts(). */
export function totalRequests(emulator: RunningEmulator): number {
  return Object.values(emulator.requestCounts()).reduce((sum, count) => sum + count, 0);
}

/** Valid AmazonS3 connection inputs with a given name. */
export function s3Connection(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    type: "AmazonS3" as const,
    bucketName: "acme-landing",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ...overrides,
  };
}

/** Empties the tenant, clears faults and counts, and gives the provider a fresh start. */
export function resetTenant(emulator: RunningEmulator): void {
  emulator.reset();
  emulator.faults.clear();
  emulator.resetCounts();
  configureFor(emulator);
}
