/**
 * Integrations and flows as one population of the tenant (one name space, one cap, one ID
 * lookup), and the audit stamps every record of the tenant gets.
 */
import type { EmulatorCore } from "../core";
import { isoDate } from "../formats";
import { ApiError } from "../http";
import type { AuditFields, StoredFlow, StoredIntegration, TenantState } from "../store";
import type { UserRecord } from "../users";

/**
 * @internal Integrations and flows are listed together in the UI and counted together against
 * the tenant cap, so the emulator gives them one name space (case-sensitive, as sent).
 */
export function integrationNameTaken(state: TenantState, name: string, exceptId?: string): boolean {
  return (
    Object.values(state.integrations).some(
      (i) => i.name === name && i.integrationId !== exceptId,
    ) || Object.values(state.integrationFlows).some((f) => f.name === name && f.id !== exceptId)
  );
}

/** @internal Integrations plus flows, the number `tenantCurrentCount` reports. */
export function tenantCount(state: TenantState): number {
  return Object.keys(state.integrations).length + Object.keys(state.integrationFlows).length;
}

/** @internal 409 when the tenant already holds the maximum of integrations and flows. */
export function checkTenantCap(core: EmulatorCore): void {
  if (tenantCount(core.state) >= core.options.maxIntegrations) {
    throw new ApiError(409, "Total number of integrations exceeded the limit");
  }
}

/** @internal The integration or flow an ID names (schedules, notifications and runs take both). */
export function integrationOrFlow(
  state: TenantState,
  id: string,
): { integration?: StoredIntegration; flow?: StoredFlow } | undefined {
  const integration = state.integrations[id];
  if (integration) return { integration };
  const flow = state.integrationFlows[id];
  return flow ? { flow } : undefined;
}

/**
 * @internal The audit fields of a new integration or flow, in the order their stored records
 * and GETs list them; created and modified share one timestamp.
 */
export function creationStamp(user: UserRecord): AuditFields {
  const now = isoDate();
  return {
    createdBy: user.displayName,
    creationDate: now,
    modificationDate: now,
    modifiedBy: user.displayName,
  };
}

/** @internal The audit fields a change updates (connections, integrations, flows). */
export function modificationStamp(
  user: UserRecord,
): Pick<AuditFields, "modificationDate" | "modifiedBy"> {
  return { modificationDate: isoDate(), modifiedBy: user.displayName };
}
