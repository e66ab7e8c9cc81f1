/**
 * Every endpoint the emulator serves, in one table: CloudWorks in the reference's order with its
 * IDs (§3), the auth API (§8), then the admin API. A client's author sees the whole served
 * surface here; each handler lives in its area's module.
 */
import { html404 } from "../http";
import {
  openRoute,
  tokenRoute,
  type RouteDef,
  type RouteHandler,
  type RouteTable,
} from "../router";
import * as admin from "./admin";
import * as authApi from "./auth";
import * as connections from "./connections";
import * as flows from "./flows";
import * as integrations from "./integrations";
import * as notifications from "./notifications";
import * as runs from "./runs";
import * as schedules from "./schedules";

/** The admin API answers under its own prefix, without a CloudWorks token. */
function adminRoute(method: string, pattern: string, handler: RouteHandler): RouteDef {
  return openRoute(method, `${admin.ADMIN_PREFIX}${pattern}`, handler);
}

/** CloudWorks, served under each prefix: the reference's endpoints in its order (§3). */
const CLOUDWORKS: RouteDef[] = [
  tokenRoute("POST", "/integrations/connections", connections.create), // C1
  tokenRoute("GET", "/integrations/connections", connections.list), // C2
  tokenRoute("PUT", "/integrations/connections/{connectionId}", connections.replace), // C3
  tokenRoute("PATCH", "/integrations/connections/{connectionId}", connections.patch), // C4
  tokenRoute("DELETE", "/integrations/connections/{connectionId}", connections.remove), // C5
  tokenRoute("POST", "/integrations", integrations.create), // I1
  tokenRoute("GET", "/integrations", integrations.list), // I2
  tokenRoute("GET", "/integrations/{integrationId}", integrations.read), // I3
  tokenRoute("PUT", "/integrations/{integrationId}", integrations.replace), // I4
  tokenRoute("DELETE", "/integrations/{integrationId}", integrations.remove), // I5
  // I6 was removed from the service: nginx answers 404 whoever calls (SETI live, §3).
  openRoute("GET", "/integrations/anaplanModels/{modelId}", html404), // I6
  tokenRoute("POST", "/integrations/{integrationId}/run", runs.start), // R1
  tokenRoute("POST", "/integrations/{integrationId}/cancel", runs.cancel), // R2
  tokenRoute("GET", "/integrations/runs/{integrationId}", runs.history), // R3
  tokenRoute("GET", "/integrations/run/{runId}", runs.status), // R4
  tokenRoute("GET", "/integrations/runerror/{runId}", runs.runErrors), // R5
  tokenRoute("GET", "/integrations/run/{runId}/dumps", runs.dump), // R6
  tokenRoute("GET", "/integrations/run/{runId}/process/import/{actionId}/dumps", runs.processDump), // R7
  tokenRoute("POST", "/integrations/{integrationId}/schedule", schedules.create), // S1
  tokenRoute("PUT", "/integrations/{integrationId}/schedule", schedules.replace), // S2
  tokenRoute("DELETE", "/integrations/{integrationId}/schedule", schedules.remove), // S3
  tokenRoute("POST", "/integrations/{integrationId}/schedule/status/{status}", schedules.setStatus), // S4
  tokenRoute("POST", "/integrations/notification", notifications.create), // N1
  tokenRoute("GET", "/integrations/notification/{notificationId}", notifications.read), // N2
  tokenRoute("PUT", "/integrations/notification/{notificationId}", notifications.replace), // N3
  tokenRoute("DELETE", "/integrations/notification/{notificationId}", notifications.remove), // N4
  tokenRoute("POST", "/integrationflows", flows.create), // F1
  tokenRoute("GET", "/integrationflows", flows.list), // F2
  tokenRoute("GET", "/integrationflows/{integrationFlowId}", flows.read), // F3
  tokenRoute("PUT", "/integrationflows/{integrationFlowId}", flows.replace), // F4
  tokenRoute("DELETE", "/integrationflows/{integrationFlowId}", flows.remove), // F5
  tokenRoute("POST", "/integrationflows/{integrationFlowId}/run", flows.run), // F6
];

/** The auth API (§8) and the admin API, served at the root and matched before CloudWorks. */
const ROOT: RouteDef[] = [
  openRoute("POST", "/token/authenticate", authApi.authenticate),
  openRoute("POST", "/token/refresh", authApi.refresh),
  openRoute("GET", "/token/validate", authApi.validate),
  openRoute("POST", "/token/logout", authApi.logout),
  adminRoute("GET", "/health", admin.health),
  adminRoute("GET", "/state", admin.readState),
  adminRoute("PUT", "/state", admin.replaceState),
  adminRoute("POST", "/reset", admin.reset),
  adminRoute("GET", "/counts", admin.readCounts),
  adminRoute("DELETE", "/counts", admin.clearCounts),
  adminRoute("GET", "/faults", admin.listFaults),
  adminRoute("POST", "/faults", admin.addFault),
  adminRoute("DELETE", "/faults", admin.clearFaults),
  adminRoute("DELETE", "/faults/{id}", admin.removeFault),
  adminRoute("POST", "/run-outcomes/{id}", admin.setRunOutcome),
  adminRoute("DELETE", "/run-outcomes/{id}", admin.clearRunOutcome),
  adminRoute("POST", "/expire-tokens", admin.expireTokens),
];

/**
 * @internal The emulator's routes. Order matters within each list: where two patterns match a
 * path with as many literal segments each, the first listed wins, so C3 serves
 * `PUT /integrations/connections/schedule` and S2 serves `PUT /integrations/notification/schedule`.
 */
export const ROUTES: RouteTable = { cloudWorks: CLOUDWORKS, root: ROOT };
