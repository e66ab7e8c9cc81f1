// Integration flow bodies and reads of the CloudWorks 2.0 API (shared/reference/cloudworks-api.md §7b).
// Field names are the API's own camelCase spelling; do not rename them, they go on the wire as-is.

import type { IntegrationType, LatestRun } from "./integrations";
import type { IntegrationSchedule } from "./schedules";

/** What a flow does when a step ends a given way. */
export interface FlowExceptionBehavior {
  /** The step outcome. */
  type: "failure" | "partial_success";
  /** Stop the flow or continue with the next step. */
  strategy: "stop" | "continue";
}

/** One step of a flow input. */
export interface FlowStepInput {
  /** Always `"Integration"`. */
  type: "Integration";
  /** ID of the integration this step runs. */
  referrer: string;
  /**
   * Referrers of the steps this one waits for. Required on every step after the first (the SDK
   * warns that omitting it there corrupts the flow); live-tested clients omit it on the first
   * step, and `[]` is accepted there too.
   */
  dependsOn?: string[];
  /** Skip the step when the flow runs. */
  isSkipped: boolean;
  /** Outcome handling, default failure→stop and partial_success→continue. */
  exceptionBehavior: FlowExceptionBehavior[];
}

/** Body of `POST /integrationflows` and `PUT /integrationflows/{id}` (F1, F4). */
export interface FlowInput {
  /** Unique flow name. */
  name: string;
  /** Body format version, `"2.0"`. */
  version: "2.0";
  /** Always `"IntegrationFlow"`. */
  type: "IntegrationFlow";
  /** Show the flow on UX action cards (default false); flow reads return it too. */
  nuxVisible?: boolean;
  /** 2–100 steps, at least two not skipped. */
  steps: FlowStepInput[];
}

/** One item of `GET /integrationflows` (F2). */
export interface FlowSummary {
  /** Flow ID (the list uses `id`, not `integrationFlowId`). */
  id: string;
  /** Flow name. */
  name: string;
  /** Display name of the creator. */
  createdBy: string;
  /** ISO-8601 creation time. */
  creationDate: string;
  /** ISO-8601 last modification time. */
  modificationDate: string;
  /** Display name of the last modifier. */
  modifiedBy: string;
  /** Notification config ID. */
  notificationId?: string | null;
  /** Shown on UX action cards. */
  nuxVisible?: boolean;
  /** Number of steps. */
  stepsCount: number;
  /** Latest run, if any. */
  latestRun?: LatestRun | null;
  /** The schedule, if any. */
  schedule?: IntegrationSchedule | null;
}

/** One step of a flow read. */
export interface FlowStep {
  /** ID of the integration the step runs. */
  referrer: string;
  /** Name of that integration. */
  name?: string;
  /** Kind of that integration. */
  type: IntegrationType | "Integration";
  /** Display name of the creator. */
  createdBy?: string;
  /** Creation time, `YYYY-MM-DD HH:MM:SS.ffffff+00:00`. */
  createdDate?: string;
  /** Modification time, same format as `createdDate`. */
  modifiedDate?: string;
  /** Display name of the last modifier. */
  modifiedBy?: string;
  /** Model of the integration. */
  modelId?: string;
  /** Workspace of the integration. */
  workspaceId?: string;
  /** Referrers of the steps this one waits for. */
  dependsOn: string[];
  /** Skipped when the flow runs. */
  isSkipped: boolean;
  /** Outcome handling. */
  exceptionBehavior: FlowExceptionBehavior[];
  /** Whether the caller can access the step's integration. */
  accessible?: boolean;
  /** Latest run of the step's integration. */
  latestRun?: LatestRun | null;
}

/** `integrationFlow` of `GET /integrationflows/{id}` (F3). */
export interface FlowDetail {
  /** Flow ID; the client fills it from `integrationFlowId` or the requested ID when absent. */
  id: string;
  /** Flow ID under the name the create response uses, when the server sends it. */
  integrationFlowId?: string;
  /** Flow name. */
  name: string;
  /** Body format version. */
  version?: string;
  /** Always `"IntegrationFlow"`. */
  type?: string;
  /** Display name of the creator. */
  createdBy?: string;
  /** ISO-8601 creation time. */
  creationDate?: string;
  /** ISO-8601 last modification time. */
  modificationDate?: string;
  /** Display name of the last modifier. */
  modifiedBy?: string;
  /** Notification config ID. */
  notificationId?: string | null;
  /** Shown on UX action cards. */
  nuxVisible?: boolean;
  /** The steps. */
  steps: FlowStep[];
  /** Latest run, if any. */
  latestRun?: LatestRun | null;
  /** The schedule, if any. */
  schedule?: IntegrationSchedule | null;
}
