/**
 * Provider-wide behaviour: one login per provider process however many resources it serves,
 * credentials only from config or environment with clear errors, and no secret in any error.
 */
import { ConnectionProvider, IntegrationProvider, setProviderConfig } from "../../provider/dynamic";
import {
  configureFor,
  countOf,
  MODEL_ID,
  PASSWORD,
  s3Connection,
  useProviderHarness,
  WORKSPACE_ID,
} from "./support";
import { clearTokenCache } from "../../provider/client";

const harness = useProviderHarness();

describe("one provider process", () => {
  it("authenticates exactly once for N connections and N integrations created concurrently", async () => {
    const connections = new ConnectionProvider();
    const integrations = new IntegrationProvider();
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => connections.create(s3Connection(`Connection ${i}`))),
    );
    await Promise.all(
      created.map((c, i) =>
        integrations.create({
          name: `Integration ${i}`,
          workspaceId: WORKSPACE_ID,
          modelId: MODEL_ID,
          jobs: [
            {
              type: "AmazonS3ToAnaplan",
              connectionId: c.id,
              file: "a.csv",
              actionId: "112000000001",
              fileId: "113000000001",
            },
          ],
        }),
      ),
    );
    expect(countOf(harness.emulator, "POST /token/authenticate")).toBe(1);
    expect(countOf(harness.emulator, "POST /2/0/integrations/connections")).toBe(10);
    expect(countOf(harness.emulator, "POST /2/0/integrations")).toBe(10);
  });

  it("re-authenticates once when the token expires mid-deployment", async () => {
    const connections = new ConnectionProvider();
    await connections.create(s3Connection("Before expiry"));
    harness.emulator.expireAllTokens();
    await connections.create(s3Connection("After expiry"));
    expect(countOf(harness.emulator, "POST /token/authenticate")).toBe(2);
  });
});

describe("credentials", () => {
  const savedEnv = { ...process.env };
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it("fails at the first operation that needs them, naming the keys to set, without calling the API", async () => {
    setProviderConfig({ get: () => undefined });
    clearTokenCache();
    for (const key of Object.keys(process.env))
      if (key.startsWith("CLOUDWORKS_")) delete process.env[key];
    await expect(new ConnectionProvider().create(s3Connection("No creds"))).rejects.toThrow(
      /No Anaplan credentials configured.*cloudworks:username \(or CLOUDWORKS_USERNAME\).*cloudworks:password/,
    );
    expect(Object.keys(harness.emulator.requestCounts())).toHaveLength(0);
  });

  it("falls back to environment variables read at run time", async () => {
    setProviderConfig({ get: () => undefined });
    clearTokenCache();
    process.env.CLOUDWORKS_API_URL = harness.emulator.url;
    process.env.CLOUDWORKS_AUTH_URL = harness.emulator.url;
    process.env.CLOUDWORKS_USERNAME = "demo@example.com";
    process.env.CLOUDWORKS_PASSWORD = PASSWORD;
    const created = await new ConnectionProvider().create(s3Connection("From env"));
    expect(harness.emulator.state.connections[created.id]).toBeDefined();
  });

  it("reports wrong credentials without echoing the password", async () => {
    configureFor(harness.emulator, { "cloudworks:password": "wrong-password-value" });
    const error = await new ConnectionProvider()
      .create(s3Connection("Bad login"))
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /CloudWorksConnection "Bad login": create failed: .*401/,
    );
    for (const text of [
      (error as Error).message,
      (error as Error).stack ?? "",
      JSON.stringify(error),
    ]) {
      expect(text).not.toContain("wrong-password-value");
    }
  });
});
