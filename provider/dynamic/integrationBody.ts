import type {
  BigQueryJobSource,
  FileStoreJobSource,
  IntegrationInput,
  IntegrationSchedule,
  Job,
  JobSource,
  JobTarget,
  NotificationConfig,
  NotificationInput,
  NotificationType,
  NotificationUser,
  ScheduleBody,
} from "../client";
import { compact } from "./equality";
import { checked } from "./validation";
import {
  IntegrationInputs,
  JobInputs,
  JobType,
  NotificationInputs,
  ScheduleInputs,
} from "./inputs";

/**
 * Translation between the package's flat job/schedule/notification inputs and the CloudWorks v2
 * wire shapes (reference §5–§7). Pure functions: create, update, read and the recovery lookup
 * all compare through the same normal form, so "matches what was sent" means one thing.
 */

/** The cloud side of each job type, and whether it writes to Anaplan (an import). */
export const JOB_TYPES: Record<
  JobType,
  { cloud: "AmazonS3" | "AzureBlob" | "GoogleBigQuery"; isImport: boolean }
> = {
  AmazonS3ToAnaplan: { cloud: "AmazonS3", isImport: true },
  AzureBlobToAnaplan: { cloud: "AzureBlob", isImport: true },
  GoogleBigQueryToAnaplan: { cloud: "GoogleBigQuery", isImport: true },
  AnaplanToAmazonS3: { cloud: "AmazonS3", isImport: false },
  AnaplanToAzureBlob: { cloud: "AzureBlob", isImport: false },
  AnaplanToGoogleBigQuery: { cloud: "GoogleBigQuery", isImport: false },
};

/** An integration's kind as CloudWorks reports it in `integrationType`. */
export type IntegrationKind = "Import" | "Export" | "Process";

/** The kind an integration with these inputs has. */
export function integrationKind(
  inputs: Pick<IntegrationInputs, "processId" | "jobs">,
): IntegrationKind {
  if (inputs.processId) return "Process";
  const first = inputs.jobs?.[0];
  return first && JOB_TYPES[first.type] && !JOB_TYPES[first.type].isImport ? "Export" : "Import";
}

/** The cloud-store end of a job: an object path for S3 and Azure, a table for BigQuery. */
function cloudEnd(job: JobInputs): FileStoreJobSource | BigQueryJobSource {
  const cloud = JOB_TYPES[job.type].cloud;
  return cloud === "GoogleBigQuery"
    ? {
        type: cloud,
        connectionId: job.connectionId,
        table: checked(job.table, `${job.type} job table`),
      }
    : {
        type: cloud,
        connectionId: job.connectionId,
        file: checked(job.file, `${job.type} job file`),
      };
}

/** Converts a flat job to the wire shape. */
function toWireJob(job: JobInputs): Job {
  const cloudSide = cloudEnd(job);
  if (JOB_TYPES[job.type].isImport) {
    return {
      type: job.type,
      sources: [cloudSide],
      targets: [
        {
          type: "Anaplan",
          actionId: job.actionId,
          fileId: checked(job.fileId, `${job.type} job fileId`),
        },
      ],
    };
  }
  // overwrite is always sent: Apiary documents the server default as false (a new file each
  // run), while the live-tested SDK defaults it to true for files and false for tables. Sending
  // our documented default (false) means the server's own default never decides.
  const exportJob: Job = {
    type: job.type,
    sources: [{ type: "Anaplan", actionId: job.actionId }],
    targets: [{ ...cloudSide, overwrite: job.overwrite ?? false }],
    mapping: job.mapping,
  };
  return compact(exportJob);
}

/** Converts a wire job (as GET returns it, with read-only extras) back to the flat form. */
export function fromWireJob(job: Job): JobInputs {
  // Read defensively, by position: a job type this package does not know reads as an import,
  // and a missing side reads as empty.
  const isExport = JOB_TYPES[job.type]?.isImport === false;
  const source: JobSource | undefined = job.sources?.[0];
  const target: JobTarget | undefined = job.targets?.[0];
  const cloudSide = isExport ? target : source;
  const anaplanSide = isExport ? source : target;
  const actionId = anaplanSide && "actionId" in anaplanSide ? anaplanSide.actionId : undefined;
  const fileId = anaplanSide && "fileId" in anaplanSide ? anaplanSide.fileId : undefined;
  return compact({
    type: job.type,
    connectionId: cloudSide && "connectionId" in cloudSide ? cloudSide.connectionId : "",
    file: cloudSide && "file" in cloudSide ? cloudSide.file : undefined,
    table: cloudSide && "table" in cloudSide ? cloudSide.table : undefined,
    actionId: String(actionId ?? ""),
    fileId: fileId === undefined || fileId === null ? undefined : String(fileId),
    overwrite: isExport && target && "overwrite" in target ? target.overwrite : undefined,
    mapping:
      job.mapping && job.mapping.length > 0
        ? job.mapping.map((m) => ({ sourceName: m.sourceName, targetName: m.targetName }))
        : undefined,
  });
}

/**
 * The v2 create/update body of an integration.
 *
 * A process integration without jobs is sent as `{name, version, workspaceId, modelId,
 * processId}`, the body SETI's live test created process integrations with (reference §5.1);
 * `jobs: []` and `nuxVisible: false` were never live-tested on it, so they are left out (the
 * documented default of nuxVisible is false, and it is sent when true).
 */
export function integrationBody(inputs: IntegrationInputs): IntegrationInput {
  const jobs = (inputs.jobs ?? []).map(toWireJob);
  const bareProcess = Boolean(inputs.processId) && jobs.length === 0;
  return compact<IntegrationInput>({
    name: inputs.name,
    version: "2.0",
    workspaceId: inputs.workspaceId,
    modelId: inputs.modelId,
    nuxVisible: bareProcess ? (inputs.nuxVisible ? true : undefined) : (inputs.nuxVisible ?? false),
    processId: inputs.processId,
    jobs: bareProcess ? undefined : jobs,
  });
}

/** The `schedule` object of the schedule create/update body. */
export function scheduleBody(schedule: ScheduleInputs): ScheduleBody {
  const { enabled: _enabled, ...fields } = schedule;
  return compact(fields);
}

/** The schedule fields CloudWorks stores and returns (`enabled` is the wire `status`). */
export const SCHEDULE_WIRE_FIELDS = [
  "name",
  "type",
  "time",
  "fromTime",
  "toTime",
  "daysOfWeek",
  "dayOfMonth",
  "dayOfWeek",
  "repeatEvery",
  "startDate",
  "endDate",
  "timezone",
] as const satisfies readonly (keyof ScheduleBody)[];

/** The schedule as read back from an integration, in input form. */
export function scheduleFromWire(
  wire: IntegrationSchedule | null | undefined,
): ScheduleInputs | undefined {
  if (!wire || typeof wire !== "object" || !wire.type) return undefined;
  // CloudWorks answers null or "" for fields a type does not use; those are not inputs. The
  // fields every schedule has (name, type, startDate, timezone) are kept as answered: were one
  // ever null, the diff shows it against the program's value and the next `up` writes it back.
  const set = <T>(value: T | null | ""): T | undefined =>
    value === null || value === "" ? undefined : value;
  return compact({
    name: wire.name,
    type: wire.type,
    time: set(wire.time),
    fromTime: set(wire.fromTime),
    toTime: set(wire.toTime),
    daysOfWeek: set(wire.daysOfWeek),
    dayOfMonth: set(wire.dayOfMonth),
    dayOfWeek: set(wire.dayOfWeek),
    repeatEvery: set(wire.repeatEvery),
    startDate: wire.startDate,
    endDate: set(wire.endDate),
    timezone: wire.timezone,
    enabled: wire.status === undefined ? true : wire.status !== "Inactive",
  });
}

const NOTIFICATION_TYPES: [keyof Omit<NotificationInputs, "channels">, NotificationType][] = [
  ["success", "success"],
  ["partialFailure", "partial_failure"],
  ["fullFailure", "full_failure"],
];

/** The notification create/update body for one integration. */
export function notificationBody(
  integrationId: string,
  notifications: NotificationInputs,
): NotificationInput {
  const config = NOTIFICATION_TYPES.filter(([key]) => (notifications[key] ?? []).length > 0).map(
    ([key, type]) => ({
      type,
      users: notifications[key] ?? [],
    }),
  );
  return {
    integrationIds: [integrationId],
    channels: notifications.channels,
    notifications: { config },
  };
}

/** Notification settings as read back (users resolved to objects on read), in input form. */
export function notificationsFromWire(
  wire: NotificationConfig | undefined,
): NotificationInputs | undefined {
  if (!wire) return undefined;
  // Read defensively: a partial answer must not throw here, and a user may come back as a bare
  // GUID rather than resolved to an object.
  const config = wire.notifications?.config ?? [];
  const result: NotificationInputs = { channels: wire.channels ?? [] };
  for (const [key, type] of NOTIFICATION_TYPES) {
    const item = config.find((c) => c.type === type);
    const users = ((item?.users ?? []) as (string | NotificationUser)[]).map((u) =>
      typeof u === "string" ? u : u.userGuid,
    );
    if (users.length > 0) result[key] = users;
  }
  return result;
}

/** An integration's own body fields, as inputs or as CloudWorks returns them (with jobs `J`). */
export interface IntegrationBodyFields<J> {
  /** The integration name. */
  name?: string;
  /** The workspace. */
  workspaceId?: string;
  /** The model. */
  modelId?: string;
  /** Shown on UX action cards. */
  nuxVisible?: boolean;
  /** The process of a process integration (CloudWorks answers null for the others). */
  processId?: string | null;
  /** The jobs. */
  jobs?: J[];
}

/**
 * An integration's body fields with what CloudWorks assumes for a field left out made explicit
 * (not on action cards, no process, no jobs), each job mapped by `mapJob`: the one reading of
 * those defaults, for the comparable normal form and for the inputs a read-back stands for.
 */
export function withBodyDefaults<J, R, F extends IntegrationBodyFields<J>>(
  fields: F,
  mapJob: (job: J) => R,
): Pick<F, "name" | "workspaceId" | "modelId"> & {
  nuxVisible: boolean;
  processId: string | undefined;
  jobs: R[];
} {
  return {
    name: fields.name,
    workspaceId: fields.workspaceId,
    modelId: fields.modelId,
    nuxVisible: fields.nuxVisible ?? false,
    processId: fields.processId ?? undefined,
    jobs: (fields.jobs ?? []).map((job) => mapJob(job)),
  };
}

/**
 * The comparable normal form of an integration's inputs: defaults made explicit and lists in
 * a canonical order, so that omitting a default never shows up as a change.
 */
export function normaliseIntegration(inputs: Partial<IntegrationInputs>): Record<string, unknown> {
  return {
    ...withBodyDefaults(inputs, normaliseJob),
    schedule: inputs.schedule ? normaliseSchedule(inputs.schedule) : undefined,
    notifications: inputs.notifications ? normaliseNotifications(inputs.notifications) : undefined,
  };
}

function normaliseJob(job: JobInputs): Record<string, unknown> {
  const info = JOB_TYPES[job.type];
  return compact({
    ...job,
    // Apiary documents overwrite's server default as false.
    overwrite:
      info && !info.isImport && info.cloud !== undefined ? (job.overwrite ?? false) : undefined,
  });
}

function normaliseSchedule(schedule: ScheduleInputs): Record<string, unknown> {
  return { ...normaliseScheduleFields(schedule), enabled: schedule.enabled ?? true };
}

/** A schedule's wire fields (not `enabled`) in a comparable form: days in order. */
export function normaliseScheduleFields(schedule: ScheduleInputs): Record<string, unknown> {
  const { enabled: _enabled, ...fields } = schedule;
  const days = fields.daysOfWeek;
  return compact({
    ...fields,
    daysOfWeek: Array.isArray(days) ? [...days].sort((a, b) => a - b) : days,
  });
}

/** The comparable normal form of notification settings: lists sorted, empty lists absent. */
export function normaliseNotifications(notifications: NotificationInputs): Record<string, unknown> {
  const sorted = (list?: string[]) => (list && list.length > 0 ? [...list].sort() : undefined);
  return compact({
    channels: [...(notifications.channels ?? [])].sort(),
    success: sorted(notifications.success),
    partialFailure: sorted(notifications.partialFailure),
    fullFailure: sorted(notifications.fullFailure),
  });
}
