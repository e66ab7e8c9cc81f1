import type { ScheduleBody } from "../client";
import { describeValue, FailureCollector, isCalendarDate } from "./validation";
import { ScheduleType } from "./inputs";
import { isUnknown } from "./unknowns";
import { SCHEDULE_WIRE_FIELDS } from "./integrationBody";

/** Timezones CloudWorks offers for schedules (reference §6, the SDK's list). */
export const SCHEDULE_TIMEZONES = [
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
] as const;

/**
 * Fields each schedule type requires besides name, type, startDate and timezone (reference §6);
 * its keys, in this order, are the schedule types.
 */
const REQUIRED_BY_TYPE: Record<ScheduleType, readonly (keyof ScheduleBody)[]> = {
  daily: ["time"],
  weekly: ["time", "daysOfWeek"],
  hourly: ["repeatEvery", "fromTime", "toTime", "daysOfWeek"],
  monthly_specific_day: ["time", "dayOfMonth"],
  monthly_relative_weekday: ["time", "dayOfWeek", "repeatEvery"],
};

/** Schedule types of reference §6 (Object.keys types its answer as string[], hence the cast). */
const SCHEDULE_TYPES = Object.keys(REQUIRED_BY_TYPE) as ScheduleType[];

/** Every property of a schedule, for the unknown-property check. */
const SCHEDULE_KEYS = [...SCHEDULE_WIRE_FIELDS, "enabled"];

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Validates a schedule under the property prefix `schedule`. */
export function checkSchedule(collector: FailureCollector, value: unknown): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    collector.fail("schedule", "schedule must be an object");
    return;
  }
  const schedule = value as Record<string, unknown>;
  const at = (field: string) => `schedule.${field}`;
  collector.knownKeys("schedule", schedule, SCHEDULE_KEYS);
  collector.required(at("name"), schedule.name, "a schedule name");
  if (collector.required(at("type"), schedule.type, `one of ${SCHEDULE_TYPES.join(", ")}`)) {
    collector.oneOf(at("type"), schedule.type, SCHEDULE_TYPES);
  }
  const type = schedule.type as ScheduleType;
  if (SCHEDULE_TYPES.includes(type)) {
    for (const field of REQUIRED_BY_TYPE[type]) {
      collector.required(at(field), schedule[field], `set for ${type} schedules`);
    }
  }
  for (const field of ["time", "fromTime", "toTime"]) {
    collector.pattern(at(field), schedule[field], TIME_PATTERN, "a 24-hour time HH:MM");
  }
  if (
    typeof schedule.fromTime === "string" &&
    typeof schedule.toTime === "string" &&
    schedule.fromTime > schedule.toTime
  ) {
    collector.fail(at("toTime"), "schedule.toTime must not be earlier than schedule.fromTime");
  }
  const days = schedule.daysOfWeek;
  if (days !== undefined && !isUnknown(days)) {
    if (!Array.isArray(days) || days.length === 0) {
      collector.fail(
        at("daysOfWeek"),
        "schedule.daysOfWeek must be a non-empty list of days, 0 = Sunday to 6 = Saturday",
      );
    } else {
      days.forEach((day, index) => collector.integer(`schedule.daysOfWeek[${index}]`, day, 0, 6));
      if (new Set(days).size !== days.length)
        collector.fail(at("daysOfWeek"), "schedule.daysOfWeek must not repeat a day");
    }
  }
  collector.integer(at("dayOfMonth"), schedule.dayOfMonth, 1, 31);
  collector.integer(at("dayOfWeek"), schedule.dayOfWeek, 0, 6);
  collector.integer(
    at("repeatEvery"),
    schedule.repeatEvery,
    1,
    type === "monthly_relative_weekday" ? 5 : 23,
  );
  collector.required(at("startDate"), schedule.startDate, "a date YYYY-MM-DD");
  for (const field of ["startDate", "endDate"]) {
    const date = schedule[field];
    if (
      date !== undefined &&
      !isUnknown(date) &&
      (typeof date !== "string" || !isCalendarDate(date))
    ) {
      collector.fail(
        at(field),
        `schedule.${field} must be a calendar date YYYY-MM-DD; got ${describeValue(date)}`,
      );
    }
  }
  if (
    typeof schedule.startDate === "string" &&
    typeof schedule.endDate === "string" &&
    schedule.endDate < schedule.startDate
  ) {
    collector.fail(at("endDate"), "schedule.endDate must not be before schedule.startDate");
  }
  if (
    collector.required(at("timezone"), schedule.timezone, "a timezone from the CloudWorks list")
  ) {
    collector.oneOf(at("timezone"), schedule.timezone, SCHEDULE_TIMEZONES);
  }
  collector.boolean(at("enabled"), schedule.enabled);
}
