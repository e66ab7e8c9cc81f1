// Anaplan authentication and the token cache, against the real emulator.
import * as crypto from "crypto";
import { RunningEmulator, startEmulator } from "../../emulator";
import {
  AnaplanAuthError,
  AnaplanCredentials,
  CloudWorksClient,
  CloudWorksClientOptions,
} from "../../provider/client";
import {
  clientAt,
  DEMO_CREDENTIALS,
  encryptedPkcs8,
  encryptedTraditional,
  issue,
  Issued,
  makeCa,
  pkcs12,
  RecordingProxy,
  rejectionOf,
  startRecordingProxy,
} from "./support";
import { countOf } from "../dynamic/support";

const BASIC = DEMO_CREDENTIALS;
const CERT_USER = "cert.user@example.com";

const authError = (promise: Promise<unknown>) => rejectionOf(promise, AnaplanAuthError);

function clientOf(
  emulator: { url: string },
  credentials: AnaplanCredentials,
  options: Partial<CloudWorksClientOptions> = {},
): CloudWorksClient {
  return clientAt(emulator.url, { credentials, retryBaseDelayMs: 1, ...options });
}

const AUTHENTICATE = "POST /token/authenticate";
const REFRESH = "POST /token/refresh";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("basic authentication and the token cache", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, tokenLifetimeMs: 3000 });
  });
  afterEach(async () => {
    await emulator.stop();
  });

  test("many concurrent calls from several clients of one identity authenticate once", async () => {
    const clients = [
      clientOf(emulator, BASIC),
      clientOf(emulator, BASIC),
      clientOf(emulator, BASIC),
    ];
    await Promise.all(
      Array.from({ length: 30 }, (_, i) => clients[i % clients.length].listConnections()),
    );
    expect(countOf(emulator, AUTHENTICATE)).toBe(1);
    expect(countOf(emulator, "GET /2/0/integrations/connections")).toBe(30);
  });

  test("a different password is a different identity and never borrows the cached token", async () => {
    await clientOf(emulator, BASIC).listConnections();
    const error = await authError(
      clientOf(emulator, { ...BASIC, password: "not-the-password" }).listConnections(),
    );
    expect(error).toMatchObject({
      kind: "credentials",
      status: 401,
      authStatus: "FAILURE_BAD_CREDENTIAL",
    });
    expect(error.message).toMatch(
      /^Anaplan authentication \(POST \/token\/authenticate\) failed: 401 FAILURE_BAD_CREDENTIAL Login failed; check the username and password/,
    );
    expect(error.message).not.toContain("not-the-password");
  });

  test("the token is refreshed before it expires, not re-issued", async () => {
    const client = clientOf(emulator, BASIC);
    await client.listFlows();
    await client.listFlows(); // fresh token: no refresh yet
    expect(countOf(emulator, REFRESH)).toBe(0);
    // Lifetime 3 s: the refresh margin is a third (1 s), so at 2.2 s the token is refreshed.
    await sleep(2200);
    await client.listFlows();
    expect(countOf(emulator, REFRESH)).toBe(1);
    await client.listFlows();
    expect(countOf(emulator, REFRESH)).toBe(1);
    expect(countOf(emulator, AUTHENTICATE)).toBe(1);
  });

  test("a failed refresh falls back to a full authentication", async () => {
    const client = clientOf(emulator, BASIC);
    await client.listFlows();
    await sleep(2200);
    emulator.expireAllTokens(); // server-side, so the refresh is refused
    await client.listFlows();
    expect(countOf(emulator, REFRESH)).toBe(1);
    expect(countOf(emulator, AUTHENTICATE)).toBe(2);
  });

  test("a token expired server-side is replaced once and the request repeated", async () => {
    const client = clientOf(emulator, BASIC);
    await client.listIntegrations();
    emulator.expireAllTokens();
    await expect(client.listIntegrations()).resolves.toEqual([]);
    expect(countOf(emulator, AUTHENTICATE)).toBe(2);
    expect(countOf(emulator, "GET /2/0/integrations")).toBe(3);
  });

  test("an expired token answered with Apiary's 403 Not Authorized is also replaced once", async () => {
    const strict = await startEmulator({ port: 0, expiredTokenStatus: 403 });
    try {
      const client = clientOf(strict, BASIC);
      await client.listFlows();
      strict.expireAllTokens();
      await expect(client.listFlows()).resolves.toEqual([]);
      expect(countOf(strict, AUTHENTICATE)).toBe(2);
    } finally {
      await strict.stop();
    }
  });

  test("a token logged out elsewhere is replaced once and the request repeated", async () => {
    const proxy: RecordingProxy = await startRecordingProxy(emulator.url);
    try {
      const client = clientOf(proxy, BASIC);
      await client.listConnections();
      const token = String(proxy.requests[1].headers.authorization).replace(
        "AnaplanAuthToken ",
        "",
      );
      // Another process logs the same token out.
      const logout = await fetch(`${emulator.url}/token/logout`, {
        method: "POST",
        headers: { Authorization: `AnaplanAuthToken ${token}` },
      });
      expect(logout.status).toBe(204);
      await expect(client.listConnections()).resolves.toEqual([]);
      expect(countOf(emulator, AUTHENTICATE)).toBe(2);
      const last = proxy.requests[proxy.requests.length - 1];
      expect(last.headers.authorization).not.toBe(`AnaplanAuthToken ${token}`);
    } finally {
      await proxy.close();
    }
  });

  test("logout revokes the token and the next call authenticates again", async () => {
    const proxy = await startRecordingProxy(emulator.url);
    try {
      const client = clientOf(proxy, BASIC);
      await client.listConnections();
      const token = String(proxy.requests[1].headers.authorization);
      await client.logout();
      expect(countOf(emulator, "POST /token/logout")).toBe(1);
      const validate = await fetch(`${emulator.url}/token/validate`, {
        headers: { Authorization: token },
      });
      expect(validate.status).toBe(401);
      await client.listConnections();
      expect(countOf(emulator, AUTHENTICATE)).toBe(2);
      await client.logout();
      await client.logout(); // nothing cached: no request
      expect(countOf(emulator, "POST /token/logout")).toBe(2);
    } finally {
      await proxy.close();
    }
  });
});

describe("CA certificate authentication", () => {
  let ca: Issued;
  let user: Issued;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    ca = makeCa();
    user = issue(ca, CERT_USER);
    emulator = await startEmulator({
      port: 0,
      users: [{ username: CERT_USER, password: "unused-password" }],
      trustedCaCertificates: [ca.certificatePem],
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const pem = (format?: "v1" | "v2"): AnaplanCredentials => ({
    kind: "certificate",
    certificatePem: user.certificatePem,
    privateKeyPem: user.privateKeyPem,
    format,
  });

  test.each(["v1", "v2"] as const)(
    "PEM certificate and key, %s payload, on the wire",
    async (format) => {
      const proxy = await startRecordingProxy(emulator.url);
      try {
        const client = clientOf(proxy, pem(format));
        await expect(client.listConnections()).resolves.toEqual([]);
        await client.logout();
        await client.listConnections();

        const logins = proxy.requests.filter((r) => r.path === "/token/authenticate");
        expect(logins).toHaveLength(2);
        const payloads = logins.map((login) => {
          const [scheme, encoded] = String(login.headers.authorization).split(" ");
          expect(scheme).toBe("CACertificate");
          expect(Buffer.from(encoded, "base64").toString("utf8")).toBe(user.certificatePem);
          expect(login.headers["content-type"]).toBe("application/json");
          const body = JSON.parse(login.body) as Record<string, string>;
          const data = Buffer.from(body.encodedData, "base64");
          const signature = Buffer.from(body.encodedSignedData, "base64");
          expect(
            crypto.verify(
              "sha512",
              data,
              { key: user.publicKeyPem, padding: crypto.constants.RSA_PKCS1_PADDING },
              signature,
            ),
          ).toBe(true);
          if (format === "v1") {
            expect(body.encodedDataFormat).toBeUndefined();
            expect(data).toHaveLength(100);
          } else {
            expect(body.encodedDataFormat).toBe("v2");
            expect(data).toHaveLength(108);
            expect(Math.abs(Number(data.readBigUInt64BE(0)) - Date.now())).toBeLessThan(10_000);
          }
          return body.encodedData;
        });
        expect(payloads[0]).not.toBe(payloads[1]);
      } finally {
        await proxy.close();
      }
    },
  );

  test("v1 is the default format", async () => {
    const proxy = await startRecordingProxy(emulator.url);
    try {
      await clientOf(proxy, pem()).listFlows();
      const body = JSON.parse(proxy.requests[0].body) as Record<string, string>;
      expect(Buffer.from(body.encodedData, "base64")).toHaveLength(100);
      expect(body.encodedDataFormat).toBeUndefined();
    } finally {
      await proxy.close();
    }
  });

  test("a combined certificate + key file sends only the certificate", async () => {
    const proxy = await startRecordingProxy(emulator.url);
    try {
      await clientOf(proxy, {
        kind: "certificate",
        certificatePem: `${user.certificatePem}${user.privateKeyPem}`,
        privateKeyPem: user.privateKeyPem,
      }).listFlows();
      const header = String(proxy.requests[0].headers.authorization).split(" ")[1];
      const sent = Buffer.from(header, "base64").toString("utf8");
      expect(sent).not.toContain("PRIVATE KEY");
      expect(sent).toContain("BEGIN CERTIFICATE");
    } finally {
      await proxy.close();
    }
  });

  test.each([
    ["encrypted PKCS#8", encryptedPkcs8],
    ["traditional encrypted PEM", encryptedTraditional],
  ])("a passphrase-protected key: %s", async (_label, encrypt) => {
    const keyPem = encrypt(user, "key-pass-phrase");
    expect(keyPem).toContain("ENCRYPTED");
    const client = clientOf(emulator, {
      kind: "certificate",
      certificatePem: user.certificatePem,
      privateKeyPem: keyPem,
      privateKeyPassphrase: "key-pass-phrase",
      format: "v2",
    });
    await expect(client.listIntegrations()).resolves.toEqual([]);
  });

  test("a PKCS#12 bundle, as bytes and as base64, with its CA in the chain", async () => {
    const bundle = pkcs12(user, "p12-password", [ca]);
    await expect(
      clientOf(emulator, { kind: "pkcs12", pkcs12: bundle, password: "p12-password" }).listFlows(),
    ).resolves.toEqual([]);
    await expect(
      clientOf(emulator, {
        kind: "pkcs12",
        pkcs12: bundle.toString("base64"),
        password: "p12-password",
        format: "v2",
      }).listFlows(),
    ).resolves.toEqual([]);
  });

  describe("rejections surface as clear AnaplanAuthErrors", () => {
    test("a certificate from a CA the tenant does not trust", async () => {
      const stranger = issue(makeCa("Untrusted CA"), CERT_USER);
      const error = await authError(
        clientOf(emulator, {
          kind: "certificate",
          certificatePem: stranger.certificatePem,
          privateKeyPem: stranger.privateKeyPem,
        }).listFlows(),
      );
      expect(error).toMatchObject({
        kind: "credentials",
        status: 401,
        path: "/token/authenticate",
      });
      expect(error.message).toContain("check that the certificate is issued by a CA registered");
    });

    test("a trusted certificate naming no Anaplan user", async () => {
      const nobody = issue(ca, "nobody@example.com");
      const error = await authError(
        clientOf(emulator, {
          kind: "certificate",
          certificatePem: nobody.certificatePem,
          privateKeyPem: nobody.privateKeyPem,
        }).listFlows(),
      );
      expect(error).toMatchObject({ kind: "credentials", status: 401 });
    });

    const local: Array<[string, () => AnaplanCredentials, string]> = [
      [
        "an encrypted key without a passphrase",
        () => ({
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: encryptedPkcs8(user, "pp"),
        }),
        "the private key is encrypted; set privateKeyPassphrase",
      ],
      [
        "a wrong passphrase (PKCS#8)",
        () => ({
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: encryptedPkcs8(user, "right"),
          privateKeyPassphrase: "wrong",
        }),
        "could not decrypt the private key: wrong passphrase",
      ],
      [
        "a wrong passphrase (traditional)",
        () => ({
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: encryptedTraditional(user, "right"),
          privateKeyPassphrase: "wrong",
        }),
        "could not decrypt the private key: wrong passphrase",
      ],
      [
        "a key that does not match the certificate",
        () => ({
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: ca.privateKeyPem,
        }),
        "the private key does not match the certificate",
      ],
      [
        "an expired certificate",
        () => {
          const old = issue(ca, CERT_USER, {
            notBefore: new Date(Date.now() - 10 * 86_400_000),
            notAfter: new Date(Date.now() - 86_400_000),
          });
          return {
            kind: "certificate",
            certificatePem: old.certificatePem,
            privateKeyPem: old.privateKeyPem,
          };
        },
        "expired on",
      ],
      [
        "text that is not a certificate",
        () => ({ kind: "certificate", certificatePem: "hello", privateKeyPem: user.privateKeyPem }),
        "certificatePem is not a PEM certificate",
      ],
      [
        "text that is not a key",
        () => ({
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: "hello",
        }),
        "privateKeyPem is not a PEM private key",
      ],
      [
        "a non-RSA key",
        () => {
          const ec = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
          return {
            kind: "certificate",
            certificatePem: user.certificatePem,
            privateKeyPem: ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
          };
        },
        "not RSA",
      ],
      [
        "a PKCS#12 bundle with the wrong password",
        () => ({ kind: "pkcs12", pkcs12: pkcs12(user, "right"), password: "wrong" }),
        "could not open the PKCS#12 bundle: wrong password",
      ],
      [
        "bytes that are not a PKCS#12 bundle",
        () => ({ kind: "pkcs12", pkcs12: Buffer.from("not a bundle"), password: "x" }),
        "not a valid .p12/.pfx file",
      ],
    ];

    test.each(local)("%s fails locally before any request", async (_label, credentials, text) => {
      emulator.resetCounts();
      const error = await authError(clientOf(emulator, credentials()).listFlows());
      expect(error.kind).toBe("certificate");
      expect(error.message).toContain(text);
      expect(error.message).toMatch(/^Anaplan certificate loading failed: /);
      expect(countOf(emulator, AUTHENTICATE)).toBe(0);
    });
  });
});
