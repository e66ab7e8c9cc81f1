import { RESERVED_KEYS } from "./inputs";
import { isUnknown } from "./unknowns";

/**
 * A value `check` requires, narrowed for a request body. The flat input types leave per-type
 * fields optional; only inputs that never went through `check` (a direct call of create or
 * update) can lack one, and they fail here, naming the field, before any request.
 */
export function checked<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null) {
    throw new Error(`${field} is missing; check() requires it before any request is sent`);
  }
  return value;
}

/** One validation failure in the shape Pulumi's `check` returns. */
export interface CheckFailure {
  /** The input property path, e.g. `jobs[0].actionId`. */
  property: string;
  /** Why the value is invalid, naming the rule. */
  reason: string;
}

/**
 * Collects check failures. Every rule skips values that are still unknown during a preview, so a
 * preview never fails on an input that a not-yet-created resource will provide.
 */
export class FailureCollector {
  /** The failures gathered so far. */
  readonly failures: CheckFailure[] = [];

  /** Records a failure. */
  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** Reports a missing required value; returns false when it is missing. */
  required(property: string, value: unknown, what = "a value"): boolean {
    if (value === undefined || value === null || value === "") {
      this.fail(property, `${property} is required: it must be ${what}`);
      return false;
    }
    return true;
  }

  /** Checks a value against a pattern, unless it is absent or unknown. */
  pattern(property: string, value: unknown, pattern: RegExp, rule: string): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "string" || !pattern.test(value)) {
      this.fail(property, `${property} must be ${rule}; got ${describeValue(value)}`);
    }
  }

  /** Checks membership in an enumeration, unless absent or unknown. */
  oneOf<T extends string>(property: string, value: unknown, allowed: readonly T[]): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      this.fail(
        property,
        `${property} must be one of ${allowed.join(", ")}; got ${describeValue(value)}`,
      );
    }
  }

  /** Checks an integer range, unless absent or unknown. */
  integer(property: string, value: unknown, min: number, max: number): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(
        property,
        `${property} must be a whole number from ${min} to ${max}; got ${describeValue(value)}`,
      );
    }
  }

  /** Checks that a value is a boolean, unless absent or unknown. */
  boolean(property: string, value: unknown): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "boolean")
      this.fail(property, `${property} must be true or false; got ${describeValue(value)}`);
  }

  /**
   * Checks that a secret is a string, unless absent or unknown. The message names the type
   * received and never the value.
   */
  secretString(property: string, value: unknown): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "string")
      this.fail(
        property,
        `${property} must be a string (it is sent to CloudWorks as text); got ${typeName(value)}`,
      );
  }

  /**
   * Reports keys of an input object that the resource does not have, suggesting the closest
   * known key: programs in JavaScript get no type checker, and a misspelt optional property
   * would otherwise be kept in state and silently ignored.
   */
  knownKeys(at: string, value: unknown, allowed: readonly string[]): void {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return;
    for (const key of Object.keys(value)) {
      if (allowed.includes(key) || RESERVED_KEYS.includes(key)) continue;
      if (at === "" && ENGINE_KEYS.includes(key)) continue;
      const property = pathKey(at, key);
      const suggestion = closestKey(key, allowed);
      this.fail(
        property,
        `${property} is not a property of ${at === "" ? "this resource" : at}` +
          (suggestion ? `; did you mean ${suggestion}?` : ".") +
          ` Known properties: ${allowed.join(", ")}.`,
      );
    }
  }

  /**
   * The failures in the form to hand to the engine. The engine prints a failure as "property P
   * value V has a problem", V being the program's raw input under the top-level key P: a secret
   * in clear (Go's %v of a secret shows its content), a 1 MB name in full, control characters
   * raw, a whole list of jobs. `check` cannot tell which values the program marked secret
   * (dynamic providers receive them unwrapped), so no failure of a top-level input is handed
   * over with its property: the engine then prints only the reason, which names the property
   * and echoes at most a shortened, escaped, non-secret form. Nested paths (`jobs[0].file`) are
   * not keys of the inputs, so the engine echoes nothing for them and they keep their property.
   */
  engineSafe(inputs: unknown): CheckFailure[] {
    const record = (inputs ?? {}) as Record<string, unknown>;
    return this.failures.map((failure) =>
      Object.prototype.hasOwnProperty.call(record, failure.property)
        ? { property: "", reason: failure.reason }
        : failure,
    );
  }

  /** Reports a value that must not be set in this context. */
  forbidden(property: string, value: unknown, context: string): void {
    if (value !== undefined && value !== null) {
      this.fail(property, `${property} must not be set ${context}`);
    }
  }
}

/** How many characters of a user's value a message echoes before shortening it. */
const ECHO_LIMIT = 80;

/**
 * A user-supplied string made safe to echo in a CLI message: control characters (NUL, newline,
 * ESC and the rest of C0/C1, which could rewrite the user's terminal) are escaped, and a value
 * longer than {@link ECHO_LIMIT} is cut with its length noted, so a 1 MB name yields one short
 * line. The result is quoted.
 */
export function quoteForMessage(value: string): string {
  const shown = value.length > ECHO_LIMIT ? value.slice(0, ECHO_LIMIT) : value;
  const escaped = shown.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029"\\]/g, (c) => {
    if (c === '"') return '\\"';
    if (c === "\\") return "\\\\";
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return value.length > ECHO_LIMIT ? `"${escaped}"…(${value.length} chars)` : `"${escaped}"`;
}

/** Describes a rejected value for a message without echoing long, structured or raw control data. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return quoteForMessage(value);
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "an object";
  return String(value);
}

/**
 * A user's object key as it appears in a property path: plain identifiers as they are, anything
 * else (control characters, very long keys) quoted and shortened like a value.
 */
export function pathKey(at: string, key: string): string {
  const shown = /^[A-Za-z0-9_$-]{1,80}$/.test(key) ? key : `[${quoteForMessage(key)}]`;
  if (at === "") return shown;
  return shown.startsWith("[") ? `${at}${shown}` : `${at}.${shown}`;
}

/** Names a value's JSON type for messages that must not echo the value (secrets). */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

/** Name rule for connections, integrations and flows (reference §2.6). */
export const NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9 _-]{0,58}[A-Za-z0-9])?$/;
/** Human-readable form of {@link NAME_PATTERN}. */
export const NAME_RULE =
  "1–60 characters of Latin letters, digits, spaces, '-' and '_', starting and ending with a letter or digit";
/** 32 lowercase hex: connection, integration, notification, flow, workspace IDs and user GUIDs. */
export const LOWER_HEX_ID = /^[0-9a-f]{32}$/;
/** 32 uppercase hex: model IDs, the only uppercase ID in the API. */
export const UPPER_HEX_ID = /^[0-9A-F]{32}$/;
/** Anaplan IDs are 12-digit numeric strings whose prefix says what they are (reference §2.5). */
export function anaplanIdPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}\\d{9}$`);
}

/** Validates a CloudWorks object name. */
export function checkName(collector: FailureCollector, property: string, value: unknown): void {
  if (!collector.required(property, value, `a name of ${NAME_RULE}`)) return;
  collector.pattern(property, value, NAME_PATTERN, NAME_RULE);
}

/** True when a `YYYY-MM-DD` string is a real calendar date. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Keys the engine adds to every dynamic resource's inputs. */
const ENGINE_KEYS = ["__provider"];

/**
 * Reports `__proto__` and `constructor` keys anywhere in the inputs. A `__proto__` key usually
 * does not survive the trip to the provider as a key: the protobuf decoder assigns it, which
 * swaps the object's prototype. So an object whose prototype is not the plain one is reported
 * as a `__proto__` key too.
 */
export function checkReservedKeys(collector: FailureCollector, at: string, value: unknown): void {
  const seen = new Set<unknown>();
  const visit = (path: string, current: unknown, depth: number): void => {
    if (current === null || typeof current !== "object" || seen.has(current) || depth > 32) return;
    seen.add(current);
    const prototype = Object.getPrototypeOf(current);
    if (!Array.isArray(current) && prototype !== Object.prototype && prototype !== null) {
      const property = path === "" ? "__proto__" : `${path}.__proto__`;
      collector.fail(
        property,
        `${property}: ${path === "" ? "the inputs" : path} must not contain the key "__proto__": it would replace the object's prototype, not set a property`,
      );
    }
    if (Array.isArray(current)) {
      current.forEach((item, index) => visit(`${path}[${index}]`, item, depth + 1));
      return;
    }
    for (const key of Object.keys(current)) {
      const property = pathKey(path, key);
      if (RESERVED_KEYS.includes(key)) {
        collector.fail(
          property,
          `${property}: the key ${quoteForMessage(key)} is not allowed in inputs (it is a JavaScript object internal, never a CloudWorks field)`,
        );
        continue;
      }
      if (path === "" && ENGINE_KEYS.includes(key)) continue;
      visit(property, (current as Record<string, unknown>)[key], depth + 1);
    }
  };
  visit(at, value, 0);
}

/** The allowed key closest to a misspelt one (case-insensitive, or within a small edit distance). */
function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const exact = allowed.find((candidate) => candidate.toLowerCase() === lower);
  if (exact) return exact;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  // A third of the length: "bucketNmae" finds bucketName, "bogusProperty" finds nothing.
  return best && best.distance <= Math.max(1, Math.floor(key.length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
