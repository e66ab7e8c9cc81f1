// Schedule bodies of the CloudWorks 2.0 API, sent on their own and read back inside an
// integration or flow (shared/reference/cloudworks-api.md §6).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

/** Fields shared by every schedule type (§6). */
export interface ScheduleCommon {
  /** Schedule name. */
  name: string;
  /** First day, `YYYY-MM-DD`; must not be in the past. */
  startDate: string;
  /** Last day, `YYYY-MM-DD`; omit for an open-ended schedule. */
  endDate?: string;
  /** IANA time zone name, e.g. `America/New_York`. */
  timezone: string;
}

/** Runs once a day. */
export interface DailySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "daily";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Days of the week (0 = Sunday); accepted but not required for daily schedules. */
  daysOfWeek?: number[];
}

/** Runs on chosen days of the week. */
export interface WeeklySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "weekly";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Days of the week, 0 = Sunday, e.g. `[1, 3]`. */
  daysOfWeek: number[];
}

/** Runs every N hours inside a time window on chosen days. */
export interface HourlySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "hourly";
  /** Interval in hours. */
  repeatEvery: number;
  /** Window start, `HH:MM`. */
  fromTime: string;
  /** Window end, `HH:MM`. */
  toTime: string;
  /** Days of the week, 0 = Sunday. */
  daysOfWeek: number[];
}

/** Runs on one day of the month. */
export interface MonthlySpecificDaySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "monthly_specific_day";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Day of the month, 1–31. */
  dayOfMonth: number;
}

/** Runs on the nth given weekday of the month (e.g. the second Wednesday). */
export interface MonthlyRelativeWeekdaySchedule extends ScheduleCommon {
  /** Schedule type discriminator. */
  type: "monthly_relative_weekday";
  /** Time of day, `HH:MM`. */
  time: string;
  /** Weekday, 0 = Sunday. */
  dayOfWeek: number;
  /** Which occurrence in the month, e.g. 2 for the second. */
  repeatEvery: number;
  /** Listed as required by Apiary's field table although its example omits it. */
  daysOfWeek?: number[];
}

/** A schedule of any of the five types. */
export type Schedule =
  | DailySchedule
  | WeeklySchedule
  | HourlySchedule
  | MonthlySpecificDaySchedule
  | MonthlyRelativeWeekdaySchedule;

/** The schedule type names. */
export type ScheduleType = Schedule["type"];

/** Body of `POST` and `PUT /integrations/{id}/schedule` (S1, S2). */
export interface ScheduleRequest {
  /** The integration ID again; the PUT fails with 400 without it. */
  integrationId: string;
  /** The schedule. */
  schedule: Schedule;
}

/** Read-only state the API adds to a schedule embedded in an integration. */
export interface ScheduleState {
  /** `"Active"` or `"Inactive"`, toggled with `setScheduleStatus`. */
  status?: string;
  /** Next run date, `YYYY-MM-DD` (unverified, SETI only). */
  nextScheduleDate?: string;
}

/** A schedule as read back inside an integration. */
export type IntegrationSchedule = Schedule & ScheduleState;
