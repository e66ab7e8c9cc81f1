/**
 * Dependency hygiene of the AWS part: @pulumi/aws is an optional peer dependency (importing the
 * package must not load it; only building a landing zone does, with a clear message when it is
 * missing), and the AGPL policy simulator is a test-only dependency.
 */
import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";

beforeAll(() => {
  pulumi.runtime.setMocks({
    newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
    call: () => ({}),
  });
});

afterEach(() => {
  jest.dontMock("@pulumi/aws");
});

it("the package root leaves the landing zone to the pulumi-cloudworks/aws subpath", () => {
  jest.doMock("@pulumi/aws", () => {
    throw new Error("@pulumi/aws was loaded");
  });
  jest.isolateModules(() => {
    const root = require("../../provider");
    expect(typeof root.CloudWorksConnection).toBe("function");
    // Re-exporting it would pull @pulumi/aws's declarations into every root import's type check.
    expect(root.CloudWorksS3LandingZone).toBeUndefined();
  });
});

it("importing pulumi-cloudworks/aws does not load @pulumi/aws", () => {
  jest.doMock("@pulumi/aws", () => {
    throw new Error("@pulumi/aws was loaded");
  });
  jest.isolateModules(() => {
    const lib = require("pulumi-cloudworks/aws");
    expect(typeof lib.CloudWorksS3LandingZone).toBe("function");
    expect(
      lib.renderPolicyJson(
        lib.buildBucketPolicy({
          bucketArn: "arn:aws:s3:::b-b-b",
          kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k",
          allowedCidrs: ["203.0.113.7"],
          exemptPrincipalArns: [],
        }),
      ),
    ).toContain("DenyOutsideCloudWorksAllowlist");
  });
});

it("building a landing zone without @pulumi/aws says what to install", () => {
  jest.doMock("@pulumi/aws", () => {
    const error = new Error(
      "Cannot find module '@pulumi/aws' from 'landingZone.ts'",
    ) as NodeJS.ErrnoException;
    error.code = "MODULE_NOT_FOUND";
    throw error;
  });
  jest.isolateModules(() => {
    const { CloudWorksS3LandingZone } = require("../../provider/aws");
    expect(() => new CloudWorksS3LandingZone("no-aws", { anaplanRegion: "eu1" })).toThrow(
      /CloudWorksS3LandingZone needs the @pulumi\/aws package \(v7\) in your program: npm install @pulumi\/aws@\^7/,
    );
  });
});

it("never references @cloud-copilot (AGPL, dev only) from provider code", () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith(".ts")) {
        files.push(full);
      }
    }
  };
  walk(path.join(__dirname, "..", "..", "provider"));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    expect(`${file}: ${fs.readFileSync(file, "utf8").includes("@cloud-copilot")}`).toBe(
      `${file}: false`,
    );
  }
});
