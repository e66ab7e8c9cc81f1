/** The emulator's shared parts, wired together once per started emulator. */
import { FaultSet } from "./faults";
import type { ResolvedOptions } from "./options";
import { StateFile } from "./persistence";
import { TokenBucket } from "./rateLimit";
import { RunEngine, type RunHost } from "./runs";
import { emptyTenant, replaceTenant, type TenantState } from "./store";
import { TokenStore } from "./tokens";
import { UserDirectory } from "./users";

/** @internal State, users, tokens, runs, faults and counters of one emulator. */
export class EmulatorCore implements RunHost {
  readonly state: TenantState = emptyTenant();
  readonly users: UserDirectory;
  readonly tokens: TokenStore;
  readonly faults: FaultSet;
  readonly runs: RunEngine;
  readonly rateLimiter: TokenBucket | undefined;
  readonly stateFile: StateFile | undefined;
  /** Requests per route template. */
  readonly counts = new Map<string, number>();
  /** `http://127.0.0.1:PORT`, known once listening. */
  baseUrl = "";
  private dirty = false;
  private closed = false;

  constructor(readonly options: ResolvedOptions) {
    this.users = new UserDirectory(options.users);
    this.tokens = new TokenStore(options.tokenLifetimeMs);
    this.faults = new FaultSet();
    for (const rule of options.faults) this.faults.add(rule);
    this.runs = new RunEngine(this);
    this.rateLimiter = options.rateLimit ? new TokenBucket(options.rateLimit) : undefined;
    this.stateFile = options.stateFile ? new StateFile(options.stateFile) : undefined;
    const loaded = this.stateFile?.load();
    if (loaded) replaceTenant(this.state, loaded);
    this.runs.resumeOrphans();
  }

  /** `triggerSource` of runs the API starts. */
  get triggerSource(): string {
    return this.options.triggerSource;
  }

  /** Duration of one simulated run. */
  get runDurationMs(): number {
    return this.options.runDurationMs;
  }

  /** Pick up a state file another process rewrote since we last read or wrote it. */
  beforeChange(): void {
    const loaded = this.stateFile?.loadIfChanged();
    if (loaded) replaceTenant(this.state, loaded);
  }

  /** Record that the tenant changed; written by {@link EmulatorCore.flush}. */
  markDirty(): void {
    this.dirty = true;
  }

  /** Persist pending changes now. */
  changed(): void {
    this.markDirty();
    this.flush();
  }

  /** Write the state file when something changed. */
  flush(): void {
    if (this.dirty && this.stateFile && !this.closed) this.stateFile.save(this.state);
    this.dirty = false;
  }

  /** Write the state file unconditionally (after out-of-band edits). */
  save(): void {
    if (!this.closed) this.stateFile?.save(this.state);
    this.dirty = false;
  }

  /**
   * Final flush, then no more writes: another emulator may own the state file next, and a
   * request still sleeping in a latency fault must not overwrite its changes.
   */
  close(): void {
    this.runs.close();
    this.flush();
    this.closed = true;
  }

  /** Empty tenant, no runs in flight, no configured outcomes. */
  reset(): void {
    this.runs.stopAll();
    this.runs.clearOutcomes();
    replaceTenant(this.state, emptyTenant());
    this.changed();
  }

  /** Count one request under its route template. */
  count(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
}
