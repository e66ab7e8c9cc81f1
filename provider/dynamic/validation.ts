import { isUnknown } from "./unknowns";

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
      this.fail(property, `${property} must be ${rule}; got ${describe(value)}`);
    }
  }

  /** Checks membership in an enumeration, unless absent or unknown. */
  oneOf<T extends string>(property: string, value: unknown, allowed: readonly T[]): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      this.fail(
        property,
        `${property} must be one of ${allowed.join(", ")}; got ${describe(value)}`,
      );
    }
  }

  /** Checks an integer range, unless absent or unknown. */
  integer(property: string, value: unknown, min: number, max: number): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.fail(
        property,
        `${property} must be a whole number from ${min} to ${max}; got ${describe(value)}`,
      );
    }
  }

  /** Checks that a value is a boolean, unless absent or unknown. */
  boolean(property: string, value: unknown): void {
    if (value === undefined || value === null || isUnknown(value)) return;
    if (typeof value !== "boolean")
      this.fail(property, `${property} must be true or false; got ${describe(value)}`);
  }

  /** Reports a value that must not be set in this context. */
  forbidden(property: string, value: unknown, context: string): void {
    if (value !== undefined && value !== null) {
      this.fail(property, `${property} must not be set ${context}`);
    }
  }
}

/** Describes a rejected value for a message without echoing long or structured data. */
function describe(value: unknown): string {
  if (typeof value === "string")
    return value.length > 80 ? `"${value.slice(0, 77)}..."` : `"${value}"`;
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "an object";
  return String(value);
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
