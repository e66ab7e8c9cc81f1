/**
 * With NODE_TLS_REJECT_UNAUTHORIZED=0 the client still works (that is what the variable does),
 * but it says so loudly, once per process, before the first request carries credentials.
 *
 * Jest gives each test file its own copy of process.env, which Node's TLS layer never reads, so
 * the server's CA is trusted through caBundlePem and the test checks what the client says, not
 * Node's own (unchanged) behaviour.
 */
import type * as https from "https";
import { clearTokenCache, CloudWorksClient } from "../../provider/client";
import { resetCertificateWarning } from "../../provider/client/tlsWarning";
import { issue, makeCa, startHttpsServer } from "./support";

const PASSWORD = "tls-warning-password-9c1";
const events: string[] = [];
let server: https.Server;
let url: string;
let caPem: string;
let stderr: jest.SpyInstance;
const savedSetting = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

beforeAll(async () => {
  const ca = makeCa("Test CA");
  caPem = ca.certificatePem;
  const cert = issue(ca, "localhost", { altNames: ["localhost", "127.0.0.1"] });
  const started = await startHttpsServer(cert, "token", {
    onRequest: (req) => events.push(`request ${req.url}`),
  });
  server = started.server;
  url = `https://127.0.0.1:${started.port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  events.length = 0;
  clearTokenCache();
  resetCertificateWarning();
  stderr = jest.spyOn(process.stderr, "write").mockImplementation((text) => {
    events.push(`stderr ${String(text)}`);
    return true;
  });
});
afterEach(() => {
  stderr.mockRestore();
  // The variable changes TLS for the whole worker process: always put it back.
  if (savedSetting === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = savedSetting;
});

function client(): CloudWorksClient {
  return new CloudWorksClient({
    credentials: { kind: "basic", username: "tls@example.com", password: PASSWORD },
    apiUrl: url,
    authUrl: url,
    caBundlePem: caPem,
    retryBaseDelayMs: 1,
    maxRetries: 0,
  });
}

const warnings = () =>
  events.filter((e) => e.startsWith("stderr ") && e.includes("pulumi-cloudworks"));

test("warns once, before the login, when certificate checks are off", async () => {
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  await client().listFlows();
  await client().listFlows();
  expect(warnings()).toHaveLength(1);
  // The warning came before the first request reached the server (the login, with the password).
  expect(events.findIndex((e) => e.includes("pulumi-cloudworks"))).toBeLessThan(
    events.indexOf("request /token/authenticate"),
  );
  const [warning] = warnings();
  expect(warning).toMatch(/certificate checks are OFF.*NODE_TLS_REJECT_UNAUTHORIZED=0/);
  expect(warning).toContain(new URL(url).host);
  expect(warning).toMatch(/cloudworks:caBundlePath/);
  expect(warning).not.toContain(PASSWORD);
});

test.each([undefined, "1", ""])("says nothing when the variable is %p", async (value) => {
  if (value === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = value;
  await client().listFlows();
  expect(warnings()).toEqual([]);
  expect(events).toContain("request /token/authenticate");
});
