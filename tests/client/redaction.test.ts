// Secrets never reach an error (message, stack, own properties, cause, JSON, util.inspect) or a
// log line, even when the server echoes them back in its error messages.
import * as crypto from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import * as util from "util";
import {
  AnaplanAuthError,
  CloudWorksApiError,
  CloudWorksClient,
  redactSecrets,
  REDACTED,
} from "../../provider/client";
import {
  encryptedPkcs8,
  issue,
  makeCa,
  pkcs12,
  apiError,
  RecordedRequest,
  sendJson,
  startScriptedServer,
  ScriptedServer,
} from "./support";

const PASSWORD = "Pa55-Word!cw-9931";
const USERNAME = "integration.bot@example.com";
const TOKEN = "tokSECRET-5d1c0b9a8f7e6d5c4b3a29180706f5e4";
const S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const S3_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SAS_TOKEN =
  "sv=2022-11-02&ss=b&srt=co&sp=rwl&se=2030-01-01T00:00:00Z&sig=SASsigNATURE%2Bvalue%3D";
const GBQ_KEY = crypto
  .generateKeyPairSync("rsa", { modulusLength: 1024 })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
const GBQ_KEY_LINE = GBQ_KEY.split("\n")[1];

function views(error: unknown): string[] {
  const err = error as Error & Record<string, unknown>;
  return [
    err.message,
    String(err.stack),
    JSON.stringify(err),
    util.inspect(err, { depth: Infinity, showHidden: true }),
    JSON.stringify(Object.getOwnPropertyNames(err).map((name) => String(err[name]))),
    String(err.cause),
  ];
}

function expectNoSecrets(texts: string[], secrets: string[]): void {
  for (const text of texts) {
    for (const secret of secrets) {
      if (text.includes(secret)) {
        throw new Error(`secret ${JSON.stringify(secret.slice(0, 12))}... leaked into: ${text}`);
      }
    }
  }
}

const ALL_SECRETS = [
  PASSWORD,
  Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64"),
  TOKEN,
  S3_SECRET,
  "SASsigNATURE",
  GBQ_KEY_LINE,
];

/** Echoes everything it received (headers and body) in its error messages. */
function echo(req: RecordedRequest): string {
  return `Invalid request body: ${req.body} (sent with ${req.headers.authorization})`;
}

describe("redactSecrets", () => {
  test("removes known values in raw, JSON-escaped and URL-encoded form", () => {
    const secret = 'a"b/c+d\ne';
    const text = `raw ${secret} json ${JSON.stringify(secret)} url ${encodeURIComponent(secret)}`;
    const result = redactSecrets(text, [secret]);
    expect(result).not.toContain('a"b/c+d');
    expect(result).not.toContain('a\\"b/c+d');
    expect(result).not.toContain(encodeURIComponent(secret));
  });

  test.each([
    [
      "Authorization: AnaplanAuthToken abc.DEF-123_xyz",
      "Authorization: AnaplanAuthToken [REDACTED]",
    ],
    ["Basic dXNlcjpwYXNzd29yZA==", "Basic [REDACTED]"],
    ["Bearer eyJhbGciOiJIUzI1NiJ9.e30.x", "Bearer [REDACTED]"],
    ['{"secretAccessKey":"abc/def","name":"x"}', '{"secretAccessKey":"[REDACTED]","name":"x"}'],
    ['{"sasToken":"sv=1&sig=2"}', '{"sasToken":"[REDACTED]"}'],
    ["password=hunter22&user=bob", 'password="[REDACTED]"&user=bob'],
    [
      "https://a.blob.core.windows.net/c?sv=2020&sig=AbC%2B&se=1",
      "https://a.blob.core.windows.net/c?sv=2020&sig=[REDACTED]&se=1",
    ],
    [
      "key -----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY----- end",
      "key -----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY----- end",
    ],
    ['"-----BEGIN PRIVATE KEY-----\\nMIIEv (truncated"', '"-----BEGIN PRIVATE KEY-----[REDACTED]"'],
  ])("pattern: %s", (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  test("leaves ordinary text alone and ignores very short values", () => {
    expect(redactSecrets("CloudWorks GET /2/0/integrations failed: 404 Not Found", ["ab"])).toBe(
      "CloudWorks GET /2/0/integrations failed: 404 Not Found",
    );
    expect(REDACTED).toBe("[REDACTED]");
  });
});

describe("errors and logs carry no secrets", () => {
  let server: ScriptedServer;
  let authEcho: http.Server;
  let authEchoUrl: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startScriptedServer(
      (req, res) => {
        switch (req.method) {
          case "POST":
            return apiError(res, 400, echo(req));
          case "PUT":
            return sendJson(res, 500, {
              status: { code: 500, message: echo(req) },
              traceId: "1f2e3d4c5b6a79881f2e3d4c5b6a7988",
            });
          case "PATCH":
            return res.socket?.destroy();
          case "GET":
            return apiError(res, 503, echo(req), { "Retry-After": "0" });
          default:
            return undefined; // DELETE hangs until the client times out
        }
      },
      { tokenValue: TOKEN },
    );
    authEcho = http.createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const basic = String(req.headers.authorization).split(" ")[1] ?? "";
        sendJson(res, 401, {
          status: "FAILURE_BAD_CREDENTIAL",
          statusMessage: `Login failed for ${Buffer.from(basic, "base64").toString()} via ${req.headers.authorization} ${body}`,
        });
      });
    });
    await new Promise<void>((resolve) => authEcho.listen(0, "127.0.0.1", resolve));
    authEchoUrl = `http://127.0.0.1:${(authEcho.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await server.close();
    authEcho.closeAllConnections();
    await new Promise((resolve) => authEcho.close(resolve));
    expectNoSecrets(logLines, ALL_SECRETS);
  });

  function client(authUrl = server.url): CloudWorksClient {
    return new CloudWorksClient({
      credentials: { kind: "basic", username: USERNAME, password: PASSWORD },
      apiUrl: server.url,
      authUrl,
      timeoutMs: 300,
      maxRetries: 1,
      retryBaseDelayMs: 1,
      logger: (level, message) => logLines.push(`${level} ${message}`),
    });
  }

  async function caught(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected a failure");
  }

  test("a 400 echoing the S3 secret and the token", async () => {
    const error = await caught(
      client().createConnection({
        type: "AmazonS3",
        body: { name: "s3", accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET, bucketName: "b" },
      }),
    );
    expect(error).toBeInstanceOf(CloudWorksApiError);
    expect((error as CloudWorksApiError).apiMessage).toContain(REDACTED);
    expect(error.message).toMatch(
      /^CloudWorks POST \/2\/0\/integrations\/connections failed: 400 Invalid request body: /,
    );
    expectNoSecrets(views(error), [...ALL_SECRETS, S3_KEY_ID]);
  });

  test("a 500 echoing a SAS token", async () => {
    const error = await caught(
      client().updateConnection("a".repeat(32), {
        name: "az",
        storageAccountName: "acct",
        sasToken: SAS_TOKEN,
        containerName: "c",
      }),
    );
    expect(error).toBeInstanceOf(CloudWorksApiError);
    expect(error).toMatchObject({ status: 500, traceId: "1f2e3d4c5b6a79881f2e3d4c5b6a7988" });
    expectNoSecrets(views(error), [...ALL_SECRETS, SAS_TOKEN]);
  });

  test("a reset during a PATCH carrying a service-account private key", async () => {
    const error = await caught(
      client().patchConnection("b".repeat(32), {
        serviceAccountKey: {
          type: "service_account",
          projectId: "p",
          privateKeyId: "0123456789abcdef0123",
          privateKey: GBQ_KEY,
          clientEmail: "e@p.iam.gserviceaccount.com",
          clientId: "1",
          authUri: "https://a",
          tokenUri: "https://t",
          authProviderX509CertUrl: "https://c",
          clientX509CertUrl: "https://x",
        },
      }),
    );
    expect(error).toMatchObject({ kind: "network", mayHaveCommitted: true });
    expectNoSecrets(views(error), ALL_SECRETS);
  });

  test("a retried 503 echoing the token, and a timeout", async () => {
    const unavailable = await caught(client().listConnections());
    expect(unavailable).toMatchObject({ status: 503, attempts: 2 });
    expectNoSecrets(views(unavailable), ALL_SECRETS);

    const timeout = await caught(client().deleteConnection("c".repeat(32)));
    expect(timeout).toMatchObject({ kind: "timeout" });
    expectNoSecrets(views(timeout), ALL_SECRETS);
  });

  test("an auth failure echoing the password and the Basic header", async () => {
    const error = await caught(client(authEchoUrl).listFlows());
    expect(error).toBeInstanceOf(AnaplanAuthError);
    expect((error as AnaplanAuthError).apiMessage).toContain(REDACTED);
    expectNoSecrets(views(error), ALL_SECRETS);
  });

  test("certificate credential failures quote neither the key, its passphrase nor the PKCS#12 password", async () => {
    const ca = makeCa();
    const user = issue(ca, "someone@example.com");
    const encrypted = encryptedPkcs8(user, "Key-Passphrase-77");
    const keyLine = user.privateKeyPem.split("\n")[1];
    const wrongPassphrase = await caught(
      new CloudWorksClient({
        credentials: {
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: encrypted,
          privateKeyPassphrase: "Wrong-Passphrase-88",
        },
        apiUrl: server.url,
        authUrl: server.url,
      }).listFlows(),
    );
    expect(wrongPassphrase).toBeInstanceOf(AnaplanAuthError);
    expectNoSecrets(views(wrongPassphrase), [
      "Wrong-Passphrase-88",
      "Key-Passphrase-77",
      encrypted.split("\n")[1],
    ]);

    const mismatch = await caught(
      new CloudWorksClient({
        credentials: {
          kind: "certificate",
          certificatePem: user.certificatePem,
          privateKeyPem: ca.privateKeyPem,
        },
        apiUrl: server.url,
        authUrl: server.url,
      }).listFlows(),
    );
    expectNoSecrets(views(mismatch), [ca.privateKeyPem.split("\n")[1], keyLine]);

    const wrongPassword = await caught(
      new CloudWorksClient({
        credentials: {
          kind: "pkcs12",
          pkcs12: pkcs12(user, "P12-Right-Password"),
          password: "P12-Wrong-Password",
        },
        apiUrl: server.url,
        authUrl: server.url,
      }).listFlows(),
    );
    expect(wrongPassword).toBeInstanceOf(AnaplanAuthError);
    expectNoSecrets(views(wrongPassword), ["P12-Wrong-Password", "P12-Right-Password"]);
  });

  test("the client object itself does not expose credentials or tokens", async () => {
    const instance = client();
    await caught(instance.listFlows());
    const text = util.inspect(instance, { depth: Infinity, showHidden: true });
    expect(JSON.stringify(instance)).not.toContain(PASSWORD);
    expectNoSecrets([text, JSON.stringify(instance)], ALL_SECRETS);
  });

  test("the logger saw the traffic (and is checked for secrets after all tests)", () => {
    expect(
      logLines.some((line) =>
        line.startsWith("warn CloudWorks GET /2/0/integrations/connections attempt 1 failed (503)"),
      ),
    ).toBe(true);
    expect(logLines.some((line) => line.startsWith("info Anaplan authentication succeeded"))).toBe(
      true,
    );
  });
});
