/**
 * The emulator's admin API (`/__emulator/`) over real HTTP: served only for a loopback Host and
 * Origin, JSON bodies and (when configured) the admin token, so a web page can neither read the
 * tenant by DNS rebinding nor reset it or add faults with a cross-site POST. Node's `http` is
 * used rather than fetch, because fetch cannot set the Host header a rebinding page sends.
 */
import * as http from "node:http";
import { startEmulator } from "../../emulator";
import type { RunningEmulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/cliArgs";
import { login, request, s3Connection } from "./support";

interface RawReply {
  status: number;
  body: string;
}

/** One HTTP request with exactly these headers (no Host rewriting). */
function raw(
  emu: RunningEmulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawReply> {
  const url = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: Number(url.port),
        method,
        path,
        headers: {
          ...headers,
          ...(body !== undefined ? { "Content-Length": Buffer.byteLength(body) } : {}),
        },
        setHost: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const FAULT = JSON.stringify({ kind: "status", status: 503, method: "GET", times: 1 });

let emu: RunningEmulator;
let port: string;
beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  port = new URL(emu.url).port;
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.reset();
  emu.faults.clear();
});

/** Puts one connection in the tenant so that a reset is visible. */
async function seedConnection(): Promise<void> {
  const token = await login(emu);
  const reply = await request(`${emu.url}/2/0/integrations/connections`, "POST", {
    headers: { Authorization: `AnaplanAuthToken ${token}` },
    body: s3Connection(),
  });
  expect(reply.status).toBe(200);
  expect(Object.keys(emu.state.connections)).toHaveLength(1);
}

describe("the admin API answers only loopback callers", () => {
  it("listens on 127.0.0.1 only", () => {
    expect(new URL(emu.url).hostname).toBe("127.0.0.1");
  });

  it.each(["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])(
    "serves a %s Host, with or without the port",
    async (host) => {
      for (const value of [`${host}:${port}`, host]) {
        const reply = await raw(emu, "GET", "/__emulator/health", { Host: value });
        expect({ value, status: reply.status }).toEqual({ value, status: 200 });
      }
    },
  );

  it.each([
    "attacker.example",
    // (the port does not matter: a rebinding page uses the emulator's own)
    "attacker.example:4010",
    "127.0.0.1.nip.io:4010",
    "localhost.attacker.example:4010",
    "0.0.0.0",
    "",
  ])("refuses Host %j with 403, before reading the tenant", async (host) => {
    await seedConnection();
    const reply = await raw(emu, "GET", "/__emulator/state", { Host: host });
    expect(reply.status).toBe(403);
    // The tenant, connection secrets included, never leaves for a rebound name.
    expect(reply.body).not.toContain("secretAccessKey");
    expect(JSON.parse(reply.body).error).toMatch(/Host header must be 127\.0\.0\.1/);
  });

  it("refuses a bodiless cross-site POST /reset (Origin of another site) and resets nothing", async () => {
    await seedConnection();
    const reply = await raw(emu, "POST", "/__emulator/reset", {
      Host: `127.0.0.1:${port}`,
      Origin: "https://attacker.example",
    });
    expect(reply.status).toBe(403);
    expect(Object.keys(emu.state.connections)).toHaveLength(1);
    // The same request from a loopback page (or no browser at all) works.
    const local = await raw(emu, "POST", "/__emulator/reset", {
      Host: `127.0.0.1:${port}`,
      Origin: `http://localhost:${port}`,
    });
    expect(local.status).toBe(200);
    expect(Object.keys(emu.state.connections)).toHaveLength(0);
  });

  it.each([
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
  ])("refuses a body sent as %j with 415 and adds no fault", async (contentType) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${port}` };
    if (contentType !== "") headers["Content-Type"] = contentType;
    const reply = await raw(emu, "POST", "/__emulator/faults", headers, FAULT);
    expect(reply.status).toBe(415);
    expect(emu.faults.list()).toEqual([]);
  });

  it("accepts a JSON body, with or without a charset", async () => {
    for (const type of ["application/json", "application/json; charset=utf-8"]) {
      const reply = await raw(
        emu,
        "POST",
        "/__emulator/faults",
        { Host: `localhost:${port}`, "Content-Type": type },
        FAULT,
      );
      expect(reply.status).toBe(200);
    }
    expect(emu.faults.list()).toHaveLength(2);
  });

  it("leaves the CloudWorks and auth APIs alone (they have their own authentication)", async () => {
    const reply = await raw(emu, "GET", "/2/0/integrations/connections", {
      Host: `attacker.example:${port}`,
    });
    expect(reply.status).toBe(401);
  });
});

describe("the optional admin token", () => {
  const TOKEN = "admin-token-4f1c9b";
  let guarded: RunningEmulator;
  beforeAll(async () => {
    guarded = await startEmulator({ port: 0, adminToken: TOKEN });
  });
  afterAll(() => guarded.stop());

  it("is required on every admin request when configured", async () => {
    const url = `${guarded.url}/__emulator/counts`;
    expect((await request(url, "GET")).status).toBe(401);
    expect(
      (await request(url, "GET", { headers: { "x-emulator-admin-token": "wrong" } })).status,
    ).toBe(401);
    expect(
      (await request(url, "GET", { headers: { "x-emulator-admin-token": TOKEN } })).status,
    ).toBe(200);
    // A token does not replace the loopback checks.
    const rebound = await raw(guarded, "GET", "/__emulator/counts", {
      Host: "attacker.example",
      "x-emulator-admin-token": TOKEN,
    });
    expect(rebound.status).toBe(403);
  });

  it("does not apply to the CloudWorks API", async () => {
    await expect(login(guarded)).resolves.toEqual(expect.any(String));
  });

  it("is set by --admin-token on the command line", () => {
    const read = (): string => "";
    const parsed = parseCliArgs(["--admin-token", TOKEN, "--port", "0"], read);
    expect(parsed).toMatchObject({ help: false, options: { adminToken: TOKEN, port: 0 } });
    expect(() => parseCliArgs(["--admin-token="], read)).toThrow(/non-empty/);
  });

  it("refuses an empty token option", async () => {
    await expect(startEmulator({ port: 0, adminToken: "" })).rejects.toThrow(/adminToken/);
  });
});
