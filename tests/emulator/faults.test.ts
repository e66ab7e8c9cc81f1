/** Fault injection: latency, injected statuses, resets, commit-then-fail, drops, rate limits. */
import { startEmulator } from "../../emulator";
import {
  Api,
  basicHeader,
  DEMO,
  login,
  request,
  s3Connection,
  startWithApi,
  uniqueName,
  useEmulatorWithApi,
} from "./support";

async function timed<T>(action: () => Promise<T>): Promise<[T, number]> {
  const start = Date.now();
  const value = await action();
  return [value, Date.now() - start];
}

describe("fault injection", () => {
  const harness = useEmulatorWithApi();
  afterEach(() => harness.emu.faults.clear());

  const connectionCount = (): number => Object.keys(harness.emu.state.connections).length;

  it("adds latency to matching requests only", async () => {
    harness.emu.faults.add({
      kind: "latency",
      latencyMs: 150,
      method: "GET",
      path: "/2/0/integrations/*",
    });
    const [slow, slowMs] = await timed(() => harness.api.get("/integrations/connections"));
    expect(slow.status).toBe(200);
    expect(slowMs).toBeGreaterThanOrEqual(140);
    const [, fastMs] = await timed(() => harness.api.get("/integrations"));
    expect(fastMs).toBeLessThan(140);
  });

  it("answers the N-th matching request with 429 and Retry-After", async () => {
    harness.emu.faults.add({
      kind: "status",
      status: 429,
      retryAfterSeconds: 7,
      nth: 2,
      path: "/2/0/integrations/connections",
    });
    expect((await harness.api.get("/integrations/connections")).status).toBe(200);
    const limited = await harness.api.get("/integrations/connections");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.json.status).toEqual({ code: 429, message: "Too Many Requests" });
    expect((await harness.api.get("/integrations/connections")).status).toBe(200);
    expect(harness.emu.faults.list()[0]).toMatchObject({ matched: 3, fired: 1 });
  });

  it("injects 500 and 503 without applying the write", async () => {
    const before = connectionCount();
    harness.emu.faults.add({
      kind: "status",
      status: 503,
      method: "POST",
      path: "/2/0/integrations/connections",
      times: 1,
    });
    const unavailable = await harness.api.post("/integrations/connections", s3Connection());
    expect(unavailable.status).toBe(503);
    expect(unavailable.json.status.code).toBe(503);
    harness.emu.faults.add({
      kind: "status",
      status: 500,
      method: "POST",
      path: "/2/0/integrations/connections",
      times: 1,
    });
    const failed = await harness.api.post("/integrations/connections", s3Connection());
    expect(failed.status).toBe(500);
    expect(failed.json.status).toEqual({ code: 500, message: "Internal server error" });
    expect(connectionCount()).toBe(before);
    expect((await harness.api.post("/integrations/connections", s3Connection())).status).toBe(200);
  });

  it("fires on a percentage of requests, after a number of passes and a number of times", async () => {
    harness.emu.faults.add({ kind: "status", status: 500, percent: 0, path: "/2/0/**" });
    for (let i = 0; i < 5; i++) expect((await harness.api.get("/integrations")).status).toBe(200);
    harness.emu.faults.clear();
    harness.emu.faults.add({
      kind: "status",
      status: 503,
      percent: 100,
      after: 1,
      times: 2,
      path: "/2/0/**",
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await harness.api.get("/integrations")).status);
    expect(statuses).toEqual([200, 503, 503, 200, 200]);
  });

  it("resets the connection without applying the request", async () => {
    const before = connectionCount();
    harness.emu.faults.add({
      kind: "reset",
      method: "POST",
      path: "/2/0/integrations/connections",
      nth: 1,
    });
    await expect(harness.api.post("/integrations/connections", s3Connection())).rejects.toThrow();
    expect(connectionCount()).toBe(before);
  });

  it("commit-then-fail applies the write and answers 500", async () => {
    const name = uniqueName("Committed");
    harness.emu.faults.add({
      kind: "commitThenFail",
      method: "POST",
      path: "/2/0/integrations/connections",
      nth: 1,
    });
    const reply = await harness.api.post("/integrations/connections", s3Connection(name));
    expect(reply.status).toBe(500);
    expect(reply.json.status).toEqual({ code: 500, message: "Internal server error" });
    expect(Object.values(harness.emu.state.connections).some((c) => c.body.name === name)).toBe(
      true,
    );
    // The retry a client would make now hits the duplicate-name rule.
    const retry = await harness.api.post("/integrations/connections", s3Connection(name));
    expect(retry.json.status.message).toBe("Duplicate resource name not allowed");
  });

  it("drop applies the write and loses the response", async () => {
    const name = uniqueName("Dropped");
    harness.emu.faults.add({
      kind: "drop",
      method: "POST",
      path: "/2/0/integrations/connections",
      times: 1,
    });
    await expect(
      harness.api.post("/integrations/connections", s3Connection(name)),
    ).rejects.toThrow();
    expect(Object.values(harness.emu.state.connections).some((c) => c.body.name === name)).toBe(
      true,
    );
  });

  it("applies to the auth API too, and matches methods case-insensitively", async () => {
    harness.emu.faults.add({
      kind: "status",
      status: 503,
      method: "post",
      path: "/token/authenticate",
      times: 1,
    });
    const auth = () =>
      request(`${harness.emu.url}/token/authenticate`, "POST", {
        headers: { Authorization: basicHeader(DEMO.username, DEMO.password) },
      });
    expect((await auth()).status).toBe(503);
    expect((await auth()).status).toBe(201);
  });

  it("lists, removes and validates rules", () => {
    const id = harness.emu.faults.add({ kind: "latency", latencyMs: 1 });
    expect(harness.emu.faults.list().map((r) => r.id)).toEqual([id]);
    expect(harness.emu.faults.remove(id)).toBe(true);
    expect(harness.emu.faults.remove(id)).toBe(false);
    expect(() => harness.emu.faults.add({ kind: "status", status: 404 as 500 })).toThrow(
      /429, 500 or 503/,
    );
    expect(() => harness.emu.faults.add({ kind: "boom" as "drop" })).toThrow(/kind/);
  });

  it("is driven over the admin API too", async () => {
    const added = await request(`${harness.emu.url}/__emulator/faults`, "POST", {
      body: { kind: "status", status: 500, path: "/2/0/integrations", method: "GET" },
    });
    expect(added.status).toBe(200);
    expect(typeof added.json.id).toBe("string");
    expect((await harness.api.get("/integrations")).status).toBe(500);
    const listed = await request(`${harness.emu.url}/__emulator/faults`, "GET");
    expect(listed.json[0]).toMatchObject({ id: added.json.id, fired: 1 });
    expect(
      (await request(`${harness.emu.url}/__emulator/faults/${added.json.id}`, "DELETE")).status,
    ).toBe(200);
    expect((await harness.api.get("/integrations")).status).toBe(200);
    expect(
      (await request(`${harness.emu.url}/__emulator/faults`, "POST", { body: { kind: "nope" } }))
        .status,
    ).toBe(400);
    await request(`${harness.emu.url}/__emulator/faults`, "POST", {
      body: { kind: "status", status: 503 },
    });
    expect((await request(`${harness.emu.url}/__emulator/faults`, "DELETE")).status).toBe(200);
    expect(harness.emu.faults.list()).toEqual([]);
  });
});

describe("global latency, start-up faults and rate limits", () => {
  it("adds latencyMs to every API request", async () => {
    const emu = await startEmulator({ latencyMs: 120 });
    try {
      const [reply, ms] = await timed(() =>
        request(`${emu.url}/token/authenticate`, "POST", {
          headers: { Authorization: basicHeader(DEMO.username, DEMO.password) },
        }),
      );
      expect(reply.status).toBe(201);
      expect(ms).toBeGreaterThanOrEqual(110);
    } finally {
      await emu.stop();
    }
  });

  it("takes fault rules in the options", async () => {
    const emu = await startEmulator({
      faults: [{ kind: "status", status: 503, path: "/2/0/integrations", nth: 1 }],
    });
    try {
      const api = new Api(emu, await login(emu));
      expect((await api.get("/integrations")).status).toBe(503);
      expect((await api.get("/integrations")).status).toBe(200);
    } finally {
      await emu.stop();
    }
  });

  it("answers 429 with Retry-After when the token bucket is empty, then recovers", async () => {
    const emu = await startEmulator({ rateLimit: { capacity: 3, refillPerSecond: 10 } });
    try {
      const token = await login(emu);
      const api = new Api(emu, token);
      expect((await api.get("/integrations")).status).toBe(200);
      expect((await api.get("/integrations")).status).toBe(200);
      const limited = await api.get("/integrations");
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("1");
      // Admin calls are never limited.
      expect((await request(`${emu.url}/__emulator/health`, "GET")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 250));
      expect((await api.get("/integrations")).status).toBe(200);
    } finally {
      await emu.stop();
    }
  });
});

describe("seeded fault schedules", () => {
  /** Which of 60 GETs (20 each of three routes, interleaved as given) a 30% seeded rule fails. */
  async function failedOccurrences(seed: number, order: number[]): Promise<string[]> {
    const { emu, api } = await startWithApi();
    try {
      // The admin API takes the seed as the in-process handle does.
      const added = await request(`${emu.url}/__emulator/faults`, "POST", {
        body: { kind: "status", status: 503, percent: 30, path: "/2/0/**", seed },
      });
      expect(added.status).toBe(200);
      const routes = [
        "/integrations",
        "/integrationflows",
        `/integrations/${"a".repeat(32)}`, // an ID: the occurrence counts per route, not per ID
      ];
      const seen = [0, 0, 0];
      const failed: string[] = [];
      for (const which of order) {
        seen[which] += 1;
        const response = await api.get(routes[which]);
        if (response.status === 503) failed.push(`${which}#${seen[which]}`);
      }
      return failed.sort();
    } finally {
      await emu.stop();
    }
  }

  it("fail the same occurrences of each route for the same seed, whatever the interleaving", async () => {
    const inOrder = Array.from({ length: 60 }, (_, i) => Math.floor(i / 20));
    const interleaved = Array.from({ length: 60 }, (_, i) => i % 3);
    const first = await failedOccurrences(7, inOrder);
    expect(await failedOccurrences(7, interleaved)).toEqual(first);
    // Roughly the asked share, and another seed gives another schedule.
    expect(first.length).toBeGreaterThanOrEqual(8);
    expect(first.length).toBeLessThanOrEqual(30);
    expect(await failedOccurrences(8, inOrder)).not.toEqual(first);
  });

  it("refuses a seed that is not an integer", async () => {
    const { emu } = await startWithApi();
    try {
      expect(() => emu.faults.add({ kind: "reset", percent: 5, seed: 1.5 })).toThrow(
        "seed must be an integer",
      );
    } finally {
      await emu.stop();
    }
  });
});
