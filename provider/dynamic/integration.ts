import type { IntegrationDetail, IntegrationSummary } from "../client";
import { auditFieldsOf, latestRunOrNull } from "../client/records";
import { mergeDrift } from "./drift";
import { compact, deepEqual, pick } from "./equality";
import {
  describeError,
  mayHaveCommitted,
  ResourceOperationError,
  undefinedIfNotFound,
} from "./errors";
import {
  INTEGRATION_BODY_FIELDS,
  INTEGRATION_INPUT_FIELDS,
  IntegrationInputs,
  IntegrationOutputs,
  NotificationInputs,
} from "./inputs";
import {
  fromWireJob,
  integrationBody,
  integrationKind,
  normaliseIntegration,
  normaliseNotifications,
  normaliseScheduleFields,
  notificationBody,
  notificationsFromWire,
  scheduleBody,
  scheduleFromWire,
  withBodyDefaults,
} from "./integrationBody";
import { checkIntegration } from "./integrationRules";
import { containsUnknown } from "./unknowns";
import { LISTED_INTEGRATIONS } from "./listing";
import {
  CloudWorksObjectProvider,
  getCloudWorksClient,
  pauseBeforeRetry,
  withoutAdoption,
} from "./providerBase";
import type { CreatedObject } from "./providerBase";

const KIND = "CloudWorksIntegration";

/**
 * Check, diff, create, read, update and delete of integrations, with their schedule and
 * notifications: the lifecycle is CloudWorksObjectProvider's; the integration's calls, mapping
 * and diff are here.
 */
export class IntegrationProvider extends CloudWorksObjectProvider<
  IntegrationInputs,
  IntegrationOutputs,
  IntegrationDetail,
  IntegrationSummary
> {
  constructor() {
    super(KIND, LISTED_INTEGRATIONS, checkIntegration);
  }

  protected changedFields(
    olds: IntegrationOutputs,
    news: IntegrationInputs,
  ): (keyof IntegrationInputs)[] {
    const oldForm = normaliseIntegration(olds);
    const newForm = normaliseIntegration(news);
    return INTEGRATION_INPUT_FIELDS.filter(
      (field) => containsUnknown(news[field]) || !deepEqual(oldForm[field], newForm[field]),
    );
  }

  // CloudWorks fixes an integration's kind (import, export, process) at creation, so a change
  // of kind is a new integration; everything else is a full-body PUT in place.
  protected replacedFields(
    changed: (keyof IntegrationInputs)[],
    olds: IntegrationOutputs,
    news: IntegrationInputs,
  ): (keyof IntegrationInputs)[] {
    const kindUnknown = containsUnknown(news.processId) || containsUnknown(news.jobs);
    const kindChanged = !kindUnknown && integrationKind(olds) !== integrationKind(news);
    return kindChanged ? changed.filter((f) => f === "processId" || f === "jobs") : [];
  }

  protected async matchesInputs(
    found: IntegrationSummary,
    inputs: IntegrationInputs,
  ): Promise<boolean> {
    const detail = await getCloudWorksClient().getIntegration(found.integrationId);
    // Schedule and notifications are applied after the POST, so only the body counts.
    const sent = {
      ...normaliseIntegration(inputs),
      schedule: undefined,
      notifications: undefined,
    };
    return deepEqual(normaliseIntegration({ ...coreInputsOf(detail) }), sent);
  }

  protected post(inputs: IntegrationInputs): Promise<string> {
    return getCloudWorksClient().createIntegration(integrationBody(inputs));
  }

  protected put(id: string, inputs: IntegrationInputs): Promise<void> {
    return getCloudWorksClient().updateIntegration(id, integrationBody(inputs));
  }

  // From here on the integration exists: any failure must hand its ID to the engine, so the
  // next `up` updates it instead of orphaning it and creating another.
  protected async outputsAfterCreate(
    { id: integrationId, posted }: CreatedObject,
    inputs: IntegrationInputs,
  ): Promise<IntegrationOutputs> {
    try {
      // A fresh POST with no schedule or notifications to apply is not read back: the GET would
      // only add outputs (audit fields, the notification config CloudWorks creates with every
      // integration), which the next refresh fills without Pulumi (3.248) reporting a change;
      // updates read the integration afresh anyway. Otherwise the current schedule and
      // notification config decide what to write, so they are read.
      const detail: Partial<IntegrationDetail> =
        posted && !inputs.schedule && !inputs.notifications
          ? { integrationId }
          : await getCloudWorksClient().getIntegration(integrationId);
      // Notification settings someone made in the UI are left alone unless the program manages them.
      return await settleSchedulesAndNotifications(integrationId, detail, inputs, false);
    } catch (error) {
      const partial = compact({ ...withoutAdoption(inputs), integrationId });
      throw new ResourceOperationError(
        `${KIND} "${inputs.name}": created as ${integrationId}, but configuring it failed: ${describeError(error)}. The next \`pulumi up\` completes it.`,
        { id: integrationId, properties: partial, reasons: [describeError(error)] },
      );
    }
  }

  protected fetch(id: string): Promise<IntegrationDetail | undefined> {
    return undefinedIfNotFound(getCloudWorksClient().getIntegration(id));
  }

  protected async refreshedInputs(
    detail: IntegrationDetail,
    state: IntegrationOutputs,
  ): Promise<IntegrationInputs> {
    const previous = inputFieldsOf(state);
    return mergeDrift(previous, await inputsFromDetail(detail, previous), normaliseIntegration);
  }

  protected outputsOf(
    id: string,
    inputs: IntegrationInputs,
    detail: IntegrationDetail,
  ): IntegrationOutputs {
    return outputsFromDetail(id, inputs, detail);
  }

  protected async write(
    id: string,
    olds: IntegrationOutputs,
    news: IntegrationInputs,
  ): Promise<IntegrationOutputs> {
    const client = getCloudWorksClient();
    const oldForm = normaliseIntegration(olds);
    const newForm = normaliseIntegration(news);
    if (INTEGRATION_BODY_FIELDS.some((field) => !deepEqual(oldForm[field], newForm[field]))) {
      await this.put(id, news);
    }
    const detail = await client.getIntegration(id);
    const managed = olds.notifications !== undefined && olds.notifications !== null;
    return settleSchedulesAndNotifications(id, detail, news, managed);
  }

  protected remove(id: string): Promise<void> {
    return getCloudWorksClient().deleteIntegration(id);
  }

  protected async deleteRefusal(_id: string, error: unknown): Promise<string> {
    return `CloudWorks refused (${describeError(error)}). A running integration cannot be deleted: wait for the run to end or cancel it; an integration that a flow uses cannot be deleted: remove it from the flow first.`;
  }
}

/**
 * Brings schedule and notifications in line with the inputs and returns the outputs. The
 * integration is read again only when something was written after `detail` was read, since a
 * write may move its modification date; otherwise `detail` already is the current state.
 */
async function settleSchedulesAndNotifications(
  integrationId: string,
  detail: Partial<IntegrationDetail>,
  inputs: IntegrationInputs,
  notificationsManagedBefore: boolean,
): Promise<IntegrationOutputs> {
  const scheduleWritten = await applySchedule(integrationId, detail, inputs);
  const notifications = await applyNotifications(
    integrationId,
    detail.notificationId ?? undefined,
    inputs.notifications,
    notificationsManagedBefore,
  );
  const current =
    scheduleWritten || notifications.written
      ? await getCloudWorksClient().getIntegration(integrationId)
      : detail;
  return outputsFromDetail(integrationId, inputs, {
    ...current,
    notificationId: notifications.notificationId ?? null,
  });
}

/**
 * Brings the integration's schedule in line with the inputs (create, update, status, delete).
 * Returns whether anything was written.
 */
async function applySchedule(
  integrationId: string,
  detail: Partial<IntegrationDetail>,
  inputs: IntegrationInputs,
): Promise<boolean> {
  const client = getCloudWorksClient();
  const current = scheduleFromWire(detail.schedule);
  const desired = inputs.schedule;
  if (!desired) {
    if (current) await client.deleteSchedule(integrationId);
    return current !== undefined;
  }
  let written = false;
  const { enabled: wantEnabled = true } = desired;
  if (!current) {
    await createScheduleWithRecovery(integrationId, desired);
    written = true;
  } else if (!deepEqual(normaliseScheduleFields(current), normaliseScheduleFields(desired))) {
    await client.updateSchedule(integrationId, scheduleBody(desired));
    written = true;
  }
  // A new schedule starts enabled, so a status call is needed only to disable it or to change it.
  if ((current ? (current.enabled ?? true) : true) !== wantEnabled) {
    await client.setScheduleStatus(integrationId, wantEnabled ? "enabled" : "disabled");
    written = true;
  }
  return written;
}

/**
 * POSTs the integration's first schedule without ever repeating it blindly: after a failure that
 * may have been applied (5xx, lost answer) the integration is read again; a schedule found there
 * is ours (an integration holds one schedule, and the integration was just read without one), so
 * it is overwritten with the desired settings by the idempotent PUT, which keeps the status a new
 * schedule starts with; when none is found the POST is sent again, while the retry budget lasts.
 */
async function createScheduleWithRecovery(
  integrationId: string,
  desired: NonNullable<IntegrationInputs["schedule"]>,
): Promise<void> {
  const client = getCloudWorksClient();
  const started = Date.now();
  for (let round = 1; ; round++) {
    try {
      await client.createSchedule(integrationId, scheduleBody(desired));
      return;
    } catch (error) {
      const elapsed = Date.now() - started;
      if (!mayHaveCommitted(error) || elapsed >= client.retryBudgetMs) throw error;
      const detail = await client.getIntegration(integrationId);
      if (detail.schedule) {
        await client.updateSchedule(integrationId, scheduleBody(desired));
        return;
      }
      await pauseBeforeRetry(round, client.retryBudgetMs - elapsed);
    }
  }
}

/**
 * CloudWorks creates a notification config with every integration, and a second POST for the
 * same integration is rejected, so the provider adopts that config and PUTs its settings; it
 * POSTs only when the config is missing (deleted earlier). Settings removed from the program
 * delete the config, because the API cannot store an empty user list (reference §7a); a config
 * the program never managed is left as it is, unread. Returns the config's ID afterwards and
 * whether anything was written.
 */
async function applyNotifications(
  integrationId: string,
  notificationId: string | undefined,
  desired: NotificationInputs | undefined,
  managedBefore: boolean,
): Promise<{ notificationId: string | undefined; written: boolean }> {
  const client = getCloudWorksClient();
  const currentConfig = async () =>
    notificationId ? undefinedIfNotFound(client.getNotification(notificationId)) : undefined;
  if (!desired) {
    if (!managedBefore || !notificationId) return { notificationId, written: false };
    if (!(await currentConfig())) return { notificationId: undefined, written: false };
    await client.deleteNotification(notificationId);
    return { notificationId: undefined, written: true };
  }
  const body = notificationBody(integrationId, desired);
  const current = await currentConfig();
  if (notificationId && current) {
    const same = deepEqual(
      normaliseNotificationForm(notificationsFromWire(current)),
      normaliseNotificationForm(desired),
    );
    if (!same) await client.updateNotification(notificationId, body);
    return { notificationId, written: !same };
  }
  return { notificationId: await client.createNotification(body), written: true };
}

function normaliseNotificationForm(
  value: NotificationInputs | undefined,
): Record<string, unknown> | undefined {
  return value ? normaliseNotifications(value) : undefined;
}

async function inputsFromDetail(
  detail: IntegrationDetail,
  previous: IntegrationInputs,
): Promise<IntegrationInputs> {
  const client = getCloudWorksClient();
  let notifications: NotificationInputs | undefined;
  if (previous.notifications && detail.notificationId) {
    notifications = notificationsFromWire(
      await undefinedIfNotFound(client.getNotification(detail.notificationId)),
    );
  }
  // Notifications the program does not manage are not read: they are not this resource's
  // to report or correct, and reading them would cost a call per integration on refresh.
  return compact({
    ...coreInputsOf(detail),
    schedule: scheduleFromWire(detail.schedule),
    notifications,
  });
}

/** The input fields of a resource's outputs (which also hold computed fields). */
function inputFieldsOf(props: IntegrationOutputs): IntegrationInputs {
  return compact(pick(props, INTEGRATION_INPUT_FIELDS));
}

function outputsFromDetail(
  id: string,
  inputs: IntegrationInputs,
  detail: Partial<IntegrationDetail>,
): IntegrationOutputs {
  return compact({
    ...withoutAdoption(inputs),
    integrationId: id,
    notificationId: detail.notificationId ?? null,
    // The single-integration GET may omit integrationType (reference §5.3); derive it then.
    integrationType: detail.integrationType ?? integrationKind(inputs),
    latestRun: latestRunOrNull(detail.latestRun),
    ...auditFieldsOf(detail),
  });
}

/** The body fields of an integration as read back, in input form. */
function coreInputsOf(detail: IntegrationDetail): IntegrationInputs {
  return withBodyDefaults(detail, fromWireJob);
}
