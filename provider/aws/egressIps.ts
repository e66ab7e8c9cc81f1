/**
 * The published Anaplan → customer ("inbound to you") addresses CloudWorks connects from, per
 * Anaplan region. These become the `aws:SourceIp` allowlist of the landing-zone bucket policy.
 *
 * Anaplan publishes single addresses, not CIDR blocks, and can change them. The table is
 * therefore dated, and every stack can add addresses (`allowedCidrs`) or skip the table
 * entirely (omit `anaplanRegion`). To update it: compare with the source page, edit
 * `cloudWorksEgressTable`, bump `CLOUDWORKS_EGRESS_TABLE_DATE`, run `npx jest tests/aws`.
 */

/** The date ("Last modified") of the Anaplan Support page the table below was copied from. */
export const CLOUDWORKS_EGRESS_TABLE_DATE = "2026-05-22";

/** Where the table comes from: section "Inbound traffic IPs (Anaplan → Client)" of this page. */
export const CLOUDWORKS_EGRESS_TABLE_SOURCE =
  "https://support.anaplan.com/url-ip-and-allowlist-requirements-c8235c7d-8af2-413b-a9ff-d465978806b9";

/** The Anaplan regions (tenant locations) the published table covers. */
export const anaplanRegions = [
  "us1",
  "us2",
  "us5",
  "us7",
  "us9",
  "eu1",
  "eu2",
  "eu3",
  "eu4",
  "eu5",
  "gb1",
  "ca1",
  "ap1",
  "au1",
  "sg1",
  "in1",
  "id1",
  "me1",
  "ae1",
] as const;

/** An Anaplan region name such as `eu1` or `us9`. */
export type AnaplanRegion = (typeof anaplanRegions)[number];

/** One Anaplan host group of the published table and the single IPv4 addresses it egresses from. */
export interface CloudWorksEgressHost {
  /** The host label the page uses (e.g. `us5a`, `eu4.app`). */
  readonly host: string;
  /** The IPv4 addresses, as published (no prefix length). */
  readonly addresses: readonly string[];
}

// Host groups shared by several regions, listed once so the regions cannot drift apart.
const us1a: CloudWorksEgressHost = { host: "us1a", addresses: ["64.124.186.246"] };
const usRegions: readonly CloudWorksEgressHost[] = [
  us1a,
  { host: "us2a", addresses: ["8.47.83.246"] },
  {
    host: "us5a",
    addresses: [
      "35.236.225.23",
      "34.86.3.9",
      "35.245.184.129",
      "35.245.80.250",
      "35.194.80.245",
      "35.245.194.248",
      "34.145.232.49",
      "34.150.141.162",
      "35.221.61.136",
      "35.188.241.80",
    ],
  },
  {
    host: "us6a",
    addresses: [
      "34.29.13.114",
      "34.28.180.35",
      "34.69.187.10",
      "34.132.99.60",
      "34.30.187.11",
      "34.173.8.202",
      "35.192.58.171",
      "146.148.93.123",
      "34.133.40.172",
      "34.16.44.58",
    ],
  },
  { host: "us7a", addresses: ["18.213.122.112", "23.22.53.175", "3.224.166.179"] },
  { host: "us8a", addresses: ["35.82.230.212", "44.232.241.220", "34.208.203.170"] },
];
const euRegions: readonly CloudWorksEgressHost[] = [
  { host: "eu1a", addresses: ["94.31.44.4", "212.119.8.246"] },
  { host: "eu2a", addresses: ["195.122.182.10", "195.12.254.113", "83.231.153.246"] },
  {
    host: "eu4.app",
    addresses: [
      "3.124.34.169",
      "3.69.37.79",
      "18.193.151.207",
      "54.246.61.246",
      "54.75.48.71",
      "52.209.155.24",
    ],
  },
  us1a,
];

/**
 * CloudWorks egress addresses per Anaplan region, as published on
 * {@link CLOUDWORKS_EGRESS_TABLE_SOURCE} on {@link CLOUDWORKS_EGRESS_TABLE_DATE}.
 */
export const cloudWorksEgressTable: Readonly<
  Record<AnaplanRegion, readonly CloudWorksEgressHost[]>
> = {
  us1: usRegions,
  us2: usRegions,
  us5: usRegions,
  us7: usRegions,
  us9: [{ host: "us9.app", addresses: ["172.202.32.107", "4.246.104.21"] }],
  eu1: euRegions,
  eu2: euRegions,
  eu4: euRegions,
  eu3: [
    {
      host: "eu3.app",
      addresses: [
        "3.122.123.91",
        "18.198.253.63",
        "3.121.135.205",
        "52.16.152.42",
        "54.171.10.95",
        "52.51.144.204",
      ],
    },
  ],
  eu5: [
    {
      host: "eu5.app",
      addresses: [
        "34.155.40.243",
        "34.155.24.14",
        "34.155.102.148",
        "34.155.35.146",
        "34.163.241.167",
        "34.91.219.130",
        "34.12.127.1",
        "34.12.239.12",
        "34.12.118.245",
        "34.13.211.108",
      ],
    },
  ],
  gb1: [{ host: "gb1.app", addresses: ["35.176.53.152", "35.177.119.89", "3.11.230.110"] }],
  ca1: [
    {
      host: "ca1a.app",
      addresses: [
        "34.130.12.154",
        "34.130.6.56",
        "34.130.145.253",
        "34.130.235.35",
        "34.130.203.29",
      ],
    },
    {
      host: "ca2a.app",
      addresses: [
        "34.152.13.87",
        "35.234.253.123",
        "34.152.0.97",
        "34.152.38.252",
        "35.203.73.106",
      ],
    },
  ],
  ap1: [
    {
      host: "ap1a.app",
      addresses: [
        "34.84.109.3",
        "35.200.4.137",
        "34.85.50.244",
        "34.146.6.174",
        "35.194.106.134",
        "34.146.203.25",
        "35.200.22.108",
        "35.221.76.130",
        "35.221.111.44",
        "34.84.12.166",
      ],
    },
    {
      host: "ap2a.app",
      addresses: [
        "34.97.233.220",
        "34.97.97.106",
        "34.97.52.33",
        "34.97.41.93",
        "34.97.198.238",
        "34.97.117.19",
        "34.97.94.180",
        "34.97.12.55",
        "34.97.122.37",
        "34.97.140.55",
      ],
    },
    us1a,
  ],
  au1: [{ host: "au1a.app2", addresses: ["52.65.61.246", "13.54.40.1", "3.24.121.239"] }],
  // The page's host label for sg1 did not survive extraction; the addresses did.
  sg1: [{ host: "sg1", addresses: ["52.77.114.155", "18.143.246.143", "18.141.82.122"] }],
  in1: [
    {
      host: "in1.app",
      addresses: [
        "13.127.11.174",
        "43.205.41.113",
        "35.154.55.44",
        "18.60.26.128",
        "98.130.37.123",
        "18.60.201.18",
      ],
    },
  ],
  id1: [{ host: "id1.app", addresses: ["108.136.210.112", "43.218.50.162", "43.218.62.177"] }],
  me1: [
    {
      host: "me1.app",
      addresses: [
        "34.166.49.145",
        "34.166.58.239",
        "34.166.36.1",
        "34.166.61.164",
        "34.166.52.165",
      ],
    },
  ],
  ae1: [
    { host: "ae1.app", addresses: ["3.29.211.87", "51.112.107.41", "3.29.172.232"] },
    // Published as the "DR region in EU" for ae1: CloudWorks runs from here during a failover.
    { host: "ae1 DR (EU)", addresses: ["52.30.214.35", "34.248.180.240", "54.170.26.212"] },
  ],
};

/**
 * Whether `value` names a region of the published table.
 *
 * @param value a candidate region name, e.g. from stack config
 * @returns true for `eu1`, `us9`, …; false otherwise (matching is exact and lower-case)
 */
export function isAnaplanRegion(value: string): value is AnaplanRegion {
  return (anaplanRegions as readonly string[]).includes(value);
}

/**
 * The CloudWorks egress addresses of one Anaplan region as `/32` CIDRs, de-duplicated, in table
 * order.
 *
 * @param region an Anaplan region from {@link anaplanRegions}
 * @returns the region's addresses as `a.b.c.d/32`
 */
export function cloudWorksEgressCidrs(region: AnaplanRegion): string[] {
  const seen = new Set<string>();
  for (const host of cloudWorksEgressTable[region]) {
    for (const address of host.addresses) {
      seen.add(`${address}/32`);
    }
  }
  return [...seen];
}
