import { X509Certificate } from "node:crypto";
import { stableGuid } from "./formats";
import type { EmulatorOptions, EmulatorUser, FaultRule, RateLimitOptions } from "./types";
import { DEMO_USER } from "./users";

/** @internal Options with every default filled in. */
export interface ResolvedOptions {
  /** See {@link EmulatorOptions.port}. */
  port: number;
  /** See {@link EmulatorOptions.users}. */
  users: EmulatorUser[];
  /** Parsed trusted CA certificates. */
  trustedCas: X509Certificate[];
  /** See {@link EmulatorOptions.tokenLifetimeMs}. */
  tokenLifetimeMs: number;
  /** See {@link EmulatorOptions.certificateTimestampWindowMs}. */
  certificateTimestampWindowMs: number;
  /** See {@link EmulatorOptions.expiredTokenStatus}. */
  expiredTokenStatus: 401 | 403;
  /** See {@link EmulatorOptions.duplicateNameStatus}. */
  duplicateNameStatus: 400 | 500;
  /** See {@link EmulatorOptions.maxIntegrations}. */
  maxIntegrations: number;
  /** See {@link EmulatorOptions.defaultPageSize}. */
  defaultPageSize: number;
  /** See {@link EmulatorOptions.maxPageSize}. */
  maxPageSize: number;
  /** See {@link EmulatorOptions.runDurationMs}. */
  runDurationMs: number;
  /** See {@link EmulatorOptions.latencyMs}. */
  latencyMs: number;
  /** See {@link EmulatorOptions.rateLimit}. */
  rateLimit: RateLimitOptions | undefined;
  /** See {@link EmulatorOptions.faults}. */
  faults: FaultRule[];
  /** See {@link EmulatorOptions.stateFile}. */
  stateFile: string | undefined;
  /** See {@link EmulatorOptions.customerGuid}. */
  customerGuid: string;
  /** See {@link EmulatorOptions.logger}. */
  log: (line: string) => void;
  /** See {@link EmulatorOptions.adminToken}. */
  adminToken: string | undefined;
  /** See {@link EmulatorOptions.runErrorsShape}. */
  runErrorsShape: "list" | "object";
  /** See {@link EmulatorOptions.triggerSource}. */
  triggerSource: string;
  /** See {@link EmulatorOptions.unknownNotificationUsers}. */
  unknownNotificationUsers: "accept" | "reject";
}

/** @internal Split PEM text that may hold several certificates into one PEM per certificate. */
function splitPemCertificates(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function nonEmpty(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "")
    throw new Error(`${name} must be a non-empty string`);
  return value;
}

function oneOf<T extends string>(value: T | undefined, name: string, allowed: T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new Error(`${name} must be one of ${allowed.join(", ")}`);
  return value;
}

/** @internal Fill defaults and fail fast on options that cannot work. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const trustedCas: X509Certificate[] = [];
  for (const pem of options.trustedCaCertificates ?? []) {
    const certs = splitPemCertificates(pem);
    if (certs.length === 0) throw new Error("trustedCaCertificates: no PEM certificate found");
    for (const cert of certs) trustedCas.push(new X509Certificate(cert));
  }
  const positive = (value: number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number >= 0`);
    return value;
  };
  if (
    options.rateLimit &&
    !(options.rateLimit.capacity >= 1 && options.rateLimit.refillPerSecond > 0)
  ) {
    throw new Error("rateLimit needs capacity >= 1 and refillPerSecond > 0");
  }
  const users = options.users && options.users.length > 0 ? options.users : [DEMO_USER];
  return {
    port: positive(options.port, "port", 0),
    users,
    trustedCas,
    tokenLifetimeMs: positive(options.tokenLifetimeMs, "tokenLifetimeMs", 35 * 60 * 1000),
    certificateTimestampWindowMs: positive(
      options.certificateTimestampWindowMs,
      "certificateTimestampWindowMs",
      5 * 60 * 1000,
    ),
    expiredTokenStatus: options.expiredTokenStatus ?? 401,
    duplicateNameStatus: options.duplicateNameStatus ?? 400,
    maxIntegrations: positive(options.maxIntegrations, "maxIntegrations", 500),
    defaultPageSize: Math.max(1, positive(options.defaultPageSize, "defaultPageSize", 25)),
    maxPageSize: Math.max(1, positive(options.maxPageSize, "maxPageSize", 100)),
    runDurationMs: positive(options.runDurationMs, "runDurationMs", 300),
    latencyMs: positive(options.latencyMs, "latencyMs", 0),
    rateLimit: options.rateLimit,
    faults: options.faults ?? [],
    stateFile: options.stateFile,
    customerGuid: options.customerGuid ?? stableGuid("cloudworks-emulator-customer"),
    log: options.logger ?? (() => undefined),
    adminToken: nonEmpty(options.adminToken, "adminToken"),
    runErrorsShape: oneOf(options.runErrorsShape, "runErrorsShape", ["list", "object"], "list"),
    triggerSource: nonEmpty(options.triggerSource, "triggerSource") ?? "manual",
    unknownNotificationUsers: oneOf(
      options.unknownNotificationUsers,
      "unknownNotificationUsers",
      ["accept", "reject"],
      "accept",
    ),
  };
}
