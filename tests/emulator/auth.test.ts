import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  Api,
  basicHeader,
  certificateBody,
  certificateHeader,
  DEMO,
  issueClientCert,
  login,
  makeCa,
  request,
  type Issued,
} from "./support";

const HOUR = 60 * 60 * 1000;

describe("Anaplan auth API", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.stop());

  const authenticate = (authorization?: string, body?: unknown) =>
    request(`${emu.url}/token/authenticate`, "POST", {
      headers: authorization ? { Authorization: authorization } : {},
      body,
    });

  it("issues a token with 201 and the exact §8 body for the default demo user", async () => {
    const before = Date.now();
    const reply = await authenticate(basicHeader(DEMO.username, DEMO.password));
    expect(reply.status).toBe(201);
    expect(Object.keys(reply.json).sort()).toEqual([
      "meta",
      "status",
      "statusMessage",
      "tokenInfo",
    ]);
    expect(reply.json).toMatchObject({
      meta: { validationUrl: `${emu.url}/token/validate` },
      status: "SUCCESS",
      statusMessage: "Login successful",
    });
    const info = reply.json.tokenInfo;
    expect(Object.keys(info).sort()).toEqual([
      "expiresAt",
      "refreshTokenId",
      "tokenId",
      "tokenValue",
    ]);
    expect(info.tokenId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(info.refreshTokenId).toMatch(/^[0-9a-f-]{36}$/);
    // 35 minutes by default.
    expect(info.expiresAt).toBeGreaterThanOrEqual(before + 35 * 60 * 1000);
    expect(info.expiresAt).toBeLessThanOrEqual(Date.now() + 35 * 60 * 1000);
  });

  it("refuses a bad password, an unknown user and a missing or wrong scheme", async () => {
    const bad = await authenticate(basicHeader(DEMO.username, "wrong"));
    expect(bad.status).toBe(401);
    expect(bad.json.status).toBe("FAILURE_BAD_CREDENTIAL");
    expect((await authenticate(basicHeader("nobody@example.com", "x"))).status).toBe(401);
    const missing = await authenticate();
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      status: "FAILURE_BAD_HEADER",
      statusMessage: "Invalid header. Verify the header.",
    });
    expect((await authenticate("Bearer abc")).status).toBe(401);
  });

  it("refresh returns 200, the same token value and a later expiry", async () => {
    const first = await authenticate(basicHeader(DEMO.username, DEMO.password));
    const token = first.json.tokenInfo;
    await new Promise((r) => setTimeout(r, 5));
    const refreshed = await request(`${emu.url}/token/refresh`, "POST", {
      headers: { Authorization: `AnaplanAuthToken ${token.tokenValue}` },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.statusMessage).toBe("Token refreshed");
    expect(refreshed.json.tokenInfo.tokenValue).toBe(token.tokenValue);
    expect(refreshed.json.tokenInfo.refreshTokenId).toBe(token.refreshTokenId);
    expect(refreshed.json.tokenInfo.expiresAt).toBeGreaterThan(token.expiresAt);
  });

  it("validate answers 200 with user info, 401 FAILURE_BAD_CREDENTIAL for unknown tokens", async () => {
    const token = await login(emu);
    const ok = await request(`${emu.url}/token/validate`, "GET", {
      headers: { Authorization: `AnaplanAuthToken ${token}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ status: "SUCCESS", statusMessage: "Token validated" });
    expect(ok.json.userInfo.userId).toBe(DEMO.username);
    expect(ok.json.userInfo.userGuid).toMatch(/^[0-9a-f]{32}$/);
    expect(ok.json.userInfo.customerGuid).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(ok.json.tokenInfo).sort()).toEqual(["expiresAt", "tokenId"]);
    const bad = await request(`${emu.url}/token/validate`, "GET", {
      headers: { Authorization: "AnaplanAuthToken nope" },
    });
    expect(bad.status).toBe(401);
    expect(bad.json.status).toBe("FAILURE_BAD_CREDENTIAL");
  });

  it("token endpoints reject Bearer: 400 on validate and refresh, 401 on logout", async () => {
    const token = await login(emu);
    const bearer = { Authorization: `Bearer ${token}` };
    expect((await request(`${emu.url}/token/validate`, "GET", { headers: bearer })).status).toBe(
      400,
    );
    expect((await request(`${emu.url}/token/refresh`, "POST", { headers: bearer })).status).toBe(
      400,
    );
    expect((await request(`${emu.url}/token/logout`, "POST", { headers: bearer })).status).toBe(
      401,
    );
  });

  it("CloudWorks accepts AnaplanAuthToken and Bearer, and refuses missing or unknown tokens with 401", async () => {
    const token = await login(emu);
    const path = `${emu.url}/2/0/integrations/connections`;
    expect(
      (await request(path, "GET", { headers: { Authorization: `AnaplanAuthToken ${token}` } }))
        .status,
    ).toBe(200);
    expect(
      (await request(path, "GET", { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(200);
    const missing = await request(path, "GET");
    expect(missing.status).toBe(401);
    expect(missing.json.status).toEqual({ code: 401, message: "Not Authorized" });
    expect(missing.json.path).toBe("/2/0/integrations/connections");
    expect(
      (await request(path, "GET", { headers: { Authorization: "AnaplanAuthToken unknown" } }))
        .status,
    ).toBe(401);
  });

  it("logout answers 204 and kills the token at once", async () => {
    const token = await login(emu);
    const headers = { Authorization: `AnaplanAuthToken ${token}` };
    const out = await request(`${emu.url}/token/logout`, "POST", { headers });
    expect(out.status).toBe(204);
    expect(out.text).toBe("");
    expect((await request(`${emu.url}/2/0/integrations`, "GET", { headers })).status).toBe(401);
    expect((await request(`${emu.url}/token/validate`, "GET", { headers })).status).toBe(401);
    expect((await request(`${emu.url}/token/refresh`, "POST", { headers })).status).toBe(401);
  });
});

describe("token expiry", () => {
  it("expires tokens after tokenLifetimeMs; refresh before expiry extends them", async () => {
    const emu = await startEmulator({ tokenLifetimeMs: 300 });
    try {
      const token = await login(emu);
      const api = new Api(emu, token);
      expect((await api.get("/integrations")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      const refreshed = await request(`${emu.url}/token/refresh`, "POST", {
        headers: { Authorization: `AnaplanAuthToken ${token}` },
      });
      expect(refreshed.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200));
      // 400 ms after login, alive thanks to the refresh at 200 ms.
      expect((await api.get("/integrations")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 350));
      const expired = await api.get("/integrations");
      expect(expired.status).toBe(401);
      expect(expired.json.status.message).toBe("Not Authorized");
      const validate = await request(`${emu.url}/token/validate`, "GET", {
        headers: { Authorization: `AnaplanAuthToken ${token}` },
      });
      expect(validate.status).toBe(401);
    } finally {
      await emu.stop();
    }
  });

  it("answers 403 for expired tokens when expiredTokenStatus is 403; expireAllTokens expires everything", async () => {
    const emu = await startEmulator({ expiredTokenStatus: 403 });
    try {
      const api = new Api(emu, await login(emu));
      expect((await api.get("/integrations")).status).toBe(200);
      emu.expireAllTokens();
      const reply = await api.get("/integrations");
      expect(reply.status).toBe(403);
      expect(reply.json.status).toEqual({ code: 403, message: "Not Authorized" });
      // Unknown tokens stay 401 whatever the expired status is.
      api.token = "unknown";
      expect((await api.get("/integrations")).status).toBe(401);
    } finally {
      await emu.stop();
    }
  });

  it("uses configured users with their names", async () => {
    const emu = await startEmulator({
      users: [
        { username: "ops@corp.example", password: "s3cret", firstName: "Ops", lastName: "Bot" },
      ],
    });
    try {
      expect(emu.users[0]).toMatchObject({ username: "ops@corp.example", displayName: "Ops Bot" });
      const api = new Api(
        emu,
        await login(emu, { username: "ops@corp.example", password: "s3cret" }),
      );
      expect(
        (
          await request(`${emu.url}/token/authenticate`, "POST", {
            headers: { Authorization: basicHeader(DEMO.username, DEMO.password) },
          })
        ).status,
      ).toBe(401);
      await api.createConnection();
      const list = await api.get("/integrations/connections");
      expect(list.json.connections[0].createdBy).toBe("Ops Bot");
    } finally {
      await emu.stop();
    }
  });
});

describe("CA certificate authentication", () => {
  let emu: RunningEmulator;
  let ca: Issued;
  let client: Issued;
  let otherCa: Issued;
  const log: string[] = [];
  beforeAll(async () => {
    ca = makeCa("Tenant Root CA");
    otherCa = makeCa("Untrusted CA");
    client = issueClientCert(ca, { commonName: "Cert User", email: "demo@example.com" });
    emu = await startEmulator({
      trustedCaCertificates: [ca.certPem],
      logger: (line) => log.push(line),
    });
  });
  afterAll(() => emu.stop());

  const certLogin = (header: string, body: unknown) =>
    request(`${emu.url}/token/authenticate`, "POST", { headers: { Authorization: header }, body });

  it("accepts a v1 payload with the PEM base64-encoded in the header", async () => {
    const reply = await certLogin(
      certificateHeader(client.certPem),
      certificateBody(client.privateKey),
    );
    expect(reply.status).toBe(201);
    expect(reply.json.statusMessage).toBe("Login successful");
    const token = reply.json.tokenInfo.tokenValue;
    const validate = await request(`${emu.url}/token/validate`, "GET", {
      headers: { Authorization: `AnaplanAuthToken ${token}` },
    });
    expect(validate.json.userInfo.userId).toBe("demo@example.com");
    expect((await new Api(emu, token).get("/integrations")).status).toBe(200);
  });

  it("accepts the base64 DER body in the header and 150-byte payloads", async () => {
    const reply = await certLogin(
      certificateHeader(client.certPem, "der"),
      certificateBody(client.privateKey, { randomBytes: 150 }),
    );
    expect(reply.status).toBe(201);
  });

  it("accepts a fresh v2 payload (8-byte timestamp + random bytes)", async () => {
    const reply = await certLogin(
      certificateHeader(client.certPem),
      certificateBody(client.privateKey, { v2: true }),
    );
    expect(reply.status).toBe(201);
  });

  it("maps the certificate to a user by subject CN too", async () => {
    const byCn = issueClientCert(ca, { commonName: "demo@example.com" });
    expect(
      (await certLogin(certificateHeader(byCn.certPem), certificateBody(byCn.privateKey))).status,
    ).toBe(201);
  });

  const rejections: [string, string, () => { header: string; body: unknown }][] = [
    [
      "a signature made with another key",
      "signature does not match",
      () => ({
        header: certificateHeader(client.certPem),
        body: certificateBody(otherCa.privateKey),
      }),
    ],
    [
      "a certificate from an untrusted CA",
      "not issued by a trusted CA",
      () => {
        const foreign = issueClientCert(otherCa, { commonName: "demo@example.com" });
        return {
          header: certificateHeader(foreign.certPem),
          body: certificateBody(foreign.privateKey),
        };
      },
    ],
    [
      "an expired certificate",
      "expired or not yet valid",
      () => {
        const expired = issueClientCert(
          ca,
          { commonName: "demo@example.com" },
          {
            notBefore: new Date(Date.now() - 10 * 24 * HOUR),
            notAfter: new Date(Date.now() - 24 * HOUR),
          },
        );
        return {
          header: certificateHeader(expired.certPem),
          body: certificateBody(expired.privateKey),
        };
      },
    ],
    [
      "a certificate not yet valid",
      "expired or not yet valid",
      () => {
        const future = issueClientCert(
          ca,
          { commonName: "demo@example.com" },
          {
            notBefore: new Date(Date.now() + 24 * HOUR),
            notAfter: new Date(Date.now() + 48 * HOUR),
          },
        );
        return {
          header: certificateHeader(future.certPem),
          body: certificateBody(future.privateKey),
        };
      },
    ],
    [
      "tampered data",
      "signature does not match",
      () => ({
        header: certificateHeader(client.certPem),
        body: certificateBody(client.privateKey, { tamper: true }),
      }),
    ],
    [
      "data shorter than 100 bytes",
      "at least 100 required",
      () => ({
        header: certificateHeader(client.certPem),
        body: certificateBody(client.privateKey, { randomBytes: 99 }),
      }),
    ],
    [
      "a stale v2 timestamp",
      "timestamp outside",
      () => ({
        header: certificateHeader(client.certPem),
        body: certificateBody(client.privateKey, {
          v2: true,
          timestamp: Date.now() - 10 * 60 * 1000,
        }),
      }),
    ],
    [
      "a v2 timestamp from the future",
      "timestamp outside",
      () => ({
        header: certificateHeader(client.certPem),
        body: certificateBody(client.privateKey, {
          v2: true,
          timestamp: Date.now() + 10 * 60 * 1000,
        }),
      }),
    ],
    [
      "a certificate naming no tenant user",
      "no user for certificate",
      () => {
        const stranger = issueClientCert(ca, { commonName: "stranger@example.com" });
        return {
          header: certificateHeader(stranger.certPem),
          body: certificateBody(stranger.privateKey),
        };
      },
    ],
    [
      "a header that is not a certificate",
      "",
      () => ({
        header: "CACertificate bm90IGEgY2VydA==",
        body: certificateBody(client.privateKey),
      }),
    ],
    [
      "a body without encodedSignedData",
      "are required",
      () => ({ header: certificateHeader(client.certPem), body: { encodedData: "AAAA" } }),
    ],
  ];

  it.each(rejections)("refuses %s with 401 (reason: %s)", async (_label, reason, make) => {
    const { header, body } = make();
    log.length = 0;
    const reply = await certLogin(header, body);
    expect(reply.status).toBe(401);
    expect(reply.json.status).toBe("FAILURE_BAD_CREDENTIAL");
    // The logged reason proves the check under test, not an earlier one, refused it.
    if (reason) expect(log.join("\n")).toContain(reason);
  });

  it("trusts nothing when no CA is configured", async () => {
    const bare = await startEmulator();
    try {
      const reply = await request(`${bare.url}/token/authenticate`, "POST", {
        headers: { Authorization: certificateHeader(client.certPem) },
        body: certificateBody(client.privateKey),
      });
      expect(reply.status).toBe(401);
    } finally {
      await bare.stop();
    }
  });
});
