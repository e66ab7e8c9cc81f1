/**
 * The benchmark's own arithmetic and report: option parsing, medians of repeated runs, the state
 * breakdown (serialized provider and the engine's call stack apart) and the side-by-side report
 * with the no-op floor. The measurements themselves come from `npm run bench` (never timed here).
 */
import { formatReport } from "../../bench/report";
import type { BenchResults, Operation, OperationResult, SizeResult } from "../../bench/results";
import { OPERATIONS } from "../../bench/results";
import { median, parseOptions } from "../../bench/run";
import { measureState } from "../../bench/state";

describe("options", () => {
  it("defaults to sizes small enough for a few minutes, one run each", () => {
    const options = parseOptions([]);
    expect(options.sizes).toEqual([10, 100]);
    expect(options.repeat).toBe(1);
  });

  it("takes sizes and repetitions from the command line", () => {
    const options = parseOptions(["--sizes", "10,100,500", "--repeat", "3"]);
    expect(options.sizes).toEqual([10, 100, 500]);
    expect(options.repeat).toBe(3);
  });

  it("rejects a repetition count below one, with the usage", () => {
    expect(() => parseOptions(["--repeat", "0"])).toThrow(/--repeat needs an integer >= 1\nusage/);
  });
});

describe("median", () => {
  it("takes the middle of an odd count and the mean of the middle two of an even count", () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});

describe("measureState", () => {
  const entry = (urn: string, provider: string) => ({
    urn,
    type: "pulumi-nodejs:dynamic/cloudworks:Connection",
    inputs: { __provider: provider, name: "a" },
    outputs: { __provider: provider, name: "a", status: 1 },
    sourcePosition: "project:///index.ts#1,1",
    stackTrace: [{ sourcePosition: "project:///index.ts#1,1" }, {}],
  });

  it("reports each kind's entry, its __provider and the engine's call stack apart", () => {
    const deployment = {
      resources: [
        entry("urn:x::conn-001", "p".repeat(88)),
        entry("urn:x::conn-002", "q".repeat(88)),
      ],
    };
    const state = measureState("{}", deployment as never);
    const connection = state.byKind.connection;
    expect(connection.resources).toBe(2);
    expect(connection.providerInputBytes).toBe(90); // 88 characters and two quotes
    expect(connection.providerOutputBytes).toBe(90);
    const whole = Buffer.byteLength(JSON.stringify(deployment.resources[0]));
    const { stackTrace: _t, sourcePosition: _p, ...rest } = deployment.resources[0];
    expect(connection.entryBytes).toBe(whole);
    expect(connection.engineTraceBytes).toBe(whole - Buffer.byteLength(JSON.stringify(rest)));
    expect(connection.engineTraceBytes).toBeGreaterThan(0);
  });
});

describe("report", () => {
  const op = (seconds: number, calls: number): OperationResult => ({
    wallMs: seconds * 1000,
    wallMsRuns: [seconds * 1000],
    calls: calls ? { "POST /2/0/integrations": calls } : {},
    totalCalls: calls,
    api: {
      requests: calls,
      beforeFirstRequestMs: null,
      apiWindowMs: null,
      afterLastResponseMs: null,
      peakInFlight: 0,
      meanInFlight: null,
    },
  });
  const all = (seconds: number, calls: number) =>
    Object.fromEntries(OPERATIONS.map((o) => [o, op(seconds, calls)])) as Record<
      Operation,
      OperationResult
    >;
  const state = measureState("{}", { resources: [] } as never);
  const size: SizeResult = {
    count: 10,
    runs: 1,
    pulumi: all(6, 21),
    floor: all(4, 0),
    baseline: all(0.5, 21),
    firstPreview: op(9, 0),
    ratio: Object.fromEntries(OPERATIONS.map((o) => [o, 12])) as Record<Operation, number>,
    ratioToFloor: Object.fromEntries(OPERATIONS.map((o) => [o, 1.5])) as Record<Operation, number>,
    state,
    floorState: state,
    targets: [{ target: "one POST per created object", met: true, detail: "10 + 10" }],
    loadAverage: { before: 1, after: 2 },
  };
  const results: BenchResults = {
    startedAt: "2026-11-30T00:00:00Z",
    totalSeconds: 60,
    machine: { cpus: 2, cpuModel: "cpu", node: "v20", platform: "linux", pulumi: "v3.248.0" },
    environment: {},
    latencyMs: 50,
    parallel: 8,
    sizes: [size],
  };

  it("shows the floor and both ratios for every operation, and a per-N summary", () => {
    const text = formatReport(results);
    expect(text).toMatch(/operation\s+pulumi s\s+floor s\s+baseline s\s+p\/floor\s+p\/baseline/);
    expect(text).toMatch(/\nup\s+6\.00\s+4\.00\s+0\.50\s+1\.50x\s+12\.0x\s+21\/21/);
    expect(text).toMatch(
      /\n10\s+destroy\s+6\.00\s+4\.00\s+0\.50\s+1\.50x\s+12\.0x\s+21\s+21\s+0\.300/,
    );
    expect(text).toContain("met (10 + 10)");
  });
});
