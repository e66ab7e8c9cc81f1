/** Formats {@link BenchResults} as the plain-text tables `npm run bench` prints. */
import { BenchResults, OPERATIONS, SizeResult } from "./results";

const AUTH = "POST /token/authenticate";

/** Left-aligns the first column and right-aligns the others, with two spaces between columns. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_cell, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0]) : cell.padStart(widths[column]),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** The wall-time columns both tables open with: the three programs and the two ratios. */
const WALL_TIME_COLUMNS = ["pulumi s", "floor s", "baseline s", "p/floor", "p/baseline"];

/** The cells under {@link WALL_TIME_COLUMNS} for one operation of one size. */
function wallTimeCells(size: SizeResult, op: (typeof OPERATIONS)[number]): string[] {
  return [
    seconds(size.pulumi[op].wallMs),
    seconds(size.floor[op].wallMs),
    seconds(size.baseline[op].wallMs),
    `${size.ratioToFloor[op].toFixed(2)}x`,
    `${size.ratio[op].toFixed(1)}x`,
  ];
}

function seconds(ms: number | null): string {
  return ms === null ? "-" : (ms / 1000).toFixed(2);
}

function inFlight(mean: number | null): string {
  return mean === null ? "-" : mean.toFixed(1);
}

function operationTable(size: SizeResult): string {
  const rows = [
    [
      "operation",
      ...WALL_TIME_COLUMNS,
      "calls p/b",
      "p: before 1st call s",
      "API window p/b s",
      "p: after last s",
      "in flight p/b: mean",
      "peak",
    ],
  ];
  for (const op of OPERATIONS) {
    const p = size.pulumi[op];
    const b = size.baseline[op];
    rows.push([
      op,
      ...wallTimeCells(size, op),
      `${p.totalCalls}/${b.totalCalls}`,
      seconds(p.api.beforeFirstRequestMs),
      `${seconds(p.api.apiWindowMs)}/${seconds(b.api.apiWindowMs)}`,
      seconds(p.api.afterLastResponseMs),
      `${inFlight(p.api.meanInFlight)}/${inFlight(b.api.meanInFlight)}`,
      `${p.api.peakInFlight}/${b.api.peakInFlight}`,
    ]);
  }
  return table(rows);
}

/** Every repetition's wall time, when there was more than one. */
function runsLine(size: SizeResult): string | undefined {
  if (size.runs < 2) return undefined;
  const list = (results: SizeResult["pulumi"], op: (typeof OPERATIONS)[number]) =>
    results[op].wallMsRuns.map((ms) => seconds(ms)).join(" ");
  return OPERATIONS.map(
    (op) =>
      `${op}: pulumi ${list(size.pulumi, op)} | floor ${list(size.floor, op)} | baseline ${list(size.baseline, op)}`,
  ).join("\n");
}

/**
 * The summary per N the issue asks for: wall time, API calls and state bytes per resource of
 * pulumi-cloudworks, the no-op floor and the axios baseline, with the two ratios.
 */
function summaryTable(results: BenchResults): string {
  const rows = [["N", "operation", ...WALL_TIME_COLUMNS, "calls p", "calls b", "p s/resource"]];
  for (const size of results.sizes) {
    for (const op of OPERATIONS) {
      rows.push([
        String(size.count),
        op,
        ...wallTimeCells(size, op),
        String(size.pulumi[op].totalCalls),
        String(size.baseline[op].totalCalls),
        (size.pulumi[op].wallMs / 1000 / (2 * size.count)).toFixed(3),
      ]);
    }
  }
  return table(rows);
}

function endpointTable(size: SizeResult): string {
  const endpoints = new Set<string>();
  for (const op of OPERATIONS) {
    for (const key of Object.keys(size.pulumi[op].calls)) endpoints.add(key);
    for (const key of Object.keys(size.baseline[op].calls)) endpoints.add(key);
  }
  const sorted = [...endpoints].sort((a, b) =>
    a === AUTH
      ? -1
      : b === AUTH
        ? 1
        : a.split(" ")[1].localeCompare(b.split(" ")[1]) || a.localeCompare(b),
  );
  const rows = [["calls by endpoint (pulumi | baseline)", ...OPERATIONS]];
  for (const endpoint of sorted) {
    rows.push([
      endpoint,
      ...OPERATIONS.map(
        (op) =>
          `${size.pulumi[op].calls[endpoint] ?? 0} | ${size.baseline[op].calls[endpoint] ?? 0}`,
      ),
    ]);
  }
  return table(rows);
}

function stateTable(results: BenchResults): string {
  const rows = [
    ["state bytes per resource (compact JSON, mean)", ...results.sizes.map((s) => `N=${s.count}`)],
  ];
  const who = [
    ["pulumi", (s: SizeResult) => s.state],
    ["floor", (s: SizeResult) => s.floorState],
  ] as const;
  for (const kind of ["connection", "integration"]) {
    for (const [label, state] of who) {
      rows.push([
        `${label} ${kind}: whole entry`,
        ...results.sizes.map((s) => String(state(s).byKind[kind]?.entryBytes ?? "-")),
      ]);
      rows.push([
        `  of which the engine's call stack`,
        ...results.sizes.map((s) => String(state(s).byKind[kind]?.engineTraceBytes ?? "-")),
      ]);
      rows.push([
        `  of which __provider in inputs + outputs`,
        ...results.sizes.map((s) => {
          const k = state(s).byKind[kind];
          return k ? `${k.providerInputBytes} + ${k.providerOutputBytes}` : "-";
        }),
      ]);
    }
  }
  rows.push([
    "pulumi: whole `stack export` (pretty-printed)",
    ...results.sizes.map((s) => String(s.state.exportBytes)),
  ]);
  rows.push([
    "floor: whole `stack export` (pretty-printed)",
    ...results.sizes.map((s) => String(s.floorState.exportBytes)),
  ]);
  return table(rows);
}

function targetTable(results: BenchResults): string {
  const rows = [["call-count target", ...results.sizes.map((s) => `N=${s.count}`)]];
  const names = results.sizes[0]?.targets.map((t) => t.target) ?? [];
  for (const name of names) {
    rows.push([
      name,
      ...results.sizes.map((s) => {
        const check = s.targets.find((t) => t.target === name);
        return check ? `${check.met ? "met" : "NOT MET"} (${check.detail})` : "-";
      }),
    ]);
  }
  return table(rows);
}

/** The full report. */
export function formatReport(results: BenchResults): string {
  const m = results.machine;
  const parts = [
    `CloudWorks benchmark: emulator latency ${results.latencyMs} ms per request, --parallel ${results.parallel} ` +
      `(baseline concurrency ${results.parallel}), ${m.cpus} CPUs (${m.cpuModel}), Node ${m.node}, Pulumi ${m.pulumi}`,
    "p = pulumi CLI run of pulumi-cloudworks, floor = the same graph with a no-op dynamic provider " +
      "(bench/floor), b = axios baseline process; times are wall clock of the whole process" +
      (results.sizes[0]?.runs > 1 ? `, medians of ${results.sizes[0].runs} runs.` : "."),
  ];
  const environment = Object.entries(results.environment).map(([key, value]) => `${key}=${value}`);
  if (environment.length > 0) parts.push(`Environment: ${environment.join(" ")}`);
  for (const size of results.sizes) {
    const load = `${size.loadAverage.before.toFixed(2)} -> ${size.loadAverage.after.toFixed(2)}`;
    parts.push(
      `\nN = ${size.count} connections + ${size.count} integrations (load average ${load})\n`,
    );
    parts.push(operationTable(size));
    const runs = runsLine(size);
    if (runs) parts.push(`every run, s:\n${runs}`);
    parts.push(
      `first preview of the new project (ts-node type-checks the program from scratch): ` +
        `${seconds(size.firstPreview.wallMs)} s, ${size.firstPreview.totalCalls} calls`,
    );
    parts.push("");
    parts.push(endpointTable(size));
  }
  parts.push("\nSummary (p s/resource = pulumi wall time / 2N resources)\n");
  parts.push(summaryTable(results));
  parts.push("");
  parts.push(stateTable(results));
  parts.push("");
  parts.push(targetTable(results));
  parts.push(`\nTotal benchmark time: ${results.totalSeconds.toFixed(0)} s`);
  return parts.join("\n");
}
