// Validation of an integration's inputs (name, IDs, jobs, notifications; the schedule's rules are
// in scheduleRules.ts), run by check before any API call.
import { INTEGRATION_INPUT_FIELDS, IntegrationInputs, JobType } from "./inputs";
import { JOB_TYPES } from "./integrationBody";
import { checkSchedule } from "./scheduleRules";
import { containsUnknown, isUnknown } from "./unknowns";
import {
  anaplanIdPattern,
  checkName,
  checkReservedKeys,
  describeValue,
  FailureCollector,
  LOWER_HEX_ID,
  UPPER_HEX_ID,
} from "./validation";

/**
 * The most jobs a process integration may hold. A process has one job per action that touches
 * the cloud store, and Anaplan processes run a handful of actions (the SDK caps flows, the
 * nearest documented list, at 100 steps); nothing documents a CloudWorks limit, but 2,000 jobs
 * make a multi-megabyte body on every update and are certainly a mistake (a generated list gone
 * wrong). 100 leaves room for any real process.
 */
const MAX_PROCESS_JOBS = 100;

/** Every input property of an integration, for the unknown-property check. */
const INTEGRATION_KEYS = [...INTEGRATION_INPUT_FIELDS, "adoptExistingId"];
const JOB_KEYS = [
  "type",
  "connectionId",
  "file",
  "table",
  "actionId",
  "fileId",
  "overwrite",
  "mapping",
];
const NOTIFICATION_KEYS = ["channels", "success", "partialFailure", "fullFailure"];

/** Validates every integration input before any API call. */
export function checkIntegration(collector: FailureCollector, news: IntegrationInputs): void {
  checkReservedKeys(collector, "", news);
  collector.knownKeys("", news, INTEGRATION_KEYS);
  checkName(collector, "name", news.name);
  if (
    collector.required(
      "workspaceId",
      news.workspaceId,
      "a workspace ID of 32 lowercase hex characters",
    )
  ) {
    collector.pattern("workspaceId", news.workspaceId, LOWER_HEX_ID, "32 lowercase hex characters");
  }
  if (collector.required("modelId", news.modelId, "a model ID of 32 uppercase hex characters")) {
    collector.pattern(
      "modelId",
      news.modelId,
      UPPER_HEX_ID,
      "32 uppercase hex characters (model IDs are upper case)",
    );
  }
  collector.boolean("nuxVisible", news.nuxVisible);
  collector.pattern(
    "processId",
    news.processId,
    anaplanIdPattern("118"),
    "a 12-digit process ID starting with 118",
  );
  collector.pattern(
    "adoptExistingId",
    news.adoptExistingId,
    LOWER_HEX_ID,
    "an integration ID of 32 lowercase hex characters",
  );
  const jobs = news.jobs;
  if (jobs !== undefined && !isUnknown(jobs) && !Array.isArray(jobs)) {
    collector.fail("jobs", "jobs must be a list");
  } else if (!isUnknown(jobs)) {
    const list = jobs ?? [];
    if (!news.processId && list.length !== 1) {
      collector.fail(
        "jobs",
        `jobs must hold exactly one job for an import or export integration (set processId for a process integration); got ${list.length}`,
      );
    }
    if (list.length > MAX_PROCESS_JOBS) {
      collector.fail(
        "jobs",
        `jobs may hold at most ${MAX_PROCESS_JOBS} jobs (one per process action that reads or writes the cloud store); got ${list.length}`,
      );
      // Checking thousands of jobs would bury this one message under thousands of others.
      return;
    }
    list.forEach((job, index) => checkJob(collector, `jobs[${index}]`, job));
  }
  checkSchedule(collector, news.schedule);
  checkNotifications(collector, news.notifications);
}

const JOB_TYPE_NAMES = Object.keys(JOB_TYPES) as JobType[];

/**
 * Checks one job. Each rule below covers one part of a job and adds its failures in the order a
 * reader meets the fields, so the messages come out as they always have.
 */
function checkJob(collector: FailureCollector, at: string, job: unknown): void {
  if (isUnknown(job)) return;
  if (job === null || typeof job !== "object") {
    collector.fail(at, `${at} must be an object`);
    return;
  }
  const record = job as Record<string, unknown>;
  collector.knownKeys(at, record, JOB_KEYS);
  if (!collector.required(`${at}.type`, record.type, `one of ${JOB_TYPE_NAMES.join(", ")}`)) return;
  collector.oneOf(`${at}.type`, record.type, JOB_TYPE_NAMES);
  const info = JOB_TYPES[record.type as JobType];
  if (!info) return;
  const rule: JobRuleContext = { collector, record, info, field: (name) => `${at}.${name}` };
  checkJobConnection(rule);
  if (info.cloud === "GoogleBigQuery") checkJobTable(rule);
  else checkJobFile(rule);
  checkJobAction(rule);
  if (info.isImport) checkImportOnlyFields(rule);
  else checkExportOnlyFields(rule);
}

/** What every job rule reads: the job, what its type means, and how to name its fields. */
interface JobRuleContext {
  collector: FailureCollector;
  record: Record<string, unknown>;
  info: (typeof JOB_TYPES)[JobType];
  field: (name: string) => string;
}

/** The job names a connection of its type's cloud by ID. */
function checkJobConnection({ collector, record, info, field }: JobRuleContext): void {
  if (
    collector.required(
      field("connectionId"),
      record.connectionId,
      `the ${info.cloud} connection's ID`,
    )
  ) {
    collector.pattern(
      field("connectionId"),
      record.connectionId,
      LOWER_HEX_ID,
      "a connection ID of 32 lowercase hex characters",
    );
  }
}

/** A BigQuery job names a table, never a file. */
function checkJobTable({ collector, record, field }: JobRuleContext): void {
  collector.required(field("table"), record.table, "the BigQuery table name");
  collector.forbidden(
    field("file"),
    record.file,
    `on a ${record.type} job (BigQuery jobs use table)`,
  );
}

/** An S3 or Azure job names a file (an export: a folder ending in '/'), never a table. */
function checkJobFile({ collector, record, info, field }: JobRuleContext): void {
  collector.required(
    field("file"),
    record.file,
    info.isImport ? "the object path to import" : "the folder to export to, e.g. exports/",
  );
  collector.forbidden(
    field("table"),
    record.table,
    `on a ${record.type} job (only BigQuery jobs use table)`,
  );
  checkFilePath(collector, field("file"), record.file);
  if (
    !info.isImport &&
    typeof record.file === "string" &&
    !isUnknown(record.file) &&
    !record.file.endsWith("/")
  ) {
    collector.fail(
      field("file"),
      `${field("file")} of an export is a folder path and must end with '/'; got ${describeValue(record.file)}`,
    );
  }
}

/** The job's action is an import (112…) or export (116…) action, as its type says. */
function checkJobAction({ collector, record, info, field }: JobRuleContext): void {
  const actionPrefix = info.isImport ? "112" : "116";
  if (
    collector.required(
      field("actionId"),
      record.actionId,
      `a 12-digit ${info.isImport ? "import" : "export"} action ID`,
    )
  ) {
    collector.pattern(
      field("actionId"),
      record.actionId,
      anaplanIdPattern(actionPrefix),
      `a 12-digit ${info.isImport ? "import" : "export"} action ID starting with ${actionPrefix} (${record.type} ${info.isImport ? "imports into" : "exports from"} Anaplan)`,
    );
  }
}

/** An import names its data-source file and takes neither overwrite nor mapping. */
function checkImportOnlyFields({ collector, record, field }: JobRuleContext): void {
  if (
    collector.required(
      field("fileId"),
      record.fileId,
      "the import's 12-digit data-source file ID (113…)",
    )
  ) {
    // Any 12-digit ID: fileIds start with 113 in the reference's examples, but public SDK
    // examples use 112… (the import's own ID) and no source says what the API accepts, so a
    // guessed prefix must not block `up`; CloudWorks itself judges the ID at create.
    collector.pattern(
      field("fileId"),
      record.fileId,
      /^\d{12}$/,
      "a 12-digit file ID (the import's data-source file, usually 113…)",
    );
  }
  collector.forbidden(field("overwrite"), record.overwrite, "on an import job");
  collector.forbidden(field("mapping"), record.mapping, "on an import job");
}

/** An export takes no fileId, may say overwrite, and has a column mapping only on BigQuery. */
function checkExportOnlyFields(rule: JobRuleContext): void {
  const { collector, record, info, field } = rule;
  collector.forbidden(
    field("fileId"),
    record.fileId,
    "on an export job (exports only name the action)",
  );
  collector.boolean(field("overwrite"), record.overwrite);
  if (info.cloud === "GoogleBigQuery") {
    checkBigQueryMapping(rule);
  } else {
    collector.forbidden(
      field("mapping"),
      record.mapping,
      `on a ${record.type} job (mapping is for BigQuery exports)`,
    );
  }
}

/** A BigQuery export maps every Anaplan column to a BigQuery column. */
function checkBigQueryMapping({ collector, record, field }: JobRuleContext): void {
  const mapping = record.mapping;
  if (!isUnknown(mapping) && (!Array.isArray(mapping) || mapping.length === 0)) {
    collector.fail(
      field("mapping"),
      `${field("mapping")} is required for BigQuery exports: a non-empty list of { sourceName, targetName }`,
    );
  } else if (Array.isArray(mapping)) {
    mapping.forEach((item, index) => {
      const entry = (item ?? {}) as Record<string, unknown>;
      collector.knownKeys(`${field("mapping")}[${index}]`, entry, ["sourceName", "targetName"]);
      collector.required(
        `${field("mapping")}[${index}].sourceName`,
        entry.sourceName,
        "the Anaplan column name",
      );
      collector.required(
        `${field("mapping")}[${index}].targetName`,
        entry.targetName,
        "the BigQuery column name",
      );
    });
  }
}

/**
 * A job's `file` is a path inside the bucket or container. A leading `/` or a `..` segment
 * cannot name an object there: S3 keys have no parent directories, so `../` either fails at run
 * time or reaches a key outside the prefix the landing zone grants, which is never intended.
 */
function checkFilePath(collector: FailureCollector, property: string, value: unknown): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  if (typeof value !== "string") {
    collector.fail(property, `${property} must be a path string; got ${describeValue(value)}`);
    return;
  }
  if (value.startsWith("/") || value.startsWith("\\"))
    collector.fail(
      property,
      `${property} must be a path relative to the bucket or container (no leading '/'); got ${describeValue(value)}`,
    );
  if (value.split(/[/\\]/).some((segment) => segment === ".."))
    collector.fail(
      property,
      `${property} must not contain '..' segments (object keys have no parent folder); got ${describeValue(value)}`,
    );
}

function checkNotifications(collector: FailureCollector, value: unknown): void {
  if (value === undefined || value === null || isUnknown(value)) return;
  if (typeof value !== "object" || Array.isArray(value)) {
    collector.fail("notifications", "notifications must be an object");
    return;
  }
  const notifications = value as Record<string, unknown>;
  collector.knownKeys("notifications", notifications, NOTIFICATION_KEYS);
  const channels = notifications.channels;
  if (!isUnknown(channels)) {
    if (!Array.isArray(channels) || channels.length === 0) {
      collector.fail(
        "notifications.channels",
        'notifications.channels must list at least one of "email", "in_app"',
      );
    } else {
      channels.forEach((channel, index) =>
        collector.oneOf(`notifications.channels[${index}]`, channel, ["email", "in_app"]),
      );
    }
  }
  let anyUsers = false;
  for (const key of ["success", "partialFailure", "fullFailure"]) {
    const users = notifications[key];
    if (users === undefined || users === null || isUnknown(users)) continue;
    const at = `notifications.${key}`;
    if (!Array.isArray(users) || users.length < 1 || users.length > 5) {
      collector.fail(
        at,
        `${at} must list 1 to 5 user GUIDs (omit it to notify nobody on this event)`,
      );
      continue;
    }
    anyUsers = true;
    users.forEach((user, index) =>
      collector.pattern(
        `${at}[${index}]`,
        user,
        LOWER_HEX_ID,
        "a user GUID of 32 lowercase hex characters",
      ),
    );
    if (new Set(users).size !== users.length)
      collector.fail(at, `${at} must not list a user twice`);
  }
  if (!anyUsers && !containsUnknown(notifications)) {
    collector.fail(
      "notifications",
      "notifications must name users for at least one of success, partialFailure, fullFailure",
    );
  }
}
