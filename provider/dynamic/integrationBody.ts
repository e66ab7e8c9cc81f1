import type {
  NotificationConfig,
  NotificationInput,
  NotificationType,
  NotificationUser,
} from "../client";
import { compact } from "./equality";
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

type WireSide = Record<string, unknown>;
/** A job in the CloudWorks wire shape. */
export interface WireJob {
  /** Job type. */
  type: string;
  /** Sources (one). */
  sources: WireSide[];
  /** Targets (one). */
  targets: WireSide[];
  /** BigQuery export column mapping. */
  mapping?: { sourceName: string; targetName: string }[];
}

/** Converts a flat job to the wire shape. */
export function toWireJob(job: JobInputs): WireJob {
  const info = JOB_TYPES[job.type];
  const location = info.cloud === "GoogleBigQuery" ? { table: job.table } : { file: job.file };
  const cloudSide = compact({ type: info.cloud, connectionId: job.connectionId, ...location });
  if (info.isImport) {
    return {
      type: job.type,
      sources: [cloudSide],
      targets: [compact({ type: "Anaplan", actionId: job.actionId, fileId: job.fileId })],
    };
  }
  // overwrite is always sent: Apiary documents the server default as false (a new file each
  // run), while the live-tested SDK defaults it to true for files and false for tables. Sending
  // our documented default (false) means the server's own default never decides.
  return compact({
    type: job.type,
    sources: [{ type: "Anaplan", actionId: job.actionId }],
    targets: [compact({ ...cloudSide, overwrite: job.overwrite ?? false })],
    mapping: job.mapping,
  }) as WireJob;
}

/** Converts a wire job (as GET returns it, with read-only extras) back to the flat form. */
export function fromWireJob(job: WireJob): JobInputs {
  const type = job.type as JobType;
  const info = JOB_TYPES[type];
  const source = job.sources?.[0] ?? {};
  const target = job.targets?.[0] ?? {};
  const cloudSide = info?.isImport === false ? target : source;
  const anaplanSide = info?.isImport === false ? source : target;
  return compact({
    type,
    connectionId: cloudSide.connectionId as string,
    file: cloudSide.file as string | undefined,
    table: cloudSide.table as string | undefined,
    actionId: String(anaplanSide.actionId ?? ""),
    fileId:
      anaplanSide.fileId === undefined || anaplanSide.fileId === null
        ? undefined
        : String(anaplanSide.fileId),
    overwrite: info?.isImport === false ? (target.overwrite as boolean | undefined) : undefined,
    mapping:
      job.mapping && job.mapping.length > 0
        ? job.mapping.map((m) => ({ sourceName: m.sourceName, targetName: m.targetName }))
        : undefined,
  }) as JobInputs;
}

/**
 * The v2 create/update body of an integration.
 *
 * A process integration without jobs is sent as `{name, version, workspaceId, modelId,
 * processId}`, the body SETI's live test created process integrations with (reference §5.1);
 * `jobs: []` and `nuxVisible: false` were never live-tested on it, so they are left out (the
 * documented default of nuxVisible is false, and it is sent when true).
 */
export function integrationBody(inputs: IntegrationInputs): Record<string, unknown> {
  const jobs = (inputs.jobs ?? []).map(toWireJob);
  const bareProcess = Boolean(inputs.processId) && jobs.length === 0;
  return compact({
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
export function scheduleBody(schedule: ScheduleInputs): Record<string, unknown> {
  const { enabled: _enabled, ...fields } = schedule;
  return compact(fields as unknown as Record<string, unknown>);
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
] as const;

/** The schedule as read back from an integration, in input form. */
export function scheduleFromWire(
  wire: Record<string, unknown> | null | undefined,
): ScheduleInputs | undefined {
  if (!wire || typeof wire !== "object" || !wire.type) return undefined;
  const schedule: Record<string, unknown> = {};
  for (const field of SCHEDULE_WIRE_FIELDS) {
    const value = wire[field];
    if (value !== undefined && value !== null && value !== "") schedule[field] = value;
  }
  schedule.enabled = wire.status === undefined ? true : wire.status !== "Inactive";
  return schedule as unknown as ScheduleInputs;
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
      users: notifications[key] as string[],
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

/**
 * The comparable normal form of an integration's inputs: defaults made explicit and lists in
 * a canonical order, so that omitting a default never shows up as a change.
 */
export function normaliseIntegration(inputs: Partial<IntegrationInputs>): Record<string, unknown> {
  return {
    name: inputs.name,
    workspaceId: inputs.workspaceId,
    modelId: inputs.modelId,
    nuxVisible: inputs.nuxVisible ?? false,
    processId: inputs.processId ?? undefined,
    jobs: (inputs.jobs ?? []).map((job) => normaliseJob(job)),
    schedule: inputs.schedule ? normaliseSchedule(inputs.schedule) : undefined,
    notifications: inputs.notifications ? normaliseNotifications(inputs.notifications) : undefined,
  };
}

function normaliseJob(job: JobInputs): Record<string, unknown> {
  const info = JOB_TYPES[job.type];
  return compact({
    ...(job as unknown as Record<string, unknown>),
    // Apiary documents overwrite's server default as false.
    overwrite:
      info && !info.isImport && info.cloud !== undefined ? (job.overwrite ?? false) : undefined,
  });
}

function normaliseSchedule(schedule: ScheduleInputs): Record<string, unknown> {
  return compact({
    ...(schedule as unknown as Record<string, unknown>),
    daysOfWeek: schedule.daysOfWeek ? [...schedule.daysOfWeek].sort((a, b) => a - b) : undefined,
    enabled: schedule.enabled ?? true,
  });
}

function normaliseNotifications(notifications: NotificationInputs): Record<string, unknown> {
  const sorted = (list?: string[]) => (list && list.length > 0 ? [...list].sort() : undefined);
  return compact({
    channels: [...(notifications.channels ?? [])].sort(),
    success: sorted(notifications.success),
    partialFailure: sorted(notifications.partialFailure),
    fullFailure: sorted(notifications.fullFailure),
  });
}
