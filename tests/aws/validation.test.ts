/**
 * The validation functions and the dated egress table.
 */
import * as landingZone from "../../provider/aws";

describe("validateAllowlistEntry", () => {
  it.each([
    ["64.124.186.246", "64.124.186.246/32"],
    ["198.51.100.0/24", "198.51.100.0/24"],
    ["3.0.0.0/8", "3.0.0.0/8"],
    ["2001:db8::/32", "2001:db8::/32"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1/128"],
    ["2600:1f18:0:1::/64", "2600:1f18:0:1::/64"],
  ])("accepts %s as %s", (input, normalized) => {
    expect(landingZone.validateAllowlistEntry(input, "allowedCidrs[0]")).toBe(normalized);
  });

  it.each([
    ["", /must be a non-empty IP address or CIDR/],
    [" 203.0.113.7", /without spaces/],
    ["203.0.113", /must be an IPv4\/IPv6 address or CIDR/],
    ["256.1.1.1", /must be an IPv4\/IPv6 address or CIDR/],
    ["010.1.1.1", /must be an IPv4\/IPv6 address or CIDR/],
    ["203.0.113.7/33", /must be an IPv4\/IPv6 address or CIDR/],
    ["203.0.113.7/", /must be an IPv4\/IPv6 address or CIDR/],
    ["203.0.113.0/024", /must be an IPv4\/IPv6 address or CIDR/],
    ["not-an-ip", /must be an IPv4\/IPv6 address or CIDR/],
    ["2001:db8:::1", /must be an IPv4\/IPv6 address or CIDR/],
    ["2001:db8::1::2", /must be an IPv4\/IPv6 address or CIDR/],
    ["0.0.0.0/0", /would allow every address on the internet/],
    ["::/0", /would allow every address on the internet/],
    ["128.0.0.0/1", /broader than \/8/],
    ["2000::/3", /broader than \/16/],
    ["203.0.113.7/24", /has host bits set; did you mean 203\.0\.113\.0\/24\?/],
    ["10.0.0.0/8", /overlaps private \(RFC 1918\) space/],
    ["192.168.1.10", /overlaps private/],
    ["172.20.0.0/16", /overlaps private/],
    ["127.0.0.1", /overlaps loopback/],
    ["169.254.169.254", /overlaps link-local/],
    ["100.64.0.0/10", /overlaps shared carrier-grade NAT/],
    ["::1", /overlaps unspecified\/loopback/],
    ["fd00::/48", /overlaps unique-local/],
    ["fe80::1", /overlaps link-local/],
  ])("rejects %j", (input, message) => {
    expect(() => landingZone.validateAllowlistEntry(input, "allowedCidrs[3]")).toThrow(message);
    expect(() => landingZone.validateAllowlistEntry(input, "allowedCidrs[3]")).toThrow(
      /allowedCidrs\[3\]/,
    );
  });

  it("throws a typed error carrying the argument and the rule", () => {
    try {
      landingZone.validateAllowlistEntry("0.0.0.0/0", "allowedCidrs[1]");
      throw new Error("did not throw");
    } catch (error) {
      expect(error).toBeInstanceOf(landingZone.InvalidLandingZoneArgError);
      expect((error as landingZone.InvalidLandingZoneArgError).argument).toBe("allowedCidrs[1]");
      expect((error as landingZone.InvalidLandingZoneArgError).rule).toMatch(/every address/);
      expect((error as Error).message).toBe(
        'CloudWorksS3LandingZone: allowedCidrs[1] "0.0.0.0/0" is invalid: would allow every address on the ' +
          "internet; list the CloudWorks egress addresses instead",
      );
    }
  });
});

describe("validateAllowlist and resolveAllowlist", () => {
  it("normalizes, de-duplicates and sorts IPv4 numerically before IPv6", () => {
    expect(
      landingZone.validateAllowlist(
        ["2001:db8::1", "64.124.186.246", "8.47.83.246/32", "64.124.186.246/32", "8.47.83.246"],
        "x",
      ),
    ).toEqual(["8.47.83.246/32", "64.124.186.246/32", "2001:db8::1/128"]);
  });

  it("rejects an empty list", () => {
    expect(() => landingZone.validateAllowlist([], "allowedCidrs")).toThrow(
      /allowedCidrs \[\] is invalid: must not be empty/,
    );
  });

  it("requires a region or explicit entries", () => {
    expect(() => landingZone.resolveAllowlist(undefined, undefined)).toThrow(
      /give anaplanRegion, allowedCidrs, or both/,
    );
    expect(() => landingZone.resolveAllowlist(undefined, [])).toThrow(
      /allowedCidrs \[\] is invalid/,
    );
  });

  it("merges the region's table with explicit entries", () => {
    expect(landingZone.resolveAllowlist("us9", ["203.0.113.7"])).toEqual([
      "4.246.104.21/32",
      "172.202.32.107/32",
      "203.0.113.7/32",
    ]);
  });

  it("names the index of a bad explicit entry", () => {
    expect(() => landingZone.resolveAllowlist("eu1", ["203.0.113.7", "nope"])).toThrow(
      /allowedCidrs\[1\] "nope"/,
    );
  });
});

describe("the dated CloudWorks egress table", () => {
  it("carries its date and source", () => {
    expect(landingZone.CLOUDWORKS_EGRESS_TABLE_DATE).toBe("2026-05-22");
    expect(landingZone.CLOUDWORKS_EGRESS_TABLE_SOURCE).toMatch(
      /^https:\/\/support\.anaplan\.com\/url-ip-and-allowlist-requirements-/,
    );
  });

  it("covers every Anaplan region with valid public addresses", () => {
    expect([...landingZone.anaplanRegions].sort()).toEqual(
      Object.keys(landingZone.cloudWorksEgressTable).sort(),
    );
    for (const region of landingZone.anaplanRegions) {
      const cidrs = landingZone.cloudWorksEgressCidrs(region);
      expect(cidrs.length).toBeGreaterThan(0);
      expect(landingZone.validateAllowlist(cidrs, region)).toEqual([...cidrs].sort(byAddress));
    }
  });

  it("lists the shared regions identically and de-duplicates", () => {
    expect(landingZone.cloudWorksEgressCidrs("us2")).toEqual(
      landingZone.cloudWorksEgressCidrs("us1"),
    );
    expect(landingZone.cloudWorksEgressCidrs("eu4")).toEqual(
      landingZone.cloudWorksEgressCidrs("eu1"),
    );
    expect(landingZone.cloudWorksEgressCidrs("us1")).toHaveLength(28);
    expect(landingZone.cloudWorksEgressCidrs("eu1")).toContain("64.124.186.246/32");
    expect(landingZone.cloudWorksEgressCidrs("ae1")).toContain("52.30.214.35/32");
  });
});

describe("the other validators", () => {
  it("checks region names", () => {
    expect(landingZone.validateAnaplanRegion("gb1", "anaplanRegion")).toBe("gb1");
    expect(() => landingZone.validateAnaplanRegion("EU1", "anaplanRegion")).toThrow(
      /anaplanRegion "EU1" is invalid: must be one of us1/,
    );
  });

  it.each([
    "arn:aws:iam::111122223333:role/Admin",
    "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef",
    "arn:aws-us-gov:iam::111122223333:role/ops/Deployer",
    "arn:aws-cn:iam::111122223333:role/a+b=c,d.e@f-g_h",
  ])("accepts role ARN %s", (arn) => {
    expect(landingZone.validateRoleArn(arn, "adminRoleArns[0]")).toBe(arn);
  });

  it.each([
    ["arn:aws:sts::111122223333:assumed-role/Admin/session", /must be an IAM role ARN/],
    ["arn:aws:iam::111122223333:user/alice", /must be an IAM role ARN/],
    ["Admin", /must be an IAM role ARN/],
    ["arn:aws:iam::11112222333:role/Admin", /must be an IAM role ARN/],
    ["arn:aws:iam::111122223333:role/", /must be an IAM role ARN/],
    ["arn:aws:iam::111122223333:role/Admin*", /must not contain wildcards/],
    ["arn:aws:iam::*:role/Admin", /must not contain wildcards/],
  ])("rejects role ARN %s", (arn, message) => {
    expect(() => landingZone.validateRoleArn(arn, "adminRoleArns[2]")).toThrow(message);
  });

  it.each(["abc", "acme-cloudworks-landing", "a1-b2-c3", "x".repeat(63)])(
    "accepts bucket name %s",
    (name) => {
      expect(landingZone.validateBucketName(name, "bucketName")).toBe(name);
    },
  );

  it.each([
    ["ab", /3 to 63 characters/],
    ["x".repeat(64), /3 to 63 characters/],
    ["Acme", /lowercase letters, digits and hyphens/],
    ["acme_landing", /lowercase letters, digits and hyphens/],
    ["-acme", /start and end with a letter or digit/],
    ["acme-", /start and end with a letter or digit/],
    ["acme.landing", /must not contain dots/],
    ["192.168.5.4", /must not contain dots/],
    ["xn--acme", /reserved prefix "xn--"/],
    ["sthree-acme", /reserved prefix "sthree-"/],
    ["acme-s3alias", /reserved suffix "-s3alias"/],
    ["acme--ol-s3", /reserved suffix "--ol-s3"/],
  ])("rejects bucket name %s", (name, message) => {
    expect(() => landingZone.validateBucketName(name, "bucketName")).toThrow(message);
  });

  it.each(["anaplan/", "anaplan/finance/", "a/b-c_d.e/", "Data(1)/"])(
    "accepts prefix %s",
    (prefix) => {
      expect(landingZone.validatePrefix(prefix, "prefix")).toBe(prefix);
    },
  );

  it.each([
    ["", /non-empty key prefix/],
    ["anaplan", /must end with \//],
    ["/anaplan/", /must not start with \//],
    ["ana*/", /must not contain \*, \? or \$/],
    ["${aws:username}/", /must not contain \*, \? or \$/],
    ["ana plan/", /only letters, digits/],
    ["a//b/", /empty, \. or \.\. path segments/],
    ["a/../", /empty, \. or \.\. path segments/],
  ])("rejects prefix %j", (prefix, message) => {
    expect(() => landingZone.validatePrefix(prefix, "prefix")).toThrow(message);
  });

  it("checks VPC endpoint IDs, key aliases, access modes and ranges", () => {
    expect(landingZone.validateVpcEndpointId("vpce-0a1b2c3d", "v")).toBe("vpce-0a1b2c3d");
    expect(landingZone.validateVpcEndpointId("vpce-0a1b2c3d4e5f67890", "v")).toBe(
      "vpce-0a1b2c3d4e5f67890",
    );
    expect(() => landingZone.validateVpcEndpointId("vpce-XYZ", "vpcEndpointIds[0]")).toThrow(
      /vpcEndpointIds\[0\] "vpce-XYZ"/,
    );
    expect(landingZone.validateKeyAlias("alias/cloudworks/prod", "keyAlias")).toBe(
      "alias/cloudworks/prod",
    );
    expect(() => landingZone.validateKeyAlias("cloudworks", "keyAlias")).toThrow(
      /must look like alias\/<name>/,
    );
    expect(() => landingZone.validateKeyAlias("alias/aws/s3", "keyAlias")).toThrow(/reserves/);
    expect(landingZone.validateAccessMode("export", "accessMode")).toBe("export");
    expect(() => landingZone.validateAccessMode("write", "accessMode")).toThrow(
      /must be one of import, export, both/,
    );
    expect(landingZone.validateIntegerInRange(7, "d", 7, 30)).toBe(7);
    expect(() => landingZone.validateIntegerInRange(31, "keyDeletionWindowInDays", 7, 30)).toThrow(
      /from 7 to 30/,
    );
    expect(() => landingZone.validateIntegerInRange(7.5, "d", 7, 30)).toThrow(/whole number/);
  });
});

function byAddress(a: string, b: string): number {
  const toNumber = (cidr: string) =>
    cidr
      .split("/")[0]
      .split(".")
      .reduce((acc, part) => acc * 256 + Number(part), 0);
  return toNumber(a) - toNumber(b);
}
