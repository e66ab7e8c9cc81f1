/**
 * An integration or flow joining and leaving the tenant, which both do the same way: the cap
 * they count against on the way in, the notification config they come with, and the configs
 * and run history that go with them on the way out.
 */
import type { EmulatorCore } from "../core";
import { autoCreateNotification, detachNotifications } from "./notifications";
import { forgetRuns } from "./runHistory";
import { checkTenantCap } from "./tenant";

/**
 * @internal Store a new integration or flow under `id`, or 409 when the tenant is full. Every
 * new one comes with a notification config (SETI live for integrations; flow list items carry a
 * `notificationId` too, so flows get the same automatic config).
 */
export function addToTenant<T extends { notificationId: string | null }>(
  core: EmulatorCore,
  members: Record<string, T>,
  id: string,
  member: T,
): void {
  checkTenantCap(core);
  members[id] = member;
  member.notificationId = autoCreateNotification(core, id);
  core.markDirty();
}

/**
 * @internal Delete an integration or flow, its notification configs and its run history: no
 * read can reach them any more. Whether it may go (not running, not referenced) is the caller's.
 */
export function removeFromTenant(
  core: EmulatorCore,
  members: Record<string, unknown>,
  id: string,
): void {
  detachNotifications(core, id);
  forgetRuns(core.state, id);
  delete members[id];
  core.markDirty();
}
