// Region table, URL overrides and the construction-time URL rules.
import {
  ANAPLAN_REGIONS,
  CloudWorksClient,
  isLoopbackHost,
  resolveEndpoints,
} from "../../provider/client";

const credentials = { kind: "basic" as const, username: "u@example.com", password: "p-123456" };

describe("resolveEndpoints", () => {
  test.each([
    ["us1", "https://api.cloudworks.anaplan.com", "https://auth.anaplan.com"],
    ["eu2", "https://api.cloudworks.anaplan.com", "https://auth.anaplan.com"],
    ["ap1", "https://api.cloudworks.anaplan.com", "https://auth.anaplan.com"],
    ["us9", "https://us9.api.anaplan.com/cloudworks", "https://us9.auth.anaplan.com"],
    ["eu3", "https://eu3.api.anaplan.com/cloudworks", "https://eu3.auth.anaplan.com"],
    ["gb1", "https://gb1.api.anaplan.com/cloudworks", "https://gb1.auth.anaplan.com"],
    ["ca1", "https://ca1a.api.anaplan.com/cloudworks", "https://ca1a.auth.anaplan.com"],
    ["me1", "https://me1.api.anaplan.com/cloudworks", "https://me1.auth.anaplan.com"],
    ["au1", "https://api.cloudworks.au1a.app2.anaplan.com", "https://au1a.app2.anaplan.com"],
  ])("%s", (region, apiUrl, authUrl) => {
    expect(resolveEndpoints(region)).toEqual({ apiUrl, authUrl });
  });

  test("covers every region of reference §1", () => {
    expect(Object.keys(ANAPLAN_REGIONS).sort()).toEqual(
      [
        "us1",
        "us2",
        "us5",
        "us7",
        "eu1",
        "eu2",
        "eu4",
        "ap1",
        "us9",
        "eu3",
        "eu5",
        "gb1",
        "ca1",
        "sg1",
        "ae1",
        "in1",
        "id1",
        "me1",
        "au1",
      ].sort(),
    );
  });

  test("defaults to us1 and ignores case", () => {
    expect(resolveEndpoints()).toEqual(resolveEndpoints("us1"));
    expect(resolveEndpoints("GB1")).toEqual(resolveEndpoints("gb1"));
  });

  test("overrides win; trailing slashes and a /2/0 suffix are dropped", () => {
    expect(
      resolveEndpoints("eu3", {
        apiUrl: "http://127.0.0.1:4010/2/0/",
        authUrl: "http://127.0.0.1:4010/",
      }),
    ).toEqual({ apiUrl: "http://127.0.0.1:4010", authUrl: "http://127.0.0.1:4010" });
    expect(resolveEndpoints("us1", { authUrl: "https://auth.example.com" })).toEqual({
      apiUrl: "https://api.cloudworks.anaplan.com",
      authUrl: "https://auth.example.com",
    });
  });

  test("an unknown region is a clear error listing the known ones", () => {
    expect(() => resolveEndpoints("mars1")).toThrow(
      /^Unknown Anaplan region "mars1"\. Known regions: us1, us2, us5, us7, eu1, eu2, eu4, ap1, us9, eu3, eu5, gb1, ca1, sg1, ae1, in1, id1, me1, au1\./,
    );
    expect(() => new CloudWorksClient({ credentials, region: "toString" })).toThrow(
      /Unknown Anaplan region/,
    );
  });
});

describe("URL rules at construction", () => {
  test.each([
    "http://127.0.0.1:4010",
    "http://127.8.9.10",
    "http://localhost:4010",
    "http://[::1]:4010",
    "http://[::ffff:127.0.0.1]:4010",
  ])("plain http to loopback is allowed: %s", (url) => {
    const client = new CloudWorksClient({ credentials, apiUrl: url, authUrl: url });
    expect(client.apiUrl).toBe(url);
    expect(client.authUrl).toBe(url);
  });

  test.each([
    ["apiUrl", "http://api.cloudworks.anaplan.com"],
    ["authUrl", "http://10.0.0.5:8080"],
    ["apiUrl", "http://localhost.example.com"],
    ["authUrl", "http://128.0.0.1"],
  ])("plain http to a non-loopback host is rejected (%s %s)", (option, url) => {
    expect(() => new CloudWorksClient({ credentials, [option]: url })).toThrow(
      new RegExp(
        `^${option} "${url.replace(/[.]/g, "\\.")}/" uses plain http to a non-loopback host`,
      ),
    );
  });

  test("credentials in the URL, other schemes and garbage are rejected", () => {
    expect(
      () => new CloudWorksClient({ credentials, apiUrl: "https://user:pw@cw.example.com" }),
    ).toThrow("apiUrl must not embed credentials in the URL (https://cw.example.com/)");
    expect(() => new CloudWorksClient({ credentials, authUrl: "ftp://auth.example.com" })).toThrow(
      /must use https/,
    );
    expect(() => new CloudWorksClient({ credentials, apiUrl: "not a url" })).toThrow(
      /not a valid absolute URL/,
    );
  });

  test("numeric options are validated", () => {
    expect(() => new CloudWorksClient({ credentials, timeoutMs: 0 })).toThrow(
      "timeoutMs must be a positive number",
    );
    expect(() => new CloudWorksClient({ credentials, maxRetries: -1 })).toThrow(
      "maxRetries must be a non-negative number",
    );
  });

  test("isLoopbackHost", () => {
    for (const host of [
      "localhost",
      "LOCALHOST",
      "127.0.0.1",
      "127.255.0.9",
      "::1",
      "[::1]",
      "::ffff:127.0.0.1",
    ]) {
      expect(isLoopbackHost(host)).toBe(true);
    }
    for (const host of [
      "10.0.0.1",
      "128.0.0.1",
      "localhost.evil.com",
      "::2",
      "example.com",
      "0.0.0.0",
    ]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});
