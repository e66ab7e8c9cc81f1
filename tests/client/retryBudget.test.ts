// The time-budgeted retry policy over real HTTP: how long and how often a call tries, what its
// error then says, Retry-After, 500 retried for GET but never blindly for POST, the login, an
// emulator restart ridden out, a wrong URL failing fast, and the stack config key that sets it.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { RunningEmulator, startEmulator } from "../../emulator";
import {
  AnaplanAuthError,
  CloudWorksApiError,
  CloudWorksClient,
  CloudWorksClientOptions,
} from "../../provider/client";
import {
  ProviderConfigurationError,
  resolveClientOptions,
  setProviderConfig,
} from "../../provider/dynamic/settings";
import { ConnectionProvider } from "../../provider/dynamic";
import { configureFor, countOf, NIGHTLY, s3Connection } from "../dynamic/support";
import {
  apiError,
  clientAt,
  closedPortUrl,
  importIntegrationInput,
  ok,
  rejectionOf,
  s3ConnectionInput,
  startScriptedServer,
  ScriptedServer,
} from "./support";

const PASSWORD = "pw-Budget-7c1e";
const credentials = { kind: "basic" as const, username: "demo@example.com", password: PASSWORD };
const CONNECTIONS = "/2/0/integrations/connections";
const s3 = (name: string) => s3ConnectionInput(name, "budget-bucket");

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function serve(handler: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const server = await startScriptedServer(handler);
  closers.push(() => server.close());
  return server;
}

async function emulatorWith(options: Parameters<typeof startEmulator>[0] = {}) {
  const emulator = await startEmulator({
    port: 0,
    users: [{ username: credentials.username, password: PASSWORD }],
    ...options,
  });
  closers.push(() => emulator.stop());
  return emulator;
}

function clientFor(url: string, options: Partial<CloudWorksClientOptions> = {}) {
  const client = clientAt(url, { credentials, ...options });
  closers.push(() => client.close());
  return client;
}

describe("the time budget", () => {
  test("a call keeps retrying until its budget is spent, and the error says how long, how often and what to change", async () => {
    const server = await serve((_req, res) => apiError(res, 503, "Service Unavailable"));
    const started = Date.now();
    const error = await rejectionOf(
      clientFor(server.url, { retryBudgetMs: 1500, retryBaseDelayMs: 50 }).listConnections(),
      CloudWorksApiError,
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(5000);
    expect(error).toBeInstanceOf(CloudWorksApiError);
    expect(error.attempts).toBe(server.apiRequests().length);
    expect(error.attempts).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(
      /^CloudWorks GET \/2\/0\/integrations\/connections failed: 503 Service Unavailable after \d+ attempts in [\d.]+ s \(the retry budget of 1\.5 s is spent; raise the client's retryBudgetMs option to keep trying longer\)$/,
    );
  });

  test("a budget of 0 makes a single attempt", async () => {
    const server = await serve((_req, res) => apiError(res, 500, "Internal error"));
    const error = await rejectionOf(
      clientFor(server.url, { retryBudgetMs: 0 }).getIntegration("a".repeat(32)),
      CloudWorksApiError,
    );
    expect(server.apiRequests()).toHaveLength(1);
    expect(error.message).toMatch(
      /failed: 500 Internal error after 1 attempt in [\d.]+ s \(the retry budget of 0 s is spent; /,
    );
  });

  test("a Retry-After longer than the backoff cap is honoured while it fits in the budget", async () => {
    const server = await serve((_req, res, n) =>
      n === 1
        ? apiError(res, 503, "busy", { "Retry-After": "1" })
        : ok(res, { integrationFlows: [] }),
    );
    const started = Date.now();
    await clientFor(server.url, { maxRetryDelayMs: 100, retryBaseDelayMs: 1 }).listFlows();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.apiRequests()).toHaveLength(2);
  });

  test("a Retry-After beyond the budget ends the call at once and says so", async () => {
    const server = await serve((_req, res) =>
      apiError(res, 429, "slow down", { "Retry-After": "30" }),
    );
    const started = Date.now();
    const error = await rejectionOf(
      clientFor(server.url, { retryBudgetMs: 5000 }).listFlows(),
      CloudWorksApiError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.apiRequests()).toHaveLength(1);
    expect(error.message).toMatch(
      /failed: 429 slow down after 1 attempt in [\d.]+ s \(the server asked to wait 30 s, beyond the retry budget of 5 s; raise the client's retryBudgetMs option to keep trying longer\)$/,
    );
  });
});

describe("500 and the method rules, against the emulator", () => {
  let emulator: RunningEmulator;
  let client: CloudWorksClient;
  beforeEach(async () => {
    emulator = await emulatorWith();
    client = clientFor(emulator.url, { retryBaseDelayMs: 10 });
  });

  test("a GET answered 500 is retried until it succeeds", async () => {
    emulator.faults.add({
      method: "GET",
      path: CONNECTIONS,
      kind: "status",
      status: 500,
      times: 3,
    });
    await expect(client.listConnections()).resolves.toEqual([]);
    expect(countOf(emulator, `GET ${CONNECTIONS}`)).toBe(4);
  });

  test("a PUT and a DELETE answered 500 are retried", async () => {
    const id = await client.createConnection(s3("Retried writes"));
    emulator.faults.add({
      method: "PUT",
      path: `${CONNECTIONS}/*`,
      kind: "status",
      status: 500,
      nth: 1,
    });
    emulator.faults.add({
      method: "DELETE",
      path: `${CONNECTIONS}/*`,
      kind: "status",
      status: 500,
      nth: 1,
    });
    await client.updateConnection(id, { ...s3("Retried writes").body, bucketName: "other" });
    expect(emulator.state.connections[id].body.bucketName).toBe("other");
    await client.deleteConnection(id);
    expect(emulator.state.connections[id]).toBeUndefined();
    expect(countOf(emulator, `PUT ${CONNECTIONS}/{id}`)).toBe(2);
    expect(countOf(emulator, `DELETE ${CONNECTIONS}/{id}`)).toBe(2);
  });

  test("a POST answered 500 is not retried blindly: one request, flagged as possibly applied", async () => {
    emulator.faults.add({ method: "POST", path: CONNECTIONS, kind: "status", status: 500, nth: 1 });
    const error = await rejectionOf(client.createConnection(s3("Not twice")), CloudWorksApiError);
    expect(error).toMatchObject({ status: 500, mayHaveCommitted: true, attempts: 1 });
    expect(error.message).toBe(
      "CloudWorks POST /2/0/integrations/connections failed: 500 Internal server error; the request may have been applied, look the object up before retrying",
    );
    expect(countOf(emulator, `POST ${CONNECTIONS}`)).toBe(1);
  });

  test("a DELETE whose first attempt was applied but answered 500 succeeds on the 404 of its retry", async () => {
    const id = await client.createConnection(s3("Deleted once"));
    emulator.faults.add({
      method: "DELETE",
      path: `${CONNECTIONS}/*`,
      kind: "commitThenFail",
      nth: 1,
    });
    await client.deleteConnection(id);
    expect(emulator.state.connections[id]).toBeUndefined();
    expect(countOf(emulator, `DELETE ${CONNECTIONS}/{id}`)).toBe(2);
  });

  test("a DELETE of something that was never there still fails with 404", async () => {
    const error = await rejectionOf(client.deleteConnection("b".repeat(32)), CloudWorksApiError);
    expect(error.status).toBe(404);
  });

  test("setting a schedule's status is repeated after a lost answer: it sets a state", async () => {
    const connectionId = await client.createConnection(s3("Status source"));
    const integrationId = await client.createIntegration(
      importIntegrationInput("Status check", connectionId, "in/x.csv"),
    );
    await client.createSchedule(integrationId, NIGHTLY);
    emulator.faults.add({
      method: "POST",
      path: "/2/0/integrations/*/schedule/status/*",
      kind: "drop",
      nth: 1,
    });
    await client.setScheduleStatus(integrationId, "disabled");
    expect(emulator.state.integrations[integrationId].schedule?.status).toBe("Inactive");
    expect(countOf(emulator, "POST /2/0/integrations/{id}/schedule/status/{status}")).toBe(2);
  });
});

describe("the login", () => {
  test("is retried on 500, 503 and a reset", async () => {
    const emulator = await emulatorWith();
    emulator.faults.add({ path: "/token/authenticate", kind: "status", status: 500, nth: 1 });
    emulator.faults.add({ path: "/token/authenticate", kind: "status", status: 503, nth: 2 });
    emulator.faults.add({ path: "/token/authenticate", kind: "reset", nth: 3 });
    await clientFor(emulator.url, { retryBaseDelayMs: 10 }).listConnections();
    expect(countOf(emulator, "POST /token/authenticate")).toBe(4);
  });

  test("gives up when its budget is spent, saying so without the password", async () => {
    const emulator = await emulatorWith();
    emulator.faults.add({ path: "/token/authenticate", kind: "status", status: 500 });
    const error = await rejectionOf(
      clientFor(emulator.url, {
        retryBudgetMs: 800,
        retryBaseDelayMs: 50,
        retryBudgetHint: "to keep trying longer, set cloudworks:retryBudgetSeconds",
      }).listConnections(),
      AnaplanAuthError,
    );
    expect(error).toBeInstanceOf(AnaplanAuthError);
    expect(error.attempts).toBe(countOf(emulator, "POST /token/authenticate"));
    expect(error.message).toMatch(
      /^Anaplan authentication \(POST \/token\/authenticate\) failed: 500 after \d+ attempts in [\d.]+ s \(the retry budget of 0\.8 s is spent; to keep trying longer, set cloudworks:retryBudgetSeconds\)$/,
    );
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain(PASSWORD);
  });
});

describe("outages and wrong URLs", () => {
  test("an emulator restart of 3 s is ridden out by a GET and by a POST sent while it is down", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-budget-"));
    closers.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const options = {
      stateFile: path.join(dir, "tenant.json"),
      users: [{ username: credentials.username, password: PASSWORD }],
    };
    const first = await startEmulator({ port: 0, ...options });
    const client = clientFor(first.url);
    await client.listConnections(); // the host has answered: an outage now is ridden out
    await first.stop();
    const started = Date.now();
    const get = client.listConnections();
    const post = client.createConnection(s3("Made during the outage"));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const second = await startEmulator({ port: first.port, ...options });
    closers.push(() => second.stop());
    // The two run concurrently: the list may or may not include the new connection.
    expect((await get).length).toBeLessThanOrEqual(1);
    const id = await post;
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    // Refused connections carried nothing, so the POST was repeated, and made exactly one object.
    expect(Object.keys(second.state.connections)).toEqual([id]);
  });

  test("a host that never answered fails after a few seconds, not the whole budget", async () => {
    const live = await serve(() => undefined);
    const client = new CloudWorksClient({
      credentials,
      apiUrl: await closedPortUrl(),
      authUrl: live.url,
    });
    closers.push(() => client.close());
    const started = Date.now();
    const error = await rejectionOf(client.listIntegrations(), CloudWorksApiError);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(4500);
    expect(elapsed).toBeLessThan(15_000);
    expect(error).toMatchObject({ kind: "network", mayHaveCommitted: false });
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain(
      "(the host has not answered since the client started, so it is retried for 5 s only, not for the whole retry budget: check the URL)",
    );
  });
});

describe("cloudworks:retryBudgetSeconds", () => {
  const saved = process.env.CLOUDWORKS_RETRY_BUDGET_SECONDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.CLOUDWORKS_RETRY_BUDGET_SECONDS;
    else process.env.CLOUDWORKS_RETRY_BUDGET_SECONDS = saved;
    setProviderConfig(undefined);
  });
  const configure = (config: Record<string, string>) =>
    setProviderConfig({
      get: (key) => ({ "cloudworks:username": "u", "cloudworks:password": "p", ...config })[key],
    });

  test("sets the budget from stack config, falling back to CLOUDWORKS_RETRY_BUDGET_SECONDS", () => {
    process.env.CLOUDWORKS_RETRY_BUDGET_SECONDS = "90";
    configure({});
    expect(resolveClientOptions().retryBudgetMs).toBe(90_000);
    configure({ "cloudworks:retryBudgetSeconds": "2.5" });
    expect(resolveClientOptions()).toMatchObject({
      retryBudgetMs: 2500,
      retryBudgetHint:
        "to keep trying longer, set cloudworks:retryBudgetSeconds (or CLOUDWORKS_RETRY_BUDGET_SECONDS)",
    });
  });

  test("leaves the client's 60 s default when unset, and rejects a value that is not a duration", () => {
    delete process.env.CLOUDWORKS_RETRY_BUDGET_SECONDS;
    configure({});
    expect(resolveClientOptions().retryBudgetMs).toBeUndefined();
    expect(new CloudWorksClient(resolveClientOptions()).retryBudgetMs).toBe(60_000);
    configure({ "cloudworks:retryBudgetSeconds": "soon" });
    expect(() => resolveClientOptions()).toThrow(ProviderConfigurationError);
    expect(() => resolveClientOptions()).toThrow(
      'cloudworks:retryBudgetSeconds must be a number of seconds >= 0, got "soon"',
    );
  });
});

describe("a create under repeated ambiguous failures (provider layer)", () => {
  let emulator: RunningEmulator;
  const provider = new ConnectionProvider();
  beforeEach(async () => {
    // The default user, whom configureFor logs in as.
    emulator = await startEmulator({ port: 0 });
    closers.push(() => emulator.stop());
    configureFor(emulator);
  });
  afterEach(() => setProviderConfig(undefined));
  const connection = (name: string) => s3Connection(name, { bucketName: "budget-bucket" });

  test("keeps looking up and posting again until one POST lands, making exactly one object", async () => {
    emulator.faults.add({
      method: "POST",
      path: CONNECTIONS,
      kind: "status",
      status: 503,
      times: 2,
    });
    emulator.faults.add({ method: "POST", path: CONNECTIONS, kind: "reset", nth: 3 });
    const created = await provider.create(connection("Third time lucky"));
    expect(Object.keys(emulator.state.connections)).toEqual([created.id]);
    expect(countOf(emulator, `POST ${CONNECTIONS}`)).toBe(4);
  });

  test("gives up when the budget is spent, saying what it tried and which key gives it more time", async () => {
    configureFor(emulator, { "cloudworks:retryBudgetSeconds": "1" });
    emulator.faults.add({ method: "POST", path: CONNECTIONS, kind: "status", status: 503 });
    const error = await rejectionOf(provider.create(connection("Never made")), Error);
    expect(error.message).toMatch(
      /^CloudWorksConnection "Never made": create \(\d+ attempts in [\d.]+ s\) failed: CloudWorks POST \/2\/0\/integrations\/connections failed: 503 Service Unavailable; the request may have been applied, look the object up before retrying\. After each failed attempt a lookup by name found no connection, so none was made; the retry budget of 1 s is spent: to keep trying longer, set cloudworks:retryBudgetSeconds \(or CLOUDWORKS_RETRY_BUDGET_SECONDS\)\.$/,
    );
    expect(error.message).not.toContain("wJalrXUtnFEMI");
    expect(emulator.state.connections).toEqual({});
    expect(countOf(emulator, `POST ${CONNECTIONS}`)).toBeGreaterThanOrEqual(2);
  });
});
