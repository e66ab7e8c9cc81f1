/** Small, strict readers for request bodies; every failure becomes an {@link ApiError}. */
import { ApiError, Messages } from "./http";

/** @internal A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** @internal Plain-object check (arrays and null excluded). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** @internal Throws the 400 that malformed input gets, or another status/message when given. */
export function reject(message: string = Messages.invalidBody, code = 400): never {
  throw new ApiError(code, message);
}

/** @internal Parse a request body; empty bodies parse to `undefined`. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return reject();
  }
}

/** @internal The body must be a JSON object. */
export function requireObject(value: unknown, message: string = Messages.invalidBody): JsonObject {
  return isObject(value) ? value : reject(message);
}

/** @internal A required, non-blank string field. */
export function requireString(
  obj: JsonObject,
  key: string,
  message: string = Messages.invalidBody,
): string {
  const value = obj[key];
  return typeof value === "string" && value.trim() !== "" ? value : reject(message);
}

/** @internal An optional boolean field. */
export function optionalBoolean(
  obj: JsonObject,
  key: string,
  message: string = Messages.invalidBody,
): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === "boolean" ? value : reject(message);
}

/**
 * @internal Anaplan IDs are numeric strings; the SDK models them as ints, so numbers are
 * accepted and kept as strings, as the server returns them.
 */
export function numericId(value: unknown): string | undefined {
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return String(value);
  return undefined;
}

/**
 * @internal The `version` of a v2 create or PUT body (integrations, flows): a missing one is a
 * malformed body, any other than "2.0" a version the request does not support.
 */
export function requireVersion2(obj: JsonObject): void {
  if (obj.version === undefined || obj.version === null) reject();
  if (obj.version !== "2.0") reject(Messages.versionNotSupported);
}

/** @internal UI-documented name rule (§2.6), enforced by the emulator on the API too. */
export const NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9 _-]*[A-Za-z0-9])?$/;

/** @internal ≤ 60 characters, Latin letters/digits at both ends, spaces `-` `_` inside. */
export function isValidName(name: string): boolean {
  return name.length <= 60 && NAME_PATTERN.test(name);
}

/** @internal A required name that follows the name rule. */
export function requireName(obj: JsonObject, message: string = Messages.invalidBody): string {
  const name = requireString(obj, "name", message);
  return isValidName(name) ? name : reject(message);
}
