// Retries, timeouts, re-authentication and error shaping, over real sockets against a scriptable
// server that fails exactly when and how each case needs.
import * as http from "http";
import {
  CloudWorksApiError,
  CloudWorksClient,
  CloudWorksClientOptions,
} from "../../provider/client";
import {
  apiError,
  clientAt,
  ok,
  rejectionOf,
  sendJson,
  startScriptedServer,
  ScriptedServer,
  TOKEN_VALUE,
} from "./support";

const credentials = {
  kind: "basic" as const,
  username: "ops@example.com",
  password: "pw-Resilience-1",
};

let servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof startScriptedServer>[0]): Promise<ScriptedServer> {
  const server = await startScriptedServer(handler);
  servers.push(server);
  return server;
}

function clientFor(server: ScriptedServer, options: Partial<CloudWorksClientOptions> = {}) {
  return clientAt(server.url, { credentials, retryBaseDelayMs: 1, maxRetries: 4, ...options });
}

const failure = (promise: Promise<unknown>) => rejectionOf(promise, CloudWorksApiError);

const integrationInput = {
  name: "Import sales",
  version: "2.0" as const,
  workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
  modelId: "E559BFF3B1D44A6C9E1D2B3C4D5E6F70",
  jobs: [],
};

describe("requests", () => {
  test("every call sends the token, JSON content type and JSON accept headers", async () => {
    const server = await serve((req, res) => {
      if (req.method === "GET") {
        ok(res, { integration: { integrationId: "a".repeat(32), name: "x" } });
      } else {
        ok(res, { integration: { integrationId: "b".repeat(32) } });
      }
    });
    const client = clientFor(server);
    await client.getIntegration("a".repeat(32));
    await client.createIntegration(integrationInput);
    await client.deleteIntegration("b".repeat(32));
    const [auth] = server.requests;
    expect(auth.path).toBe("/token/authenticate");
    expect(auth.headers.authorization).toBe(
      `Basic ${Buffer.from("ops@example.com:pw-Resilience-1").toString("base64")}`,
    );
    const api = server.apiRequests();
    expect(api.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /2/0/integrations/${"a".repeat(32)}`,
      "POST /2/0/integrations",
      `DELETE /2/0/integrations/${"b".repeat(32)}`,
    ]);
    for (const request of api) {
      expect(request.headers.authorization).toBe(`AnaplanAuthToken ${TOKEN_VALUE}`);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers.accept).toBe("application/json");
    }
    expect(JSON.parse(api[1].body)).toEqual(integrationInput);
  });

  test("an error envelope inside an HTTP 200 is an error", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { status: { code: 400, message: "Invalid request body" } }),
    );
    const error = await failure(clientFor(server).getRunStatus("r".repeat(32)));
    expect(error.status).toBe(400);
    expect(error.apiMessage).toBe("Invalid request body");
  });

  test("an unrouted path's HTML 404 becomes a readable error", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404, { "Content-Type": "text/html" }).end("<html><body>nginx</body></html>");
    });
    const error = await failure(clientFor(server).getIntegration("c".repeat(32)));
    expect(error.message).toBe(
      `CloudWorks GET /2/0/integrations/${"c".repeat(32)} failed: 404 Not Found (non-JSON text/html response: the path is not routed). Fix: check cloudworks:apiUrl (or CLOUDWORKS_API_URL): it must be the CloudWorks API base URL.`,
    );
  });

  test("errors carry method, path without query, status, API message and trace id", async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 400, {
        status: { code: 400, message: "Credentials are invalid" },
        traceId: "5f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b",
      }),
    );
    const error = await failure(
      clientFor(server).createConnection({
        type: "AmazonS3",
        body: {
          name: "s3",
          accessKeyId: "AKIAEXAMPLE",
          secretAccessKey: "s3cr3t/Key+1",
          bucketName: "b",
        },
      }),
    );
    expect(error.message).toBe(
      "CloudWorks POST /2/0/integrations/connections failed: 400 Credentials are invalid (traceId 5f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b)",
    );
    expect(error).toMatchObject({
      method: "POST",
      path: "/2/0/integrations/connections",
      status: 400,
      apiMessage: "Credentials are invalid",
      traceId: "5f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b",
      kind: "http",
      mayHaveCommitted: false,
    });
    expect(server.apiRequests()).toHaveLength(1);
  });
});

describe("retries", () => {
  test("a POST refused with 429 is retried after Retry-After seconds", async () => {
    const server = await serve((_req, res, n) => {
      if (n === 1) {
        apiError(res, 429, "Too Many Requests", { "Retry-After": "1" });
      } else {
        ok(res, { integration: { integrationId: "d".repeat(32) } });
      }
    });
    const started = Date.now();
    await expect(clientFor(server).createIntegration(integrationInput)).resolves.toBe(
      "d".repeat(32),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.apiRequests()).toHaveLength(2);
  });

  test("a GET answered 503 is retried after a Retry-After HTTP date", async () => {
    const server = await serve((_req, res, n) => {
      if (n === 1) {
        // HTTP dates have one-second resolution: two seconds ahead is at least one second away.
        const when = new Date(Date.now() + 2000).toUTCString();
        apiError(res, 503, "Service Unavailable", { "Retry-After": when });
      } else {
        ok(res, { run: { id: "e".repeat(32), endDate: null } });
      }
    });
    const started = Date.now();
    const status = await clientFor(server).getRunStatus("e".repeat(32));
    expect(status.id).toBe("e".repeat(32));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.apiRequests()).toHaveLength(2);
  });

  test.each([500, 502, 503, 504])("idempotent requests are retried on %i", async (code) => {
    const server = await serve((_req, res, n) => {
      if (n <= 2) {
        apiError(res, code, "gateway trouble");
      } else {
        ok(res);
      }
    });
    const client = clientFor(server);
    await client.updateFlow("f".repeat(32), {
      name: "flow",
      version: "2.0",
      type: "IntegrationFlow",
      steps: [],
    });
    expect(server.apiRequests().map((r) => r.method)).toEqual(["PUT", "PUT", "PUT"]);
  });

  test("retries stop after maxRetries and the error says how many attempts were made", async () => {
    const server = await serve((_req, res) => apiError(res, 503, "Service Unavailable"));
    const error = await failure(clientFor(server, { maxRetries: 2 }).listConnections());
    expect(server.apiRequests()).toHaveLength(3);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(
      /^CloudWorks GET \/2\/0\/integrations\/connections failed: 503 Service Unavailable after 3 attempts in [\d.]+ s$/,
    );
    expect(error.mayHaveCommitted).toBe(false);
  });

  test("a Retry-After beyond the retry budget ends the retries at once", async () => {
    const server = await serve((_req, res) =>
      apiError(res, 429, "slow down", { "Retry-After": "120" }),
    );
    const error = await failure(clientFor(server, { maxRetryDelayMs: 1000 }).listFlows());
    expect(error.status).toBe(429);
    expect(server.apiRequests()).toHaveLength(1);
  });

  test.each([500, 502, 503, 504])(
    "a POST answered %i is not retried and may have committed",
    async (code) => {
      const server = await serve((_req, res) => apiError(res, code, "Internal error"));
      const error = await failure(clientFor(server).createIntegration(integrationInput));
      expect(server.apiRequests()).toHaveLength(1);
      expect(error.status).toBe(code);
      expect(error.mayHaveCommitted).toBe(true);
      expect(error.message).toContain("may have been applied");
    },
  );

  test("a PATCH answered 503 is not retried either", async () => {
    const server = await serve((_req, res) => apiError(res, 503, "busy"));
    const error = await failure(
      clientFor(server).patchConnection("1".repeat(32), { name: "renamed" }),
    );
    expect(server.apiRequests()).toHaveLength(1);
    expect(error.mayHaveCommitted).toBe(true);
  });

  test("a POST whose connection is reset after sending is not retried and may have committed", async () => {
    const server = await serve((_req, res) => res.socket?.destroy());
    const error = await failure(clientFor(server).runIntegration("2".repeat(32)));
    expect(server.apiRequests()).toHaveLength(1);
    expect(error.kind).toBe("network");
    expect(error.mayHaveCommitted).toBe(true);
    expect(error.message).toMatch(
      /^CloudWorks POST \/2\/0\/integrations\/2{32}\/run failed: network error ECONNRESET/,
    );
  });

  test("a GET whose connection is reset is retried", async () => {
    const server = await serve((_req, res, n) => {
      if (n < 3) {
        res.socket?.destroy();
      } else {
        ok(res, {
          connections: [],
          meta: { paging: { currentPageSize: 0, totalSize: 0, offset: 0 } },
        });
      }
    });
    await expect(clientFor(server).listConnections()).resolves.toEqual([]);
    expect(server.apiRequests()).toHaveLength(3);
  });

  test("a DELETE whose connection is reset is retried", async () => {
    const server = await serve((_req, res, n) => (n === 1 ? res.socket?.destroy() : ok(res)));
    await clientFor(server).deleteSchedule("3".repeat(32));
    expect(server.apiRequests().map((r) => r.method)).toEqual(["DELETE", "DELETE"]);
  });

  test("a refused connection is retried for GET, and for POST too since nothing was sent; neither can have committed", async () => {
    const auth = await serve(() => undefined);
    const closed = await startScriptedServer(() => undefined);
    await closed.close();
    const client = new CloudWorksClient({
      credentials,
      apiUrl: closed.url,
      authUrl: auth.url,
      retryBaseDelayMs: 1,
      maxRetries: 2,
    });
    const get = await failure(client.listIntegrations());
    expect(get).toMatchObject({ kind: "network", attempts: 3, mayHaveCommitted: false });
    expect(get.message).toContain("ECONNREFUSED");
    const post = await failure(client.createIntegration(integrationInput));
    expect(post).toMatchObject({ kind: "network", attempts: 3, mayHaveCommitted: false });
  });

  test("retries are logged as warnings", async () => {
    const lines: string[] = [];
    const server = await serve((_req, res, n) => (n === 1 ? apiError(res, 503, "busy") : ok(res)));
    await clientFor(server, {
      logger: (level, message) => lines.push(`${level}: ${message}`),
    }).deleteFlow("4".repeat(32));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^warn: CloudWorks DELETE \/2\/0\/integrationflows\/4{32} attempt 1 failed \(503\); retrying in \d+ ms$/,
      ),
    );
  });
});

describe("timeouts", () => {
  const hang = () => undefined; // never answers

  test("a hanging GET times out, is retried, then fails with kind timeout", async () => {
    const server = await serve(hang);
    const started = Date.now();
    const error = await failure(
      clientFor(server, { timeoutMs: 300, maxRetries: 1 }).getFlow("5".repeat(32)),
    );
    expect(error.kind).toBe("timeout");
    expect(error.mayHaveCommitted).toBe(false);
    expect(error.message).toMatch(
      new RegExp(
        `^CloudWorks GET /2/0/integrationflows/${"5".repeat(32)} failed: no response within 300 ms after 2 attempts in [\\d.]+ s$`,
      ),
    );
    expect(server.apiRequests()).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a hanging POST times out once and may have committed", async () => {
    const server = await serve(hang);
    const error = await failure(
      clientFor(server, { timeoutMs: 300 }).createFlow({
        name: "flow",
        version: "2.0",
        type: "IntegrationFlow",
        steps: [],
      }),
    );
    expect(error).toMatchObject({ kind: "timeout", mayHaveCommitted: true, attempts: 1 });
    expect(server.apiRequests()).toHaveLength(1);
  });

  test("a response body that stalls half-way also times out", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "1000" });
      res.write('{"status":');
    });
    const error = await failure(clientFor(server, { timeoutMs: 300, maxRetries: 0 }).listFlows());
    expect(error.kind).toBe("timeout");
  });
});

describe("re-authentication", () => {
  test("a 401 invalidates the token, authenticates again once and repeats the request", async () => {
    const server = await serve((_req, res, n) =>
      n === 1 ? apiError(res, 401, "Unauthorized") : ok(res),
    );
    await clientFor(server).deleteNotification("6".repeat(32));
    expect(
      server.requests.map((r) => `${r.method} ${r.path.split("/").slice(0, 5).join("/")}`),
    ).toEqual([
      "POST /token/authenticate",
      "DELETE /2/0/integrations/notification",
      "POST /token/authenticate",
      "DELETE /2/0/integrations/notification",
    ]);
  });

  test("a second 401 is reported as an auth failure without looping", async () => {
    const server = await serve((_req, res) => apiError(res, 401, "Unauthorized"));
    const error = await failure(clientFor(server).createIntegration(integrationInput));
    expect(error).toMatchObject({ kind: "auth", status: 401, mayHaveCommitted: false });
    expect(server.requests.filter((r) => r.path === "/token/authenticate")).toHaveLength(2);
    expect(server.apiRequests()).toHaveLength(2);
  });

  test("403 Not Permitted (missing role) is not mistaken for an expired token", async () => {
    const server = await serve((_req, res) => apiError(res, 403, "Not Permitted"));
    const error = await failure(clientFor(server).listIntegrations());
    expect(error).toMatchObject({ kind: "http", status: 403, apiMessage: "Not Permitted" });
    expect(server.requests.filter((r) => r.path === "/token/authenticate")).toHaveLength(1);
  });
});

describe("pagination", () => {
  test("follows currentPageSize when the server silently caps limit", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ connectionId: String(i).repeat(32) }));
    const server = await serve((req, res) => {
      const query = new URL(req.path, "http://x").searchParams;
      const offset = Number(query.get("offset"));
      const page = all.slice(offset, offset + 2); // caps any limit at 2
      ok(res, {
        connections: page,
        meta: { paging: { currentPageSize: page.length, totalSize: all.length, offset } },
      });
    });
    const items = await clientFor(server, { pageSize: 50 }).listConnections();
    expect(items.map((c) => c.connectionId)).toEqual(all.map((c) => c.connectionId));
    expect(server.apiRequests().map((r) => r.path)).toEqual([
      "/2/0/integrations/connections?offset=0&limit=50",
      "/2/0/integrations/connections?offset=2&limit=50",
      "/2/0/integrations/connections?offset=4&limit=50",
    ]);
  });
});

describe("proxies", () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy };
  afterEach(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[key];
      } else {
        process.env[key] = value;
      }
    }
  });

  test("loopback targets never go through HTTP_PROXY", async () => {
    const proxied: string[] = [];
    const proxy = http.createServer((req, res) => {
      proxied.push(`${req.method} ${req.url}`);
      res.writeHead(502).end();
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const address = proxy.address() as { port: number };
      process.env.HTTP_PROXY = `http://127.0.0.1:${address.port}`;
      process.env.http_proxy = process.env.HTTP_PROXY;
      const server = await serve((_req, res) => ok(res, { run: { id: "7".repeat(32) } }));
      await expect(clientFor(server).runIntegration("7".repeat(32))).resolves.toBe("7".repeat(32));
      expect(proxied).toEqual([]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
