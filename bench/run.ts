/**
 * `npm run bench`: API calls, wall time and state size of `pulumi up` / `preview` / `refresh` /
 * `destroy` of N connections and N integrations, with the real Pulumi CLI against the local
 * emulator with a per-request latency, side by side with the no-op floor (the same graph through
 * `pulumi.dynamic.Resource` with methods that make no HTTP call, bench/floor) and a plain-axios
 * script doing the same job at the same concurrency. Prints tables to stdout, progress to stderr, and writes JSON.
 *
 *   npm run bench -- --sizes 10,100,500 --latency-ms 50 --out .bench/bench-results.json
 *   npm run bench -- --parallel 16       # default: the CLI's own default (4 × CPUs)
 *   npm run bench -- --repeat 3          # every operation 3 times; wall times are medians
 *
 * See docs/benchmarks.md for what each figure means.
 */
import { execFileSync, spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator } from "../emulator";
import type { RunningEmulator } from "../emulator";
import { LocalStack, REPO_ROOT } from "../scripts/localStack";
import type { BaselineRequest } from "./baseline";
import { benchObjects } from "./objects";
import { formatReport } from "./report";
import {
  BenchResults,
  Operation,
  OPERATIONS,
  OperationResult,
  SizeResult,
  TargetCheck,
} from "./results";
import { BENCH_USERNAME, createBenchStack, createFloorStack } from "./stack";
import { measureState, StateBytes } from "./state";
import { RequestTimeline } from "./timeline";

/** Command-line options. */
export interface BenchOptions {
  /** Values of N. */
  sizes: number[];
  /** Emulator latency per request. */
  latencyMs: number;
  /** JSON output file. */
  out: string;
  /** `--parallel` for Pulumi and the baseline's concurrency; undefined = the CLI's default. */
  parallel?: number;
  /** Repetitions of every operation per N; wall times are their medians. */
  repeat: number;
}

const USAGE = `usage: npm run bench -- [--sizes 10,100] [--latency-ms 50] [--parallel P] [--repeat R] [--out FILE]`;

/** Parses argv (without node and script); throws with the usage on anything unexpected. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    // Small enough for a few minutes on 2 cores; `--sizes 10,100,500` for the full picture.
    sizes: [10, 100],
    latencyMs: 50,
    repeat: 1,
    out: path.join(REPO_ROOT, ".bench", "bench-results.json"),
  };
  const positiveInt = (flag: string, text: string | undefined, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`${flag} needs an integer >= ${min}\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case "--sizes":
        options.sizes = (value ?? "").split(",").map((part) => positiveInt(flag, part, 1));
        break;
      case "--latency-ms":
        options.latencyMs = positiveInt(flag, value, 0);
        break;
      case "--parallel":
        options.parallel = positiveInt(flag, value, 1);
        break;
      case "--repeat":
        options.repeat = positiveInt(flag, value, 1);
        break;
      case "--out":
        if (!value) throw new Error(`--out needs a file\n${USAGE}`);
        options.out = path.resolve(value);
        break;
      case "--help":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${flag}\n${USAGE}`);
    }
    i++;
  }
  return options;
}

const benchStarted = Date.now();

/** A progress line on stderr, so stdout carries only the report. */
function progress(message: string): void {
  const at = ((Date.now() - benchStarted) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[bench ${at}s] ${message}\n`);
}

function pulumiBinDir(): string {
  return execFileSync(
    "bash",
    [path.join(REPO_ROOT, "scripts", "install-pulumi.sh"), "--print-bin-dir"],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    },
  ).trim();
}

/** The CLI's own `--parallel` default (4 × GOMAXPROCS, or PULUMI_PARALLEL), read from its help. */
function cliDefaultParallel(binDir: string): number {
  const help = execFileSync(path.join(binDir, "pulumi"), ["up", "--help"], { encoding: "utf8" });
  const match = /--parallel int32[^\n]*\(default (\d+)\)/.exec(help);
  if (!match) throw new Error("cannot read the default of --parallel from `pulumi up --help`");
  return Number(match[1]);
}

function pulumiArgs(operation: Operation, parallel: number): string[] {
  const p = ["--parallel", String(parallel)];
  switch (operation) {
    case "up":
      return ["up", "--yes", "--skip-preview", ...p];
    case "preview":
      return ["preview", "--expect-no-changes", ...p];
    case "refresh":
      return ["refresh", "--yes", "--skip-preview", "--expect-no-changes", ...p];
    case "destroy":
      return ["destroy", "--yes", "--skip-preview", ...p];
  }
}

/** Runs `body` with zeroed counts and timeline, and returns what the emulator saw. */
async function measured(
  emulator: RunningEmulator,
  timeline: RequestTimeline,
  body: () => Promise<void>,
): Promise<OperationResult> {
  emulator.resetCounts();
  timeline.reset();
  const start = performance.now();
  await body();
  const end = performance.now();
  const calls = emulator.requestCounts();
  return {
    wallMs: end - start,
    wallMsRuns: [end - start],
    calls,
    totalCalls: Object.values(calls).reduce((a, b) => a + b, 0),
    api: timeline.summarise(start, end),
  };
}

const BASELINE_TIMEOUT_MS = 10 * 60 * 1000;

/** Runs the baseline script as its own Node process, as a user would run theirs. */
function runBaselineProcess(request: BaselineRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "baseline.js")], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const timer = setTimeout(() => child.kill("SIGKILL"), BASELINE_TIMEOUT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`baseline ${request.operation} exited with ${code}: ${output}`));
      const result = JSON.parse(output.trim().split("\n").pop() ?? "{}") as { drift?: number };
      if (result.drift)
        return reject(
          new Error(`baseline ${request.operation} found ${result.drift} drifted objects`),
        );
      resolve();
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/** Fails unless the tenant holds exactly the benchmark's objects (or nothing, for `count` 0). */
function expectTenant(emulator: RunningEmulator, count: number, who: string): void {
  const objects = benchObjects(count);
  const want = JSON.stringify([
    objects.map((o) => o.connection.name).sort(),
    objects.map((o) => o.integration.name).sort(),
  ]);
  const have = JSON.stringify([
    Object.values(emulator.state.connections)
      .map((c) => c.body.name)
      .sort(),
    Object.values(emulator.state.integrations)
      .map((i) => i.name)
      .sort(),
  ]);
  if (have !== want) throw new Error(`after ${who}, the tenant does not hold the expected objects`);
}

/** The per-resource state goals. */
const STATE_ENTRY_GOAL_BYTES = 2500;
const PROVIDER_GOAL_BYTES = 600;
/** `up` may make at most this many times the minimum calls (the baseline's). */
const UP_CALLS_GOAL = 1.2;

function checkTargets(
  count: number,
  pulumi: Record<Operation, OperationResult>,
  baseline: Record<Operation, OperationResult>,
  onePass: number,
  state: StateBytes,
): TargetCheck[] {
  const kinds = Object.entries(state.byKind).filter(([kind]) => kind !== "other");
  // The engine's call stack is left out: it is as large for the no-op floor (see the report).
  const largestEntry = Math.max(...kinds.map(([, k]) => k.entryBytes - k.engineTraceBytes));
  const largestProvider = Math.max(
    ...kinds.map(([, k]) => Math.max(k.providerInputBytes, k.providerOutputBytes)),
  );
  const auth = (op: Operation) => pulumi[op].calls["POST /token/authenticate"] ?? 0;
  const lists = pulumi.refresh.calls["GET /2/0/integrations/connections"] ?? 0;
  const posts = [
    pulumi.up.calls["POST /2/0/integrations/connections"] ?? 0,
    pulumi.up.calls["POST /2/0/integrations"] ?? 0,
  ];
  return [
    {
      target: "one authenticate per CLI run",
      met: auth("up") === 1 && auth("refresh") === 1 && auth("destroy") === 1,
      detail: `up ${auth("up")}, refresh ${auth("refresh")}, destroy ${auth("destroy")}`,
    },
    {
      target: "no-change preview makes 0 calls",
      met: pulumi.preview.totalCalls === 0,
      detail: `${pulumi.preview.totalCalls} calls`,
    },
    {
      target: "refresh lists connections in one pass",
      met: lists === onePass,
      detail: `${lists} list GETs, one pass = ${onePass}`,
    },
    {
      target: "one POST per created object",
      met: posts[0] === count && posts[1] === count,
      detail: `${posts[0]} + ${posts[1]} POSTs for ${count} + ${count}`,
    },
    {
      target: `up makes <= ${UP_CALLS_GOAL}x the minimum calls`,
      met: pulumi.up.totalCalls <= UP_CALLS_GOAL * baseline.up.totalCalls,
      detail: `${pulumi.up.totalCalls} calls, minimum ${baseline.up.totalCalls} (${(pulumi.up.totalCalls / baseline.up.totalCalls).toFixed(2)}x)`,
    },
    {
      target: `state entry <= ${STATE_ENTRY_GOAL_BYTES} B per resource, engine call stack aside`,
      met: largestEntry <= STATE_ENTRY_GOAL_BYTES,
      detail: `largest kind mean ${largestEntry} B`,
    },
    {
      target: `__provider <= ${PROVIDER_GOAL_BYTES} B`,
      met: largestProvider <= PROVIDER_GOAL_BYTES,
      detail: `largest ${largestProvider} B`,
    },
  ];
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One result per operation from several repetitions: the median wall time, and the calls and
 * timing of the repetition closest to it (counts do not vary between repetitions of one
 * operation, apart from the shared connection read-backs of `up`).
 */
function combine(runs: Record<Operation, OperationResult>[]): Record<Operation, OperationResult> {
  return Object.fromEntries(
    OPERATIONS.map((op) => {
      const walls = runs.map((run) => run[op].wallMs);
      const mid = median(walls);
      const closest = runs.reduce((best, run) =>
        Math.abs(run[op].wallMs - mid) < Math.abs(best[op].wallMs - mid) ? run : best,
      );
      return [op, { ...closest[op], wallMs: mid, wallMsRuns: walls }];
    }),
  ) as Record<Operation, OperationResult>;
}

/** Runs up, preview, refresh and destroy once on `stack`, checking the tenant where it can. */
async function pulumiCycle(
  label: string,
  stack: LocalStack,
  emulator: RunningEmulator,
  timeline: RequestTimeline,
  parallel: number,
  count: number,
  afterUp: () => Promise<void>,
): Promise<Record<Operation, OperationResult>> {
  const result = {} as Record<Operation, OperationResult>;
  for (const op of OPERATIONS) {
    result[op] = await measured(emulator, timeline, async () => {
      await stack.pulumi(pulumiArgs(op, parallel));
    });
    progress(
      `N=${count}: ${label} ${op}: ${(result[op].wallMs / 1000).toFixed(2)} s, ${result[op].totalCalls} calls`,
    );
    if (op === "up") await afterUp();
  }
  return result;
}

async function benchSize(
  count: number,
  options: BenchOptions,
  parallel: number,
  binDir: string,
): Promise<SizeResult> {
  const loadBefore = os.loadavg()[0];
  const password = randomBytes(12).toString("hex");
  const s3SecretAccessKey = `bench-${randomBytes(12).toString("hex")}`;
  const timeline = new RequestTimeline(options.latencyMs);
  const emulator = await startEmulator({
    port: 0,
    latencyMs: options.latencyMs,
    users: [{ username: BENCH_USERNAME, password }],
    maxIntegrations: Math.max(500, 2 * count),
    logger: timeline.logger,
  });
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "cloudworks-bench-"));
  let stack: LocalStack | undefined;
  let floorStack: LocalStack | undefined;
  try {
    progress(`N=${count}: creating the stacks`);
    const created = await createBenchStack({
      pulumiBinDir: binDir,
      emulatorUrl: emulator.url,
      password,
      s3SecretAccessKey,
      count,
    });
    stack = created;
    const floorCreated = await createFloorStack({ pulumiBinDir: binDir, s3SecretAccessKey, count });
    floorStack = floorCreated;
    const firstPreview = await measured(emulator, timeline, async () => {
      await created.pulumi(["preview", "--parallel", String(parallel)]);
    });
    progress(
      `N=${count}: first preview (cold type-check): ${(firstPreview.wallMs / 1000).toFixed(2)} s`,
    );
    // The floor's program gets its cold type-check out of the way too, unmeasured.
    await floorCreated.pulumi(["preview", "--parallel", String(parallel)]);

    let state: SizeResult["state"] | undefined;
    let floorState: SizeResult["floorState"] | undefined;
    const pulumiRuns: Record<Operation, OperationResult>[] = [];
    const floorRuns: Record<Operation, OperationResult>[] = [];
    const baselineRuns: Record<Operation, OperationResult>[] = [];
    // The three run in turn within each repetition, so that load that comes and goes on a
    // shared machine spreads over all three rather than distorting one.
    for (let run = 1; run <= options.repeat; run++) {
      const tag = options.repeat > 1 ? ` (run ${run}/${options.repeat})` : "";
      pulumiRuns.push(
        await pulumiCycle(
          `pulumi${tag}`,
          created,
          emulator,
          timeline,
          parallel,
          count,
          async () => {
            expectTenant(emulator, count, "pulumi up");
            if (state) return;
            const exported = await created.exportState();
            state = measureState(exported.text, exported.deployment);
          },
        ),
      );
      expectTenant(emulator, 0, "pulumi destroy");

      floorRuns.push(
        await pulumiCycle(
          `floor${tag}`,
          floorCreated,
          emulator,
          timeline,
          parallel,
          count,
          async () => {
            if (floorState) return;
            const exported = await floorCreated.exportState();
            floorState = measureState(exported.text, exported.deployment);
          },
        ),
      );

      const baseline = {} as Record<Operation, OperationResult>;
      for (const op of OPERATIONS) {
        const request: BaselineRequest = {
          operation: op,
          url: emulator.url,
          username: BENCH_USERNAME,
          password,
          s3SecretAccessKey,
          count,
          concurrency: parallel,
          idsFile: path.join(workDir, "ids.json"),
        };
        baseline[op] = await measured(emulator, timeline, () => runBaselineProcess(request));
        progress(
          `N=${count}: baseline${tag} ${op}: ${(baseline[op].wallMs / 1000).toFixed(2)} s, ${baseline[op].totalCalls} calls`,
        );
        if (op === "up") expectTenant(emulator, count, "the baseline's up");
      }
      expectTenant(emulator, 0, "the baseline's destroy");
      baselineRuns.push(baseline);
    }
    const pulumi = combine(pulumiRuns);
    const floor = combine(floorRuns);
    const baseline = combine(baselineRuns);

    const ratioOf = (denominator: Record<Operation, OperationResult>) =>
      Object.fromEntries(
        OPERATIONS.map((op) => [op, pulumi[op].wallMs / denominator[op].wallMs]),
      ) as Record<Operation, number>;
    // The baseline's refresh lists the connections exactly once, so its count is one pass.
    const onePass = baseline.refresh.calls["GET /2/0/integrations/connections"] ?? 0;
    return {
      count,
      runs: options.repeat,
      pulumi,
      baseline,
      floor,
      firstPreview,
      ratio: ratioOf(baseline),
      ratioToFloor: ratioOf(floor),
      state: state!,
      floorState: floorState!,
      targets: checkTargets(count, pulumi, baseline, onePass, state!),
      loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    };
  } finally {
    stack?.dispose();
    floorStack?.dispose();
    await emulator.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  progress("making sure the Pulumi CLI is available");
  const binDir = pulumiBinDir();
  const parallel = options.parallel ?? cliDefaultParallel(binDir);
  const pulumiVersion = execFileSync(path.join(binDir, "pulumi"), ["version"], {
    encoding: "utf8",
  }).trim();
  progress(
    `sizes ${options.sizes.join(",")}, latency ${options.latencyMs} ms, --parallel ${parallel}`,
  );
  const startedAt = new Date().toISOString();
  const sizes: SizeResult[] = [];
  for (const count of options.sizes) sizes.push(await benchSize(count, options, parallel, binDir));
  const results: BenchResults = {
    startedAt,
    totalSeconds: (Date.now() - benchStarted) / 1000,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      pulumi: pulumiVersion,
    },
    environment: Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] =>
          /^PULUMI_/.test(entry[0]) &&
          !/PASSPHRASE|TOKEN|SECRET/i.test(entry[0]) &&
          entry[1] !== undefined,
      ),
    ),
    latencyMs: options.latencyMs,
    parallel,
    sizes,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatReport(results)}\n`);
  progress(`wrote ${options.out}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
