/** N1–N4: notification configs, one per integration or flow (§7a). */
import type { EmulatorCore } from "../core";
import { LOWER_HEX_32, newId } from "../formats";
import { success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import type { StoredNotification } from "../store";
import { reject, requireObject } from "../validation";
import { caller, duplicateName, jsonBody, notFound, withSchema } from "./common";
import { integrationOrFlow } from "./tenant";

const TYPES = ["success", "partial_failure", "full_failure"];
const CHANNELS = ["email", "in_app"];
const MAX_USERS = 5;

/**
 * @internal The config every new integration and flow gets (SETI live). Its users are empty,
 * something the API itself never accepts, so clients must adopt it and PUT real users.
 */
export function autoCreateNotification(core: EmulatorCore, targetId: string): string {
  const notification: StoredNotification = {
    notificationId: newId(),
    integrationIds: [targetId],
    channels: [...CHANNELS],
    notifications: { config: TYPES.map((type) => ({ type, users: [] })) },
  };
  core.state.notifications[notification.notificationId] = notification;
  return notification.notificationId;
}

/** @internal Drop the configs of a deleted integration or flow. */
export function detachNotifications(core: EmulatorCore, targetId: string): void {
  for (const notification of Object.values(core.state.notifications)) {
    if (!notification.integrationIds.includes(targetId)) continue;
    notification.integrationIds = notification.integrationIds.filter((id) => id !== targetId);
    if (notification.integrationIds.length === 0)
      delete core.state.notifications[notification.notificationId];
  }
}

type NotificationInput = Omit<StoredNotification, "notificationId">;

function parseInput(core: EmulatorCore, ctx: RouteContext): NotificationInput {
  const input = requireObject(jsonBody(ctx));
  const { integrationIds, channels } = input;
  // "Currently supports a single ID" (Apiary).
  if (
    !Array.isArray(integrationIds) ||
    integrationIds.length !== 1 ||
    typeof integrationIds[0] !== "string"
  ) {
    reject();
  }
  if (
    !Array.isArray(channels) ||
    channels.length === 0 ||
    channels.some((c) => typeof c !== "string" || !CHANNELS.includes(c)) ||
    new Set(channels).size !== channels.length
  ) {
    reject();
  }
  const config = requireObject(input.notifications).config;
  if (!Array.isArray(config)) reject();
  const seen = new Set<string>();
  const items = config.map((raw) => {
    const item = requireObject(raw);
    if (typeof item.type !== "string" || !TYPES.includes(item.type) || seen.has(item.type))
      reject();
    seen.add(item.type);
    const users = item.users;
    // 1–5 users per type; an empty list is refused, drop the item instead (SDK).
    if (!Array.isArray(users) || users.length < 1 || users.length > MAX_USERS) reject();
    if (users.some((u) => typeof u !== "string" || !LOWER_HEX_32.test(u))) reject();
    // Whether CloudWorks checks GUIDs against the tenant's users is unknown; the option picks.
    if (
      core.options.unknownNotificationUsers === "reject" &&
      users.some((u) => core.users.byGuid(u as string) === undefined)
    )
      reject();
    return { type: item.type, users: [...(users as string[])] };
  });
  const targetId = integrationIds[0] as string;
  if (!integrationOrFlow(core.state, targetId)) notFound();
  return {
    integrationIds: [targetId],
    channels: [...(channels as string[])],
    notifications: { config: items },
  };
}

function setTargetNotification(
  core: EmulatorCore,
  targetId: string,
  notificationId: string | null,
): void {
  const target = integrationOrFlow(core.state, targetId);
  if (target?.integration) target.integration.notificationId = notificationId;
  if (target?.flow) target.flow.notificationId = notificationId;
}

/** Another config already covering the integration makes the request a duplicate (SETI live). */
function hasOtherConfig(core: EmulatorCore, targetId: string, exceptId?: string): boolean {
  return Object.values(core.state.notifications).some(
    (n) => n.notificationId !== exceptId && n.integrationIds.includes(targetId),
  );
}

/** The config the path's `notificationId` names, or 404 "Resource not found". */
function notificationOf(core: EmulatorCore, ctx: RouteContext): StoredNotification {
  return core.state.notifications[ctx.params.notificationId] ?? notFound();
}

function view(core: EmulatorCore, notification: StoredNotification): Record<string, unknown> {
  return {
    notificationId: notification.notificationId,
    integrationIds: [...notification.integrationIds],
    channels: [...notification.channels],
    notifications: {
      config: notification.notifications.config.map((item) => ({
        type: item.type,
        // Users the tenant does not know (e.g. removed, or accepted unchecked) keep their GUID
        // with empty names: null broke strict clients (anaplan-sdk models the names as str).
        users: item.users.map((userGuid) => {
          const user = core.users.byGuid(userGuid);
          return { userGuid, firstName: user?.firstName ?? "", lastName: user?.lastName ?? "" };
        }),
      })),
    },
  };
}

/** @internal N1: a notification config for an integration or flow that has none (§7a). */
export function create(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  caller(ctx);
  const input = parseInput(core, ctx);
  const targetId = input.integrationIds[0];
  if (hasOtherConfig(core, targetId)) duplicateName(core);
  const notification: StoredNotification = { notificationId: newId(), ...input };
  core.state.notifications[notification.notificationId] = notification;
  setTargetNotification(core, targetId, notification.notificationId);
  core.markDirty();
  return success({ notification: { notificationId: notification.notificationId } });
}

/** @internal N3: replace a notification config (§7a). */
export function replace(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  caller(ctx);
  const notification = notificationOf(core, ctx);
  const input = parseInput(core, ctx);
  const targetId = input.integrationIds[0];
  if (hasOtherConfig(core, targetId, notification.notificationId)) duplicateName(core);
  for (const previous of notification.integrationIds) {
    if (previous !== targetId) setTargetNotification(core, previous, null);
  }
  Object.assign(notification, input);
  setTargetNotification(core, targetId, notification.notificationId);
  core.markDirty();
  return success();
}

/** @internal N2: one notification config, with its users' names (§7a). */
export function read(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  return withSchema(ctx, "notification", { notifications: view(core, notificationOf(core, ctx)) });
}

/** @internal N4: delete a notification config (§7a). */
export function remove(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const notification = notificationOf(core, ctx);
  for (const targetId of notification.integrationIds) setTargetNotification(core, targetId, null);
  delete core.state.notifications[notification.notificationId];
  core.markDirty();
  return success();
}
