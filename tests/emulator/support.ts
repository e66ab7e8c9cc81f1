/**
 * Shared setup for the emulator suites: plain HTTP over sockets with Node's fetch, fixture bodies
 * taken from the reference's examples, and certificates made with node-forge (Node cannot create
 * X.509).
 */
import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from "node:crypto";
import forge from "node-forge";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

/** The workspace of the fixture integrations. */
export const WORKSPACE_ID = "8a80db657068fae01718955f3b3390b0";
/** A second workspace, for cross-workspace cases. */
export const OTHER_WORKSPACE_ID = "2c9ba1b67b59fdee017ba23f6b7d2701";
/** The model of the fixture integrations. */
export const MODEL_ID = "E559BFF3B1AD4BCE874F745BEA259711";
/** The emulator's default user (emulator/README.md). */
export const DEMO = { username: "demo@example.com", password: "demo-password" };

/** A response read in full. */
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // Tests index into arbitrary API JSON; a precise type would restate the emulator's shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One HTTP request with Node's fetch; a `raw` body is sent as is, a `body` as JSON. */
export async function request(
  url: string,
  method: string,
  options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["Content-Type"] ??= "application/json";
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** The `Authorization: Basic` value for a user. */
export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

/**
 * Logs in with basic auth and returns the token; throws with the reply if it fails. Anything with
 * the emulator's `url` will do, such as an emulator started by the CLI in another process.
 */
export async function login(emu: { url: string }, user = DEMO): Promise<string> {
  const reply = await request(`${emu.url}/token/authenticate`, "POST", {
    headers: { Authorization: basicHeader(user.username, user.password) },
  });
  if (reply.status !== 201) throw new Error(`login failed: ${reply.status} ${reply.text}`);
  return reply.json.tokenInfo.tokenValue as string;
}

/** A CloudWorks client bound to one emulator, token and prefix. */
export class Api {
  constructor(
    readonly emu: RunningEmulator,
    public token: string,
    readonly prefix = "/2/0",
  ) {}

  call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    return request(`${this.emu.url}${this.prefix}${path}`, method, {
      body,
      headers: { Authorization: `AnaplanAuthToken ${this.token}`, ...headers },
    });
  }

  get(path: string): Promise<Reply> {
    return this.call("GET", path);
  }
  post(path: string, body?: unknown): Promise<Reply> {
    return this.call("POST", path, body);
  }
  put(path: string, body?: unknown): Promise<Reply> {
    return this.call("PUT", path, body);
  }
  patch(path: string, body?: unknown): Promise<Reply> {
    return this.call("PATCH", path, body);
  }
  delete(path: string): Promise<Reply> {
    return this.call("DELETE", path);
  }

  async createConnection(body: unknown = s3Connection()): Promise<string> {
    const reply = await this.post("/integrations/connections", body);
    if (reply.status !== 200) throw new Error(`connection: ${reply.status} ${reply.text}`);
    return reply.json.connections.connectionId as string;
  }

  async createIntegration(body: unknown): Promise<string> {
    const reply = await this.post("/integrations", body);
    if (reply.status !== 200) throw new Error(`integration: ${reply.status} ${reply.text}`);
    return reply.json.integration.integrationId as string;
  }

  async createFlow(body: unknown): Promise<string> {
    const reply = await this.post("/integrationflows", body);
    if (reply.status !== 200) throw new Error(`flow: ${reply.status} ${reply.text}`);
    return reply.json.integrationFlow.integrationFlowId as string;
  }
}

/** Starts an emulator (60 ms runs unless `options` says otherwise) and a logged-in Api. */
export async function startWithApi(
  options: EmulatorOptions = {},
): Promise<{ emu: RunningEmulator; api: Api }> {
  const emu = await startEmulator({ runDurationMs: 60, ...options });
  return { emu, api: new Api(emu, await login(emu)) };
}

/** The emulator and client of one describe block, as {@link useEmulatorWithApi} set them up. */
export interface EmulatorHarness {
  /** The running emulator; there from the block's first test (and its later beforeAll) on. */
  readonly emu: RunningEmulator;
  /** A client logged in to `emu` as the default user. */
  readonly api: Api;
}

/**
 * The setup the emulator suites share: {@link startWithApi} in a beforeAll of the describe block
 * that calls this, and a stop in its afterAll. A block's own fixtures go in a beforeAll registered
 * after this call, so that they run once the emulator is up. The getters throw rather than return
 * undefined, so that a test reading them at collection time fails with a reason instead of a
 * TypeError, and no test needs a cast.
 */
export function useEmulatorWithApi(options: EmulatorOptions = {}): EmulatorHarness {
  let started: { emu: RunningEmulator; api: Api } | undefined;
  beforeAll(async () => {
    started = await startWithApi(options);
  });
  afterAll(() => started?.emu.stop());
  const running = (): { emu: RunningEmulator; api: Api } => {
    if (!started) throw new Error("useEmulatorWithApi: the emulator starts in beforeAll");
    return started;
  };
  return {
    get emu(): RunningEmulator {
      return running().emu;
    },
    get api(): Api {
      return running().api;
    },
  };
}

let counter = 0;
/** A name no other test in this process uses. */
export function uniqueName(prefix = "Test"): string {
  counter += 1;
  return `${prefix}_${Date.now().toString(36)}_${counter}`;
}

/** An AmazonS3 connection create body, `extra` merged into its `body`. */
export function s3Connection(
  name = uniqueName("S3"),
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const fields = {
    accessKeyId: "AKIAEXAMPLEACCESSKEY",
    secretAccessKey: "s3-secret-access-key-value",
    bucketName: "landing-bucket",
  };
  return { type: "AmazonS3", body: { name, ...fields, ...extra } };
}

/** An AzureBlob connection create body, `extra` merged into its `body`. */
export function azureConnection(
  name = uniqueName("Azure"),
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const fields = {
    storageAccountName: "mystorageaccount",
    sasToken: "sp=rl&sig=azure-sas-token-value",
    containerName: "my-container",
    auth_method: "SAS-based",
  };
  return { type: "AzureBlob", body: { name, ...fields, ...extra } };
}

/** A GoogleBigQuery connection create body. */
export function bigQueryConnection(name = uniqueName("BQ")): Record<string, unknown> {
  return {
    type: "GoogleBigQuery",
    body: {
      name,
      serviceAccountKey: {
        type: "service_account",
        projectId: "my-project",
        privateKeyId: "bq-private-key-id-value",
        privateKey: "-----BEGIN PRIVATE KEY-----bq-private-key-value-----END PRIVATE KEY-----",
        clientEmail: "sa@my-project.iam.gserviceaccount.com",
        clientId: "1223111987765897895300",
        authUri: "https://accounts.google.com/o/oauth2/auth",
        tokenUri: "https://oauth2.googleapis.com/token",
        authProviderX509CertUrl: "https://www.googleapis.com/oauth2/v1/certs",
        clientX509CertUrl: "https://www.googleapis.com/robot/v1/metadata/x509/sa",
      },
      dataset: "dev_us_west",
    },
  };
}

/** A v2 integration body in the test workspace and model with the given `jobs`. */
export function integrationWith(
  jobs: Record<string, unknown>[],
  name = uniqueName("Integration"),
): Record<string, unknown> {
  return { name, version: "2.0", workspaceId: WORKSPACE_ID, modelId: MODEL_ID, jobs };
}

/** An S3 import integration through `connectionId`, `extra` merged into the body. */
export function importIntegration(
  connectionId: string,
  name = uniqueName("Import"),
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const jobs = [
    {
      type: "AmazonS3ToAnaplan",
      sources: [{ type: "AmazonS3", connectionId, file: "sample_file.csv" }],
      targets: [{ type: "Anaplan", actionId: "112000000011", fileId: "113000000011" }],
    },
  ];
  return { ...integrationWith(jobs, name), nuxVisible: false, ...extra };
}

/** An export integration to S3 through `connectionId`. */
export function exportIntegration(
  connectionId: string,
  name = uniqueName("Export"),
): Record<string, unknown> {
  return integrationWith(
    [
      {
        type: "AnaplanToAmazonS3",
        sources: [{ type: "Anaplan", actionId: "116000000011" }],
        targets: [{ type: "AmazonS3", connectionId, file: "exports/", overwrite: true }],
      },
    ],
    name,
  );
}

/** A process integration; with `connectionId`, an import and an export job through it. */
export function processIntegration(
  connectionId?: string,
  name = uniqueName("Process"),
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name,
    version: "2.0",
    processId: "118000000001",
    workspaceId: WORKSPACE_ID,
    modelId: MODEL_ID,
  };
  if (connectionId) {
    body.jobs = [
      {
        type: "AmazonS3ToAnaplan",
        sources: [{ type: "AmazonS3", connectionId, file: "in.csv" }],
        targets: [{ type: "Anaplan", actionId: "112000000021", fileId: "113000000021" }],
      },
      {
        type: "AnaplanToAmazonS3",
        sources: [{ type: "Anaplan", actionId: "116000000021" }],
        targets: [{ type: "AmazonS3", connectionId, file: "exports/" }],
      },
    ];
  }
  return body;
}

/** A flow running the integrations in order, each step after the one before. */
export function flowBody(
  integrationIds: string[],
  name = uniqueName("Flow"),
): Record<string, unknown> {
  return {
    name,
    version: "2.0",
    type: "IntegrationFlow",
    steps: integrationIds.map((id, i) => ({
      type: "Integration",
      referrer: id,
      ...(i > 0 ? { dependsOn: [integrationIds[i - 1]] } : {}),
      isSkipped: false,
      exceptionBehavior: [
        { type: "failure", strategy: "stop" },
        { type: "partial_success", strategy: "continue" },
      ],
    })),
  };
}

/** A daily schedule body for `integrationId`, `extra` merged into `schedule`. */
export function dailySchedule(
  integrationId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    integrationId,
    schedule: {
      name: "nightly",
      type: "daily",
      time: "11:55",
      startDate: "2030-07-03",
      endDate: "2030-12-01",
      timezone: "Europe/Paris",
      ...extra,
    },
  };
}

/** Polls `probe` until it returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Poll R4 until the run has an endDate. */
export async function waitForRun(api: Api, runId: string): Promise<Reply> {
  return waitFor(async () => {
    const reply = await api.get(`/integrations/run/${runId}`);
    return reply.json?.run?.endDate ? reply : undefined;
  });
}

// ---- certificates -------------------------------------------------------------------------

/** A certificate and its key, in node-forge and Node forms. */
export interface Issued {
  certPem: string;
  privateKey: KeyObject;
  forgeCert: forge.pki.Certificate;
  forgeKey: forge.pki.rsa.PrivateKey;
}

function rsaKeys(): {
  privateKey: KeyObject;
  forgeKey: forge.pki.rsa.PrivateKey;
  forgePublic: forge.pki.rsa.PublicKey;
} {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey,
    forgeKey: forge.pki.privateKeyFromPem(
      privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    ),
    forgePublic: forge.pki.publicKeyFromPem(
      publicKey.export({ type: "spki", format: "pem" }).toString(),
    ),
  };
}

const DAY = 24 * 60 * 60 * 1000;

/** A self-signed CA certificate. */
export function makeCa(commonName: string): Issued {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + 365 * DAY);
  const attrs = [
    { name: "commonName", value: commonName },
    { name: "organizationName", value: "Test CA" },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.forgeKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    privateKey: keys.privateKey,
    forgeCert: cert,
    forgeKey: keys.forgeKey,
  };
}

/** A client certificate for `subject`, signed by `ca`. */
export function issueClientCert(
  ca: Issued,
  subject: { commonName: string; email?: string },
  validity: { notBefore?: Date; notAfter?: Date } = {},
): Issued {
  const keys = rsaKeys();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.forgePublic;
  cert.serialNumber = randomBytes(8)
    .toString("hex")
    .replace(/^[89a-f]/, "1");
  cert.validity.notBefore = validity.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = validity.notAfter ?? new Date(Date.now() + 30 * DAY);
  const attrs: forge.pki.CertificateField[] = [{ name: "commonName", value: subject.commonName }];
  if (subject.email) attrs.push({ name: "emailAddress", value: subject.email });
  cert.setSubject(attrs);
  cert.setIssuer(ca.forgeCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true },
    { name: "extKeyUsage", clientAuth: true },
  ]);
  cert.sign(ca.forgeKey, forge.md.sha256.create());
  return {
    certPem: forge.pki.certificateToPem(cert),
    privateKey: keys.privateKey,
    forgeCert: cert,
    forgeKey: keys.forgeKey,
  };
}

/** `CACertificate <base64 of the whole PEM>` (SDK style) or of the DER bytes (older docs). */
export function certificateHeader(certPem: string, encoding: "pem" | "der" = "pem"): string {
  if (encoding === "pem") return `CACertificate ${Buffer.from(certPem).toString("base64")}`;
  const der = certPem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  return `CACertificate ${der}`;
}

/** A certificate login body: random bytes (v2: after a timestamp) and their signature. */
export function certificateBody(
  privateKey: KeyObject | string,
  options: { v2?: boolean; randomBytes?: number; timestamp?: number; tamper?: boolean } = {},
): Record<string, string> {
  const random = randomBytes(options.randomBytes ?? 100);
  let data = random;
  if (options.v2) {
    const stamp = Buffer.alloc(8);
    stamp.writeBigUInt64BE(BigInt(options.timestamp ?? Date.now()));
    data = Buffer.concat([stamp, random]);
  }
  const key = typeof privateKey === "string" ? createPrivateKey(privateKey) : privateKey;
  const signature = sign("sha512", data, key);
  const sent = Buffer.from(data);
  if (options.tamper) sent[sent.length - 1] ^= 0xff;
  const body: Record<string, string> = {
    encodedData: sent.toString("base64"),
    encodedSignedData: signature.toString("base64"),
  };
  if (options.v2) body.encodedDataFormat = "v2";
  return body;
}
