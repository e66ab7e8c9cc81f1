/**
 * The errors a new user meets first name the cause and the fix: an endpoint nobody answers at
 * names `cloudworks:apiUrl`/`cloudworks:authUrl`, an object deleted outside Pulumi suggests
 * `pulumi refresh`, rejected credentials name the credential keys and say that refresh and
 * destroy use the configuration of the last `up`, and a bad provider configuration (unknown
 * region, unusable URL, no credentials) fails in `configure`, which the engine runs at preview.
 * Real HTTP against the emulator; a port that was just closed stands for a stopped server.
 */
import { ConnectionProvider } from "../../provider/dynamic";
import {
  configureFor,
  PASSWORD,
  s3Connection,
  useProviderHarness,
  totalRequests,
  USERNAME,
} from "./support";
import { closedPortUrl } from "../client/support";

const savedEnv = { ...process.env };

// Registered before the harness's, so the provider is configured with the variables gone.
beforeEach(() => {
  // Stack config is what these tests set; no CLOUDWORKS_* variable of the host may fill a gap.
  for (const key of Object.keys(process.env))
    if (key.startsWith("CLOUDWORKS_")) delete process.env[key];
});

const harness = useProviderHarness();

afterAll(() => {
  process.env = { ...savedEnv };
});

/** Calls `configure` as the engine does, with the whole stack config as a key lookup. */
function configure(config: Record<string, string>): Promise<void> {
  return new ConnectionProvider().configure({
    config: { get: (key: string) => config[key] } as never,
  });
}

function failureOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: Error) => error,
  );
}

const basicLogin = { "cloudworks:username": USERNAME, "cloudworks:password": PASSWORD };

describe("nothing answers at the configured URL (ECONNREFUSED)", () => {
  it("at the auth URL: names cloudworks:authUrl and its environment variable", async () => {
    await configure({
      ...basicLogin,
      "cloudworks:apiUrl": harness.emulator.url,
      "cloudworks:authUrl": await closedPortUrl(),
    });
    const error = await failureOf(new ConnectionProvider().create(s3Connection("No auth host")));
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toMatch(/Fix: .*check cloudworks:authUrl \(or CLOUDWORKS_AUTH_URL\)/);
    expect(error.message).toContain("npx cloudworks-emulator");
  });

  it("at the API URL: names cloudworks:apiUrl and its environment variable", async () => {
    await configure({
      ...basicLogin,
      "cloudworks:apiUrl": await closedPortUrl(),
      "cloudworks:authUrl": harness.emulator.url,
    });
    const error = await failureOf(new ConnectionProvider().create(s3Connection("No API host")));
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).toMatch(/Fix: .*check cloudworks:apiUrl \(or CLOUDWORKS_API_URL\)/);
  });
});

it("a host name that does not resolve (ENOTFOUND): names cloudworks:authUrl", async () => {
  // `.invalid` never resolves (RFC 6761), so this needs no network.
  await configure({
    ...basicLogin,
    "cloudworks:apiUrl": "https://api.cloudworks.invalid",
    "cloudworks:authUrl": "https://auth.cloudworks.invalid",
  });
  const error = await failureOf(new ConnectionProvider().create(s3Connection("No such host")));
  expect(error.message).toMatch(/ENOTFOUND/);
  expect(error.message).toMatch(/Fix: .*check cloudworks:authUrl \(or CLOUDWORKS_AUTH_URL\)/);
});

it("an object deleted outside Pulumi: the update says to run pulumi refresh", async () => {
  const provider = new ConnectionProvider();
  const created = await provider.create(s3Connection("Deleted out of band"));
  // As if someone deleted it in the UI, or the emulator restarted without its state file.
  delete harness.emulator.state.connections[created.id];
  const error = await failureOf(
    provider.update(created.id, s3Connection("Deleted out of band"), s3Connection("Renamed")),
  );
  expect(error.message).toMatch(/404/);
  expect(error.message).toMatch(/deleted outside Pulumi.*run `pulumi refresh`/);
});

it("rejected credentials: names the credential keys and the configuration refresh and destroy use", async () => {
  configureFor(harness.emulator, { "cloudworks:password": "not-the-password" });
  const error = await failureOf(new ConnectionProvider().create(s3Connection("Bad login")));
  expect(error.message).toMatch(/401/);
  expect(error.message).toContain("cloudworks:username and cloudworks:password");
  expect(error.message).toContain("pulumi config set --secret cloudworks:password");
  expect(error.message).toContain(
    "`pulumi refresh` and `pulumi destroy` use the configuration stored at the last `pulumi up`",
  );
  expect(error.message).not.toContain("not-the-password");
});

describe("provider configuration is checked in configure (so at preview), without an API call", () => {
  it("an unknown cloudworks:region names the key, the known regions and the command", async () => {
    const error = await failureOf(
      configure({
        ...basicLogin,
        "cloudworks:region": "eu9",
        "cloudworks:apiUrl": harness.emulator.url,
      }),
    );
    expect(error.message).toMatch(
      /^cloudworks:region \(or CLOUDWORKS_REGION\) is "eu9", which is not an Anaplan region\. Known regions: us1, .*gb1.*\. Fix: `pulumi config set cloudworks:region <region>`/,
    );
    expect(totalRequests(harness.emulator)).toBe(0);
  });

  it("a plain-http URL to a remote host names the key", async () => {
    const error = await failureOf(
      configure({ ...basicLogin, "cloudworks:apiUrl": "http://cloudworks.example.com" }),
    );
    expect(error.message).toMatch(/^cloudworks:apiUrl \(or CLOUDWORKS_API_URL\): .*plain http/);
    expect(error.message).toContain("`pulumi config set cloudworks:apiUrl <url>`");
  });

  it("missing credentials name the keys to set", async () => {
    const error = await failureOf(configure({ "cloudworks:apiUrl": harness.emulator.url }));
    expect(error.message).toMatch(
      /No Anaplan credentials configured.*cloudworks:username \(or CLOUDWORKS_USERNAME\)/,
    );
    expect(totalRequests(harness.emulator)).toBe(0);
  });

  it("a complete configuration passes and the provider works with it", async () => {
    await configure({
      ...basicLogin,
      "cloudworks:apiUrl": harness.emulator.url,
      "cloudworks:authUrl": harness.emulator.url,
    });
    const created = await new ConnectionProvider().create(s3Connection("Configured"));
    expect(harness.emulator.state.connections[created.id]).toBeDefined();
  });
});
