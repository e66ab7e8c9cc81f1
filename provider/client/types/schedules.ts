// Schedule bodies of the CloudWorks 2.0 API, sent on their own and read back inside an
// integration or flow (shared/reference/cloudworks-api.md §6).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

/**
 * The `schedule` object of S1/S2 as the API documents it: one flat body whose `type` decides which
 * of the optional fields are required (§6; {@link Schedule} spells that out per type). Reads
 * return the same fields plus {@link ScheduleState}.
 */
export interface ScheduleBody {
  /** Schedule name. */
  name: string;
  /** Schedule type; it decides which of the other fields are required. */
  type: ScheduleType;
  /** Run time `HH:MM` (required for every type but hourly). */
  time?: string;
  /** Hourly: first run `HH:MM`. */
  fromTime?: string;
  /** Hourly: last run `HH:MM`. */
  toTime?: string;
  /**
   * Weekly and hourly: days to run, 0 = Sunday … 6 = Saturday. Accepted but not required for
   * daily schedules; Apiary's field table also lists it for monthly_relative_weekday, whose
   * example omits it.
   */
  daysOfWeek?: number[];
  /** monthly_specific_day: the day of the month, 1–31. */
  dayOfMonth?: number;
  /** monthly_relative_weekday: the weekday, 0 = Sunday. */
  dayOfWeek?: number;
  /** Hourly: every N hours. monthly_relative_weekday: the nth week (2 with dayOfWeek 3 = second Wednesday). */
  repeatEvery?: number;
  /** First day, `YYYY-MM-DD`; must not be in the past. */
  startDate: string;
  /** Last day, `YYYY-MM-DD`; omit for an open-ended schedule. */
  endDate?: string;
  /** Timezone, from CloudWorks' list (e.g. `Europe/London`, `America/New_York`). */
  timezone: string;
}

/** Fields shared by every schedule type (§6), as before the flat body: a view of {@link ScheduleBody}. */
export type ScheduleCommon = Pick<ScheduleBody, "name" | "startDate" | "endDate" | "timezone">;

/** The schedule type names (§6). */
export type ScheduleType =
  "daily" | "weekly" | "hourly" | "monthly_specific_day" | "monthly_relative_weekday";

/** A schedule body of one type, with the fields that type requires made required. */
type ScheduleOf<T extends ScheduleType, Needed extends keyof ScheduleBody> = ScheduleBody & {
  /** Schedule type discriminator. */
  type: T;
} & { [K in Needed]-?: ScheduleBody[K] };

/** Runs once a day. */
export type DailySchedule = ScheduleOf<"daily", "time">;
/** Runs on chosen days of the week. */
export type WeeklySchedule = ScheduleOf<"weekly", "time" | "daysOfWeek">;
/** Runs every N hours inside a time window on chosen days. */
export type HourlySchedule = ScheduleOf<
  "hourly",
  "repeatEvery" | "fromTime" | "toTime" | "daysOfWeek"
>;
/** Runs on one day of the month. */
export type MonthlySpecificDaySchedule = ScheduleOf<"monthly_specific_day", "time" | "dayOfMonth">;
/** Runs on the nth given weekday of the month (e.g. the second Wednesday). */
export type MonthlyRelativeWeekdaySchedule = ScheduleOf<
  "monthly_relative_weekday",
  "time" | "dayOfWeek" | "repeatEvery"
>;

/**
 * A schedule of any of the five types, each with the fields it requires: a stricter view of
 * {@link ScheduleBody} for callers that build one schedule type in code.
 */
export type Schedule =
  | DailySchedule
  | WeeklySchedule
  | HourlySchedule
  | MonthlySpecificDaySchedule
  | MonthlyRelativeWeekdaySchedule;

/** Body of `POST` and `PUT /integrations/{id}/schedule` (S1, S2). */
export interface ScheduleRequest {
  /** The integration ID again; the PUT fails with 400 without it. */
  integrationId: string;
  /** The schedule. */
  schedule: ScheduleBody;
}

/** Read-only state the API adds to a schedule embedded in an integration. */
export interface ScheduleState {
  /** `"Active"` or `"Inactive"`, toggled with `setScheduleStatus`. */
  status?: string;
  /** Next run date, `YYYY-MM-DD` (unverified, SETI only). */
  nextScheduleDate?: string;
}

/** A schedule as read back inside an integration. */
export type IntegrationSchedule = ScheduleBody & ScheduleState;
