import { createHash, randomUUID } from "node:crypto";

/** @internal 32 lowercase hex characters: connection, integration, run, notification and workspace IDs. */
export const LOWER_HEX_32 = /^[0-9a-f]{32}$/;

/** @internal 32 uppercase hex characters: the only uppercase ID in the API is `modelId`. */
export const UPPER_HEX_32 = /^[0-9A-F]{32}$/;

/** @internal Anaplan action, file and process IDs are 12-digit numeric strings. */
export const ACTION_ID = /^\d{12}$/;

/** @internal A new CloudWorks-style ID: a UUID without dashes, lowercase. */
export function newId(): string {
  return randomUUID().replace(/-/g, "");
}

/** @internal Anaplan task IDs in run errors are the only uppercase 32-hex values (§11.3). */
export function newTaskId(): string {
  return newId().toUpperCase();
}

/** @internal Auth-API token IDs are dashed UUIDs (§2.5). */
export function newUuid(): string {
  return randomUUID();
}

/**
 * @internal A GUID that stays the same for the same seed, so a user's `userGuid` survives restarts
 * and state files written by one emulator stay valid in the next.
 */
export function stableGuid(seed: string): string {
  return createHash("md5").update(seed).digest("hex");
}

/** @internal `YYYY-MM-DDTHH:MM:SS.sssZ`, the format of every CloudWorks date except the ones below. */
export function isoDate(ms: number = Date.now()): string {
  return new Date(ms).toISOString();
}

/** @internal Flow steps use `YYYY-MM-DD HH:MM:SS.ffffff+00:00` (SETI live, §2.5). */
export function flowStepDate(ms: number = Date.now()): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000+00:00`;
}

/** @internal Run history's `lastRun` is Unix epoch seconds as an integer (§12). */
export function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
