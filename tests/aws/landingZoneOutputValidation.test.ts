/**
 * Bad configuration that arrives as an Output (e.g. from another resource or a stack
 * reference) cannot be checked in the constructor; it fails inside apply as soon as the value is
 * known, which in a real run fails `pulumi preview`/`up` ("Running program failed: …").
 *
 * This is tested on the component's argument resolution rather than on a whole component:
 * under mocks, the dependent resource registrations would reject too, unobserved, and crash the
 * test worker (the real language host reports them as the program's failure instead).
 */
import * as pulumi from "@pulumi/pulumi";

import { failureOf, installMocks, valueOf } from "./support";
import { resolveLandingZoneArgs } from "../../provider/aws/landingZoneArgs";

beforeAll(() => {
  installMocks(true);
});

it("fails an Output-valued 0.0.0.0/0 with a message naming the argument and the rule", async () => {
  const resolved = resolveLandingZoneArgs("late", { allowedCidrs: pulumi.output(["0.0.0.0/0"]) });
  expect((await failureOf(resolved.allowlist)).message).toMatch(
    /CloudWorksS3LandingZone: allowedCidrs\[0\] "0\.0\.0\.0\/0" is invalid: would allow every address/,
  );
});

it("fails an Output-valued empty allowlist", async () => {
  const resolved = resolveLandingZoneArgs("late", { allowedCidrs: pulumi.output([] as string[]) });
  expect((await failureOf(resolved.allowlist)).message).toMatch(
    /allowedCidrs \[\] is invalid: must not be empty/,
  );
});

it("fails an Output-valued unknown region, admin ARN, bucket name and prefix", async () => {
  const resolved = resolveLandingZoneArgs("late", {
    anaplanRegion: pulumi.output("xx1"),
    adminRoleArns: pulumi.output(["admin"]),
    bucketName: pulumi.output("Bad_Name"),
    prefix: pulumi.output("anaplan"),
  });
  const [allowlist, admins, bucketName, prefix] = [
    failureOf(resolved.allowlist),
    failureOf(resolved.adminRoleArns),
    failureOf(resolved.bucketNameArg as pulumi.Output<string>),
    failureOf(resolved.prefix),
  ];
  expect((await allowlist).message).toMatch(/anaplanRegion "xx1" is invalid: must be one of/);
  expect((await admins).message).toMatch(/adminRoleArns\[0\] "admin" is invalid/);
  expect((await bucketName).message).toMatch(/bucketName "Bad_Name" is invalid/);
  expect((await prefix).message).toMatch(/prefix "anaplan" is invalid: must end with \//);
});

it("still checks the plain parts of a partly-Output allowlist synchronously", () => {
  expect(() =>
    resolveLandingZoneArgs("mixed", {
      anaplanRegion: pulumi.output("eu1"),
      allowedCidrs: ["::/0"],
    }),
  ).toThrow(/allowedCidrs\[0\] "::\/0" is invalid/);
  expect(() =>
    resolveLandingZoneArgs("mixed", {
      anaplanRegion: "eu9",
      allowedCidrs: [pulumi.output("203.0.113.7")],
    }),
  ).toThrow(/anaplanRegion "eu9" is invalid/);
});

it("passes valid Output-valued configuration through unchanged", async () => {
  const resolved = resolveLandingZoneArgs("ok", {
    anaplanRegion: pulumi.output("au1"),
    allowedCidrs: [pulumi.output("203.0.113.0/24")],
    prefix: pulumi.output("anaplan/au/"),
  });
  expect(await valueOf(resolved.allowlist)).toEqual([
    "3.24.121.239/32",
    "13.54.40.1/32",
    "52.65.61.246/32",
    "203.0.113.0/24",
  ]);
  expect(await valueOf(resolved.prefix)).toBe("anaplan/au/");
});
