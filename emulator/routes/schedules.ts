/** S1–S4: the single schedule of an integration or flow (§6). */
import type { EmulatorCore } from "../core";
import { newId } from "../formats";
import { ApiError, success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import type { StoredSchedule } from "../store";
import { isObject, reject, requireObject, type JsonObject } from "../validation";
import { caller, jsonBody, notFound } from "./common";
import { integrationOrFlow } from "./tenant";

const INVALID_SCHEDULE = "Invalid Schedule";

/** The SDK's timezone list, probably the UI picker (§6). */
const SCHEDULE_TIMEZONES: readonly string[] = [
  "Etc/GMT+12",
  "US/Samoa",
  "Pacific/Honolulu",
  "Pacific/Marquesas",
  "US/Aleutian",
  "America/Anchorage",
  "America/Los_Angeles",
  "America/Denver",
  "America/Chicago",
  "America/New_York",
  "America/Sao_Paulo",
  "Canada/Newfoundland",
  "America/Nuuk",
  "Atlantic/Cape_Verde",
  "Greenwich",
  "Europe/London",
  "Europe/Paris",
  "Asia/Tel_Aviv",
  "Europe/Moscow",
  "Asia/Dubai",
  "Asia/Kabul",
  "Asia/Karachi",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Dhaka",
  "Asia/Rangoon",
  "Asia/Jakarta",
  "Asia/Hong_Kong",
  "Australia/Eucla",
  "Asia/Tokyo",
  "Australia/Adelaide",
  "Australia/Brisbane",
  "Australia/Melbourne",
  "Australia/Perth",
  "Australia/Lord_Howe",
  "Pacific/Norfolk",
  "Pacific/Auckland",
  "Pacific/Chatham",
];

const TYPES = ["daily", "weekly", "hourly", "monthly_specific_day", "monthly_relative_weekday"];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function isDate(value: unknown): value is string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isInt(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function isDays(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((d) => isInt(d, 0, 6)) &&
    new Set(value).size === value.length
  );
}

/**
 * Validate a schedule. Type-specific fields follow Apiary's table and examples; fields that do
 * not belong to the type (the SDK sends `daysOfWeek` on daily schedules) are kept when valid.
 * Whether `startDate` lies in the past is not checked: tests would depend on the clock.
 */
function parseSchedule(input: JsonObject): Omit<StoredSchedule, "status"> {
  const fail = (): never => reject(INVALID_SCHEDULE);
  const { name, type, timezone, startDate, endDate } = input;
  if (typeof name !== "string" || name.trim() === "" || name.length > 60) fail();
  if (typeof type !== "string" || !TYPES.includes(type)) fail();
  if (typeof timezone !== "string" || !SCHEDULE_TIMEZONES.includes(timezone)) fail();
  if (!isDate(startDate)) fail();
  if (
    endDate !== undefined &&
    endDate !== null &&
    (!isDate(endDate) || endDate < (startDate as string))
  )
    fail();
  const schedule: Omit<StoredSchedule, "status"> = {
    name: name as string,
    type: type as string,
    startDate: startDate as string,
    endDate: (endDate as string | undefined) ?? null,
    timezone: timezone as string,
  };
  const optional = (key: "time" | "fromTime" | "toTime", required: boolean): void => {
    const value = input[key];
    if (value === undefined || value === null) {
      if (required) fail();
    } else if (typeof value !== "string" || !TIME.test(value)) {
      fail();
    } else {
      schedule[key] = value;
    }
  };
  const int = (
    key: "dayOfMonth" | "dayOfWeek" | "repeatEvery",
    min: number,
    max: number,
    required: boolean,
  ): void => {
    const value = input[key];
    if (value === undefined || value === null) {
      if (required) fail();
    } else if (!isInt(value, min, max)) {
      fail();
    } else {
      schedule[key] = value;
    }
  };
  const days = (required: boolean): void => {
    const value = input.daysOfWeek;
    if (value === undefined || value === null) {
      if (required) fail();
    } else if (!isDays(value)) {
      fail();
    } else {
      schedule.daysOfWeek = [...value];
    }
  };
  switch (type) {
    case "daily":
      optional("time", true);
      days(false);
      break;
    case "weekly":
      optional("time", true);
      days(true);
      break;
    case "hourly":
      int("repeatEvery", 1, 23, true);
      optional("fromTime", true);
      optional("toTime", true);
      days(true);
      if ((schedule.fromTime ?? "") > (schedule.toTime ?? "")) fail();
      break;
    case "monthly_specific_day":
      optional("time", true);
      int("dayOfMonth", 1, 31, true);
      break;
    default:
      // monthly_relative_weekday: Apiary's table says `daysOfWeek`, its example `dayOfWeek` (§6).
      optional("time", true);
      int("repeatEvery", 1, 5, true);
      if (
        input.dayOfWeek === undefined &&
        isDays(input.daysOfWeek) &&
        input.daysOfWeek.length === 1
      ) {
        schedule.dayOfWeek = input.daysOfWeek[0];
      } else {
        int("dayOfWeek", 0, 6, true);
      }
      days(false);
  }
  return schedule;
}

/** `{integrationId, schedule}` with the body's ID equal to the path's (SETI live, §3 S2). */
function readBody(ctx: RouteContext): Omit<StoredSchedule, "status"> {
  const input = requireObject(jsonBody(ctx));
  if (input.integrationId !== ctx.params.integrationId) reject("Invalid value for integration_id");
  if (!isObject(input.schedule)) reject(INVALID_SCHEDULE);
  return parseSchedule(input.schedule as JsonObject);
}

function owner(core: EmulatorCore, ctx: RouteContext): { schedule: StoredSchedule | null } {
  const target = integrationOrFlow(core.state, ctx.params.integrationId) ?? notFound();
  return (target.integration ?? target.flow) as { schedule: StoredSchedule | null };
}

/** @internal S1: give an integration or flow its one schedule, active (§6). */
export function create(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  caller(ctx);
  const target = owner(core, ctx);
  const schedule = readBody(ctx);
  if (target.schedule) reject("Only a single schedule is supported per integration");
  target.schedule = { ...schedule, status: "Active" };
  core.markDirty();
  // Apiary returns `scheduledIntegration.id`; no endpoint takes that ID, so it is not stored.
  return success({ scheduledIntegration: { id: newId() } });
}

/** @internal S2: replace a schedule, keeping whether it is active (§6). */
export function replace(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  caller(ctx);
  const target = owner(core, ctx);
  const schedule = readBody(ctx);
  if (!target.schedule) notFound();
  target.schedule = { ...schedule, status: target.schedule.status };
  core.markDirty();
  return success();
}

/** @internal S3: delete a schedule (§6). */
export function remove(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const target = owner(core, ctx);
  if (!target.schedule) notFound();
  target.schedule = null;
  core.markDirty();
  return success();
}

/** @internal S4: activate (`enabled`) or deactivate (`disabled`) a schedule (§6). */
export function setStatus(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const target = owner(core, ctx);
  const status = ctx.params.status;
  if (status !== "enabled" && status !== "disabled") throw new ApiError(400, "status");
  if (!target.schedule) notFound();
  target.schedule.status = status === "enabled" ? "Active" : "Inactive";
  core.markDirty();
  return success();
}
