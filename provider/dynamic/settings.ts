import * as fs from "fs";
import { AnaplanCredentials, CloudWorksClientOptions } from "../client";

/**
 * The stack configuration keys the provider reads, all in the `cloudworks` namespace. Each has an
 * environment-variable fallback named `CLOUDWORKS_` + the key in upper snake case (for example
 * `cloudworks:privateKeyPath` ↔ `CLOUDWORKS_PRIVATE_KEY_PATH`). Stack config wins over the
 * environment so that a stack is reproducible on any machine.
 */
export const SETTING_KEYS = [
  "region",
  "apiUrl",
  "authUrl",
  "username",
  "password",
  "certificate",
  "certificatePath",
  "privateKey",
  "privateKeyPath",
  "privateKeyPassphrase",
  "pkcs12",
  "pkcs12Path",
  "pkcs12Password",
  "certificateFormat",
  "timeoutSeconds",
  "caBundlePath",
  "retryBudgetSeconds",
  "runPollMaxSeconds",
] as const;

/** One of the configuration keys in {@link SETTING_KEYS}, without its namespace. */
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The minimal view of Pulumi's provider `Config` the settings need (`get` of a namespaced key). */
export interface ConfigSource {
  /** The raw string value of a configuration key such as `cloudworks:region`, or undefined. */
  get(key: string): string | undefined;
}

/** The environment-variable name that backs a setting, e.g. `pkcs12Path` → `CLOUDWORKS_PKCS12_PATH`. */
export function environmentVariableFor(key: SettingKey): string {
  return "CLOUDWORKS_" + key.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Settings captured from the provider's `configure` call. Held in a module-level variable, never
 * in the serialized provider closure, so no credential is ever written into `__provider`.
 */
let configuredSource: ConfigSource | undefined;

// Counts calls of setProviderConfig, so that the client factory (providerBase.ts) can tell that
// the configuration it built its client from has been replaced, even by an identical source.
let generation = 0;

/** Records the stack configuration passed to the dynamic provider's `configure`. */
export function setProviderConfig(source: ConfigSource | undefined): void {
  configuredSource = source;
  generation++;
}

/** Changes whenever {@link setProviderConfig} is called; a client built before is out of date. */
export function settingsGeneration(): number {
  return generation;
}

/** Thrown when the provider cannot find credentials or endpoints; names the keys to set. */
export class ProviderConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderConfigurationError";
  }
}

/** A setting from stack config (the provider's, unless `source` is given), else its environment variable. */
export function readSetting(
  key: SettingKey,
  source: ConfigSource | undefined = configuredSource,
): string | undefined {
  const fromConfig = source?.get(`cloudworks:${key}`);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  const fromEnv = process.env[environmentVariableFor(key)];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : undefined;
}

function readFileSetting(
  key: SettingKey,
  description: string,
  source: ConfigSource | undefined,
): string | undefined {
  const filePath = readSetting(key, source);
  if (filePath === undefined) return undefined;
  try {
    return fs.readFileSync(filePath, "utf8");
  } catch (error) {
    // The path is not secret, but the error text of fs is enough to act on; keep only its code.
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ProviderConfigurationError(
      `cloudworks:${key} points to a ${description} that cannot be read (${code}): ${filePath}`,
    );
  }
}

/** What to do when the retry budget ran out, quoted by the messages that say so. */
export function retryBudgetHint(): string {
  return `to keep trying longer, set ${describeKeys(["retryBudgetSeconds"])}`;
}

function describeKeys(keys: SettingKey[]): string {
  return keys.map((key) => `cloudworks:${key} (or ${environmentVariableFor(key)})`).join(", ");
}

function resolveCredentials(source: ConfigSource | undefined): AnaplanCredentials {
  const format = readSetting("certificateFormat", source);
  if (format !== undefined && format !== "v1" && format !== "v2") {
    throw new ProviderConfigurationError(
      `cloudworks:certificateFormat must be "v1" or "v2", got "${format}"`,
    );
  }
  const certificateFormat = format as "v1" | "v2" | undefined;

  const pkcs12Base64 = readSetting("pkcs12", source);
  const pkcs12Path = readSetting("pkcs12Path", source);
  if (pkcs12Base64 !== undefined || pkcs12Path !== undefined) {
    const password = readSetting("pkcs12Password", source);
    if (password === undefined) {
      throw new ProviderConfigurationError(
        `A PKCS#12 bundle is configured but its password is missing: set ${describeKeys(["pkcs12Password"])}`,
      );
    }
    // Without the base64 setting the path is set (the branch needs one of the two).
    const pkcs12 = pkcs12Base64 ?? readPkcs12File(pkcs12Path ?? "");
    return { kind: "pkcs12", pkcs12, password, format: certificateFormat };
  }

  const certificatePem =
    readSetting("certificate", source) ??
    readFileSetting("certificatePath", "certificate file", source);
  const privateKeyPem =
    readSetting("privateKey", source) ??
    readFileSetting("privateKeyPath", "private key file", source);
  if (certificatePem !== undefined || privateKeyPem !== undefined) {
    if (certificatePem === undefined || privateKeyPem === undefined) {
      throw new ProviderConfigurationError(
        `Certificate authentication needs both a certificate and a private key: set ${describeKeys([
          "certificate",
          "certificatePath",
        ])} and ${describeKeys(["privateKey", "privateKeyPath"])}`,
      );
    }
    return {
      kind: "certificate",
      certificatePem,
      privateKeyPem,
      privateKeyPassphrase: readSetting("privateKeyPassphrase", source),
      format: certificateFormat,
    };
  }

  const username = readSetting("username", source);
  const password = readSetting("password", source);
  if (username !== undefined && password !== undefined) {
    return { kind: "basic", username, password };
  }
  throw new ProviderConfigurationError(
    "No Anaplan credentials configured. Set either " +
      `${describeKeys(["username"])} and ${describeKeys(["password"])} (use \`pulumi config set --secret cloudworks:password\`), ` +
      `or ${describeKeys(["certificatePath", "privateKeyPath"])}, ` +
      `or ${describeKeys(["pkcs12Path", "pkcs12Password"])}.`,
  );
}

function readPkcs12File(filePath: string): Buffer {
  try {
    return fs.readFileSync(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new ProviderConfigurationError(
      `cloudworks:pkcs12Path points to a PKCS#12 file that cannot be read (${code}): ${filePath}`,
    );
  }
}

/** Longest wait between run status requests when `cloudworks:runPollMaxSeconds` is not set. */
const DEFAULT_RUN_POLL_MAX_SECONDS = 5;
/** Upper bound of `cloudworks:runPollMaxSeconds`: longer waits only delay the deployment. */
const MAX_RUN_POLL_MAX_SECONDS = 300;

/**
 * The longest wait between two run status requests, in ms (`cloudworks:runPollMaxSeconds`, or
 * `CLOUDWORKS_RUN_POLL_MAX_SECONDS`; default 5 s). Polling starts faster and backs off to it.
 *
 * @throws ProviderConfigurationError when the value is not a number of seconds in (0, 300]
 */
export function runPollMaxMs(): number {
  const text = readSetting("runPollMaxSeconds");
  if (text === undefined) return DEFAULT_RUN_POLL_MAX_SECONDS * 1000;
  const seconds = Number(text);
  if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_RUN_POLL_MAX_SECONDS)) {
    throw new ProviderConfigurationError(
      `cloudworks:runPollMaxSeconds must be a number of seconds above 0 and at most ${MAX_RUN_POLL_MAX_SECONDS}, got "${text}"`,
    );
  }
  return seconds * 1000;
}

/**
 * Builds the client options from stack config and environment; throws naming what is missing.
 * `source` defaults to the provider's configuration; the lookup functions, which run in the
 * program process, pass the program's view of the same `cloudworks:*` keys.
 */
export function resolveClientOptions(
  source: ConfigSource | undefined = configuredSource,
): CloudWorksClientOptions {
  const timeoutSeconds = readSetting("timeoutSeconds", source);
  const timeout = timeoutSeconds === undefined ? undefined : Number(timeoutSeconds);
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new ProviderConfigurationError(
      `cloudworks:timeoutSeconds must be a positive number of seconds, got "${timeoutSeconds}"`,
    );
  }
  return {
    credentials: resolveCredentials(source),
    region: readSetting("region", source),
    apiUrl: readSetting("apiUrl", source),
    authUrl: readSetting("authUrl", source),
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
    caBundlePem: readFileSetting("caBundlePath", "CA bundle", source),
    ...retrySettings(source),
  };
}

/**
 * `cloudworks:retryBudgetSeconds`: how long one API call keeps retrying transient failures
 * (default 60, in the client). Zero is allowed and turns retries off, for a user who prefers a
 * fast failure to riding out an outage.
 */
function retrySettings(
  source: ConfigSource | undefined,
): Pick<CloudWorksClientOptions, "retryBudgetMs" | "retryBudgetHint"> {
  const text = readSetting("retryBudgetSeconds", source);
  const budget = text === undefined ? undefined : Number(text);
  if (budget !== undefined && !(Number.isFinite(budget) && budget >= 0)) {
    throw new ProviderConfigurationError(
      `cloudworks:retryBudgetSeconds must be a number of seconds >= 0, got "${text}"`,
    );
  }
  return {
    retryBudgetMs: budget === undefined ? undefined : budget * 1000,
    retryBudgetHint: retryBudgetHint(),
  };
}
