import { ApiCaller, child, isNoErrorsAnswer, JsonObject } from "./apiCall";
import { AnaplanAuthenticator, sharedTokenCache, TokenCache } from "./auth";
import {
  CloudWorksClientOptions,
  ListOptions,
  resolveClientSettings,
  WaitForRunOptions,
} from "./clientOptions";
import { CloudWorksApiError } from "./errors";
import { HttpTransport, RetryPolicy, sleep } from "./http";
import { createLog, Log } from "./logging";
import { collectAllPages, Page } from "./pagination";
import { SecretRegistry } from "./redaction";
import { CLOUDWORKS_VERSION_PATH } from "./regions";
import { listQuery, requireId, scheduleRequest } from "./requests";
import {
  asDocumented,
  documentedItems,
  flowDetailOf,
  pagingOf,
  runErrorsOf,
  runHistoryOf,
} from "./responses";
import {
  ConnectionBody,
  ConnectionCreateRequest,
  ConnectionSummary,
  FlowDetail,
  FlowInput,
  FlowSummary,
  IntegrationDetail,
  IntegrationInput,
  IntegrationSummary,
  NotificationConfig,
  NotificationInput,
  RunError,
  RunHistory,
  RunStatus,
  ScheduleBody,
} from "./types";

/**
 * Anaplan CloudWorks 2.0 REST client: connections, integrations, runs, schedules, notifications
 * and integration flows, with Anaplan authentication (basic or CA certificate), a process-wide
 * token cache, retries with backoff, timeouts and secret-free errors.
 */
export class CloudWorksClient {
  /** CloudWorks base URL in use, without the version suffix. */
  readonly apiUrl: string;
  /** Anaplan auth base URL in use. */
  readonly authUrl: string;
  /** How long one call keeps retrying transient failures, in ms (see {@link CloudWorksClientOptions.retryBudgetMs}). */
  readonly retryBudgetMs: number;

  // Native private fields: unlike TS `private`, util.inspect and JSON.stringify never show them,
  // and these hold the credentials and the secrets seen in request bodies.
  readonly #auth: AnaplanAuthenticator;
  readonly #secrets = new SecretRegistry();
  readonly #transport: HttpTransport;
  readonly #tokens: TokenCache = sharedTokenCache;
  readonly #log: Log;
  readonly #policy: RetryPolicy;
  readonly #pageSize: number;
  readonly #api: ApiCaller;

  /**
   * Validates the configuration (region, URLs, numbers); makes no request.
   * @throws Error for an unknown region, or a plain-http URL to a non-loopback host.
   */
  constructor(options: CloudWorksClientOptions) {
    const settings = resolveClientSettings(options);
    this.apiUrl = settings.apiUrl;
    this.authUrl = settings.authUrl;
    this.#log = createLog(options.logger, this.#secrets);
    this.retryBudgetMs = settings.policy.budgetMs;
    this.#policy = settings.policy;
    this.#pageSize = settings.pageSize;
    this.#transport = new HttpTransport({
      timeoutMs: settings.timeoutMs,
      caBundlePem: options.caBundlePem,
    });
    this.#auth = new AnaplanAuthenticator({
      authUrl: this.authUrl,
      credentials: options.credentials,
      transport: this.#transport,
      policy: this.#policy,
      secrets: this.#secrets,
      log: this.#log,
    });
    this.#api = new ApiCaller({
      apiUrl: this.apiUrl,
      transport: this.#transport,
      policy: this.#policy,
      auth: this.#auth,
      tokens: this.#tokens,
      secrets: this.#secrets,
      log: this.#log,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Connections (C1–C5)
  // ---------------------------------------------------------------------------------------------

  /** Lists every connection, all pages (C2). Never includes secrets. */
  async listConnections(): Promise<ConnectionSummary[]> {
    return this.listAll<ConnectionSummary>("/integrations/connections", "connections");
  }

  /** Finds a connection by ID. The API has no GET by ID, so this lists and filters. */
  async getConnection(connectionId: string): Promise<ConnectionSummary | undefined> {
    requireId(connectionId, "connectionId");
    return (await this.listConnections()).find((item) => item.connectionId === connectionId);
  }

  /** Creates a connection (C1); the server validates the third-party credentials. Returns its ID. */
  async createConnection(input: ConnectionCreateRequest): Promise<string> {
    return this.postForId("/integrations/connections", input, "connections", "connectionId");
  }

  /** Replaces a connection with a full inner body (C3), credentials included. */
  async updateConnection(connectionId: string, body: ConnectionBody): Promise<void> {
    await this.#api.call(
      "PUT",
      `/integrations/connections/${requireId(connectionId, "connectionId")}`,
      {
        body,
      },
    );
  }

  /** Changes some fields of a connection (C4); at least one field is required. */
  async patchConnection(connectionId: string, body: Partial<ConnectionBody>): Promise<void> {
    if (!body || Object.keys(body).length === 0) {
      throw new TypeError("patchConnection needs at least one field to change");
    }
    await this.#api.call(
      "PATCH",
      `/integrations/connections/${requireId(connectionId, "connectionId")}`,
      { body },
    );
  }

  /** Deletes a connection (C5); 409 while an integration references it. */
  async deleteConnection(connectionId: string): Promise<void> {
    await this.#api.call(
      "DELETE",
      `/integrations/connections/${requireId(connectionId, "connectionId")}`,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Integrations (I1–I5)
  // ---------------------------------------------------------------------------------------------

  /** Lists every integration, all pages (I2). Summaries carry no jobs. */
  async listIntegrations(options?: ListOptions): Promise<IntegrationSummary[]> {
    return this.listAll<IntegrationSummary>("/integrations", "integrations", listQuery(options));
  }

  /** Reads one integration with its jobs (I3). */
  async getIntegration(integrationId: string): Promise<IntegrationDetail> {
    const path = `/integrations/${requireId(integrationId, "integrationId")}`;
    return asDocumented<IntegrationDetail>(await this.getObject(path, "integration"));
  }

  /** Creates an integration (I1) and returns its ID. */
  async createIntegration(input: IntegrationInput): Promise<string> {
    return this.postForId("/integrations", input, "integration", "integrationId");
  }

  /** Replaces an integration (I4). */
  async updateIntegration(integrationId: string, input: IntegrationInput): Promise<void> {
    await this.#api.call("PUT", `/integrations/${requireId(integrationId, "integrationId")}`, {
      body: input,
    });
  }

  /** Deletes an integration (I5); 409 while it runs. */
  async deleteIntegration(integrationId: string): Promise<void> {
    await this.#api.call("DELETE", `/integrations/${requireId(integrationId, "integrationId")}`);
  }

  // ---------------------------------------------------------------------------------------------
  // Runs (R1–R7)
  // ---------------------------------------------------------------------------------------------

  /** Starts a run (R1) and returns the run ID; poll it with {@link waitForRun}. */
  async runIntegration(integrationId: string): Promise<string> {
    const path = `/integrations/${requireId(integrationId, "integrationId")}/run`;
    const json = await this.#api.call("POST", path, { body: {} });
    return this.#api.requireString("POST", path, child(json, "run")?.id, "run.id");
  }

  /** Cancels the running integration (R2); 409 when it is not running. */
  async cancelIntegration(integrationId: string): Promise<void> {
    await this.#api.call(
      "POST",
      `/integrations/${requireId(integrationId, "integrationId")}/cancel`,
      {
        body: {},
      },
    );
  }

  /** Reads one page of an integration's run history (R3); default offset 0, limit 25. */
  async getRunHistory(
    integrationId: string,
    page?: { offset?: number; limit?: number },
  ): Promise<RunHistory> {
    const path = `/integrations/runs/${requireId(integrationId, "integrationId")}`;
    // offset and limit are documented as required on this endpoint, so both are always sent.
    const json = await this.#api.call("GET", path, {
      query: { offset: page?.offset ?? 0, limit: page?.limit ?? 25 },
    });
    return runHistoryOf(
      this.#api.requireObject("GET", path, json.history_of_runs, "history_of_runs"),
    );
  }

  /** Reads the status of a run (R4). */
  async getRunStatus(runId: string): Promise<RunStatus> {
    const path = `/integrations/run/${requireId(runId, "runId")}`;
    return asDocumented<RunStatus>(await this.getObject(path, "run"));
  }

  /** Reads the errors of a run (R5); `[]` when the API answers `"runs": {}`. */
  async getRunErrors(runId: string): Promise<RunError[]> {
    const json = await this.#api.call("GET", `/integrations/runerror/${requireId(runId, "runId")}`);
    return runErrorsOf(json.runs);
  }

  /** Downloads the import error dump of a run (R6); undefined when the run had no errors. */
  async getRunDumps(runId: string): Promise<string | undefined> {
    return this.dump(`/integrations/run/${requireId(runId, "runId")}/dumps`);
  }

  /** Downloads the dump of one import action inside a process run (R7); undefined when none. */
  async getProcessRunDumps(runId: string, actionId: string): Promise<string | undefined> {
    return this.dump(
      `/integrations/run/${requireId(runId, "runId")}/process/import/${requireId(actionId, "actionId")}/dumps`,
    );
  }

  /**
   * Polls the run status (R4) until `endDate` is set and returns the final status.
   * @throws CloudWorksApiError of kind `timeout` when the run does not end in time.
   */
  async waitForRun(runId: string, options?: WaitForRunOptions): Promise<RunStatus> {
    const timeoutMs = options?.timeoutMs ?? 30 * 60 * 1000;
    const pollIntervalMs = options?.pollIntervalMs ?? 5000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.getRunStatus(runId);
      if (status.endDate) {
        return status;
      }
      if (Date.now() + pollIntervalMs > deadline) {
        throw new CloudWorksApiError({
          method: "GET",
          path: `${CLOUDWORKS_VERSION_PATH}/integrations/run/${encodeURIComponent(runId)}`,
          kind: "timeout",
          mayHaveCommitted: false,
          detail: `run ${runId} did not finish within ${timeoutMs} ms (last message: ${this.#secrets.redact(String(status.message))})`,
        });
      }
      await sleep(pollIntervalMs);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Schedules (S1–S4)
  // ---------------------------------------------------------------------------------------------

  /** Adds the integration's schedule (S1; one per integration). Returns `scheduledIntegration.id` if sent. */
  async createSchedule(integrationId: string, schedule: ScheduleBody): Promise<string | undefined> {
    const json = await this.#api.call(
      "POST",
      `/integrations/${requireId(integrationId, "integrationId")}/schedule`,
      {
        body: scheduleRequest(integrationId, schedule),
      },
    );
    const id = child(json, "scheduledIntegration")?.id;
    return typeof id === "string" ? id : undefined;
  }

  /** Replaces the integration's schedule (S2). */
  async updateSchedule(integrationId: string, schedule: ScheduleBody): Promise<void> {
    await this.#api.call(
      "PUT",
      `/integrations/${requireId(integrationId, "integrationId")}/schedule`,
      {
        body: scheduleRequest(integrationId, schedule),
      },
    );
  }

  /** Removes the integration's schedule (S3). */
  async deleteSchedule(integrationId: string): Promise<void> {
    await this.#api.call(
      "DELETE",
      `/integrations/${requireId(integrationId, "integrationId")}/schedule`,
    );
  }

  /** Enables or disables the schedule (S4, a POST). */
  async setScheduleStatus(integrationId: string, status: "enabled" | "disabled"): Promise<void> {
    if (status !== "enabled" && status !== "disabled") {
      throw new TypeError(
        `schedule status must be "enabled" or "disabled", got "${String(status)}"`,
      );
    }
    await this.#api.call(
      "POST",
      `/integrations/${requireId(integrationId, "integrationId")}/schedule/status/${status}`,
      // Setting a status twice leaves the same status: repeating it after a lost answer is safe.
      { body: {}, replaySafe: true },
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Notifications (N1–N4)
  // ---------------------------------------------------------------------------------------------

  /**
   * Creates a notification config (N1) and returns its ID. Every integration already gets one
   * on creation, so for an existing integration read its `notificationId` and update instead.
   */
  async createNotification(input: NotificationInput): Promise<string> {
    return this.postForId("/integrations/notification", input, "notification", "notificationId");
  }

  /** Reads a notification config (N2); users come back resolved to objects. */
  async getNotification(notificationId: string): Promise<NotificationConfig> {
    const path = `/integrations/notification/${requireId(notificationId, "notificationId")}`;
    const json = await this.#api.call("GET", path);
    return asDocumented<NotificationConfig>(
      this.#api.requireObject(
        "GET",
        path,
        json.notifications ?? json.notification,
        "notifications",
      ),
    );
  }

  /** Replaces a notification config (N3). */
  async updateNotification(notificationId: string, input: NotificationInput): Promise<void> {
    await this.#api.call(
      "PUT",
      `/integrations/notification/${requireId(notificationId, "notificationId")}`,
      { body: input },
    );
  }

  /** Deletes a notification config (N4). */
  async deleteNotification(notificationId: string): Promise<void> {
    await this.#api.call(
      "DELETE",
      `/integrations/notification/${requireId(notificationId, "notificationId")}`,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Integration flows (F1–F6)
  // ---------------------------------------------------------------------------------------------

  /** Lists every integration flow, all pages (F2). */
  async listFlows(options?: ListOptions): Promise<FlowSummary[]> {
    return this.listAll<FlowSummary>("/integrationflows", "integrationFlows", listQuery(options));
  }

  /** Reads one flow with its steps (F3); `id` is always set. */
  async getFlow(flowId: string): Promise<FlowDetail> {
    const path = `/integrationflows/${requireId(flowId, "flowId")}`;
    return flowDetailOf(await this.getObject(path, "integrationFlow"), flowId);
  }

  /** Creates a flow (F1) and returns its ID. */
  async createFlow(input: FlowInput): Promise<string> {
    const path = "/integrationflows";
    const json = await this.#api.call("POST", path, { body: input });
    const flow = child(json, "integrationFlow");
    return this.#api.requireString(
      "POST",
      path,
      flow?.integrationFlowId ?? flow?.id ?? json.integrationFlowId,
      "integrationFlow.integrationFlowId",
    );
  }

  /** Replaces a flow (F4); there are no partial updates. */
  async updateFlow(flowId: string, input: FlowInput): Promise<void> {
    await this.#api.call("PUT", `/integrationflows/${requireId(flowId, "flowId")}`, {
      body: input,
    });
  }

  /** Deletes a flow (F5); fails while the flow or a step is running. */
  async deleteFlow(flowId: string): Promise<void> {
    await this.#api.call("DELETE", `/integrationflows/${requireId(flowId, "flowId")}`);
  }

  /** Runs a flow (F6), optionally only some steps, and returns the run ID. */
  async runFlow(flowId: string, stepsToRun?: string[]): Promise<string> {
    const path = `/integrationflows/${requireId(flowId, "flowId")}/run`;
    const json = await this.#api.call("POST", path, {
      body: stepsToRun && stepsToRun.length > 0 ? { stepsToRun } : {},
    });
    return this.#api.requireString("POST", path, child(json, "run")?.id, "run.id");
  }

  // ---------------------------------------------------------------------------------------------
  // Session
  // ---------------------------------------------------------------------------------------------

  /**
   * Revokes this identity's cached token (`POST /token/logout`) and drops it from the
   * process-wide cache; the next call authenticates again. Other clients of the same identity
   * share the cache and will re-authenticate too.
   */
  async logout(): Promise<void> {
    const token = this.#tokens.remove(this.#auth.cacheKey);
    if (token) {
      await this.#auth.logout(token.value);
    }
  }

  /** Closes pooled keep-alive sockets. Optional: idle sockets never keep the process alive. */
  close(): void {
    this.#transport.destroy();
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing
  // ---------------------------------------------------------------------------------------------

  private async listAll<T>(
    path: string,
    key: string,
    query: Record<string, string | number | undefined> = {},
  ): Promise<T[]> {
    return collectAllPages<T>(async (offset, limit): Promise<Page<T>> => {
      const json = await this.#api.call("GET", path, { query: { ...query, offset, limit } });
      const items = json[key];
      if (items !== undefined && items !== null && !Array.isArray(items)) {
        throw this.#api.protocolError("GET", path, `"${key}" is not a list`, false);
      }
      return {
        items: documentedItems<T>(items ?? []),
        paging: pagingOf(child(json, "meta")),
      };
    }, this.#pageSize);
  }

  /** GETs one object, which CloudWorks wraps in a member named `key` (e.g. `integration`). */
  private async getObject(path: string, key: string): Promise<JsonObject> {
    const json = await this.#api.call("GET", path);
    return this.#api.requireObject("GET", path, json[key], key);
  }

  /**
   * POSTs a create body and returns the new object's ID, which CloudWorks nests in the object
   * named `wrapper` (e.g. `integration.integrationId`) and some answers give at the top level.
   */
  private async postForId(
    path: string,
    body: object,
    wrapper: string,
    idKey: string,
  ): Promise<string> {
    const json = await this.#api.call("POST", path, { body });
    return this.#api.requireString(
      "POST",
      path,
      child(json, wrapper)?.[idKey] ?? json[idKey],
      `${wrapper}.${idKey}`,
    );
  }

  private async dump(path: string): Promise<string | undefined> {
    const exchange = await this.#api.exchange("GET", path, {
      accept: (status, json) => status === 404 && isNoErrorsAnswer(json),
    });
    return exchange.status === 404 ? undefined : exchange.text;
  }
}
