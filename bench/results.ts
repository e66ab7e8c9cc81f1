/** The shapes of the benchmark's JSON output (`.bench/bench-results.json` by default). */
import type { StateBytes } from "./state";
import type { ApiTiming } from "./timeline";

/** The four measured operations, in the order they run. */
export const OPERATIONS = ["up", "preview", "refresh", "destroy"] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** One operation as Pulumi or the baseline performed it. */
export interface OperationResult {
  /** Milliseconds from starting the process to its exit (the median when repeated). */
  wallMs: number;
  /** Every repetition's wall time, in run order (calls and timing are from the median run). */
  wallMsRuns: number[];
  /** Requests by endpoint, as the emulator counts them (`"POST /2/0/integrations"`). */
  calls: Record<string, number>;
  /** Sum of {@link calls}. */
  totalCalls: number;
  /** Where the time went, from the emulator's answer times. */
  api: ApiTiming;
}

/** A call-count target of the issue, checked for one N. */
export interface TargetCheck {
  /** The target, in words. */
  target: string;
  /** Whether the measurement meets it. */
  met: boolean;
  /** The figures it was judged on. */
  detail: string;
}

/** Everything measured for one N. */
export interface SizeResult {
  /** N: connections, and integrations. */
  count: number;
  /** The Pulumi CLI runs. */
  pulumi: Record<Operation, OperationResult>;
  /** The axios script runs. */
  baseline: Record<Operation, OperationResult>;
  /**
   * The no-op floor (bench/floor): the same graph through `pulumi.dynamic.Resource` with
   * provider methods that make no HTTP call, run by the same CLI with the same flags.
   */
  floor: Record<Operation, OperationResult>;
  /** How many times each operation ran (wall times are medians of these). */
  runs: number;
  /**
   * `pulumi preview` of the new stack, run once before `up`: the program's first run in a new
   * directory, where ts-node type-checks it from scratch (later runs reuse ts-node's cache in
   * the temp dir). Kept apart so that `up` shows the steady state and this the one-off cost.
   */
  firstPreview: OperationResult;
  /** Pulumi wall time ÷ baseline wall time, per operation. */
  ratio: Record<Operation, number>;
  /** Pulumi wall time ÷ floor wall time, per operation. */
  ratioToFloor: Record<Operation, number>;
  /** State sizes after `up`. */
  state: StateBytes;
  /** State sizes of the floor's stack after its `up`. */
  floorState: StateBytes;
  /** The call-count targets. */
  targets: TargetCheck[];
  /**
   * The machine's 1-minute load average before and after this N: other work on the machine
   * slows the CLI runs far more than the baseline, so a high figure flags distorted ratios.
   */
  loadAverage: { before: number; after: number };
}

/** The whole JSON output. */
export interface BenchResults {
  /** ISO time the run started. */
  startedAt: string;
  /** Seconds the whole benchmark took. */
  totalSeconds: number;
  /** Where it ran. */
  machine: { cpus: number; cpuModel: string; node: string; platform: string; pulumi: string };
  /** PULUMI_* variables set for the run that change how the CLI works (they reach every CLI run). */
  environment: Record<string, string>;
  /** Emulator latency added to every request. */
  latencyMs: number;
  /** `--parallel` given to Pulumi, and the baseline's concurrency. */
  parallel: number;
  /** Per N. */
  sizes: SizeResult[];
}
