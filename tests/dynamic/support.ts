/**
 * Shared setup for the provider suites: a real emulator on a loopback port and the provider
 * configured the way the engine would configure it (a `configure` call with stack config).
 */
import { startEmulator } from "../../emulator";
import type { EmulatorOptions, RunningEmulator } from "../../emulator";
import type { IntegrationInputs } from "../../provider/dynamic/inputs";
import { clearTokenCache } from "../../provider/client";
import { setProviderConfig } from "../../provider/dynamic/settings";
import { listCache } from "../../provider/dynamic/providerBase";

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

/** The emulator of one test file, as {@link useProviderHarness} set it up. */
export interface ProviderHarness {
  /** The running emulator; there from the file's first test on. */
  readonly emulator: RunningEmulator;
}

/**
 * The setup every provider suite shares: one emulator for the file, started before its first
 * test and stopped after its last, the provider pointed at it, and (unless `emptyTenantEachTest`
 * is false, for files whose tests build on each other) an empty tenant and cleared faults and
 * counts before each test.
 */
export function useProviderHarness(
  options: EmulatorOptions = {},
  { emptyTenantEachTest = true } = {},
): ProviderHarness {
  let started: RunningEmulator | undefined;
  beforeAll(async () => {
    started = await startProviderHarness(options);
  });
  afterAll(() => started?.stop());
  if (emptyTenantEachTest) beforeEach(() => resetTenant(harness.emulator));
  const harness: ProviderHarness = {
    get emulator(): RunningEmulator {
      if (!started) throw new Error("useProviderHarness: the emulator starts in beforeAll");
      return started;
    },
  };
  return harness;
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

/**
 * Requests the emulator counted for exactly one route template, such as
 * `PUT /2/0/integrations/{id}/schedule`; 0 for a route never called. The key is matched whole, so
 * `POST /2/0/integrations` does not include the connection POSTs.
 */
export function countOf(emulator: RunningEmulator, route: string): number {
  return emulator.requestCounts()[route] ?? 0;
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

/** An Anaplan user to notify (32 hex digits, as user IDs are). */
export const USER_A = "a5f1b4a7c3e94f0b9e8d7c6b5a493827";
/** A second user, for notification changes. */
export const USER_B = "b5f1b4a7c3e94f0b9e8d7c6b5a493828";

/** A valid daily schedule input. */
export const NIGHTLY = {
  name: "Nightly",
  type: "daily" as const,
  time: "02:00",
  startDate: "2027-01-01",
  timezone: "Europe/London",
};

/** Valid inputs of an import integration: one S3 file through `connectionId` into `fileId`. */
export function s3Import(
  name: string,
  connectionId: string,
  file = "source/accounts.csv",
  fileId = "113000000001",
): IntegrationInputs {
  return {
    name,
    workspaceId: WORKSPACE_ID,
    modelId: MODEL_ID,
    jobs: [
      {
        type: "AmazonS3ToAnaplan",
        connectionId,
        file,
        actionId: "112000000001",
        fileId,
      },
    ],
  };
}

/** A Google service-account key file in Google's own snake_case form, around `privateKey`. */
export function googleServiceAccountKey(privateKey: string): Record<string, string> {
  return {
    type: "service_account",
    project_id: "acme-finance",
    private_key_id: "0123456789abcdef",
    private_key: privateKey,
    client_email: "cloudworks@acme-finance.iam.gserviceaccount.com",
    client_id: "1234567890",
    auth_uri: "https://accounts.google.com/o/oauth2/auth",
    token_uri: "https://oauth2.googleapis.com/token",
    auth_provider_x509_cert_url: "https://www.googleapis.com/oauth2/v1/certs",
    client_x509_cert_url: "https://www.googleapis.com/robot/v1/metadata/x509/cloudworks",
  };
}

/** Empties the tenant, clears faults and counts, and gives the provider a fresh start. */
export function resetTenant(emulator: RunningEmulator): void {
  emulator.reset();
  emulator.faults.clear();
  emulator.resetCounts();
  configureFor(emulator);
}
