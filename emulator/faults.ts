/** Fault rules: latency, injected statuses, resets, commit-then-fail and dropped responses. */
import { createHash, randomUUID } from "node:crypto";
import type { FaultController, FaultKind, FaultRule, FaultRuleStatus } from "./types";

const KINDS: readonly FaultKind[] = ["latency", "status", "reset", "commitThenFail", "drop"];

/** @internal What the server must do with a request after the rules were consulted. */
export interface FaultDecision {
  /** Milliseconds to wait before handling. */
  latencyMs: number;
  /** The first non-latency rule that fired, if any. */
  action?: FaultRuleStatus;
}

interface ActiveRule {
  status: FaultRuleStatus;
  pattern: RegExp | undefined;
  /** Requests seen per route, for seeded rules. */
  seen: Map<string, number>;
}

/** IDs the emulator issues (32 hex, UUIDs) and numeric Anaplan IDs, so a route is the same on every run. */
const ID_SEGMENT = /^(?:[0-9a-fA-F]{32}|[0-9a-fA-F-]{36}|\d{6,})$/;

/** @internal The route of a request path with its IDs replaced by `{id}`. */
function routeOf(path: string): string {
  return path
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? "{id}" : segment))
    .join("/");
}

/** @internal A uniform number in [0, 1) determined by its inputs. */
function seededDraw(parts: readonly unknown[]): number {
  const digest = createHash("sha256").update(JSON.stringify(parts)).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** @internal Turn `/2/0/integrations/*` style patterns into an anchored regular expression. */
function compilePathPattern(path: string): RegExp {
  let source = "";
  for (const part of path.split(/(\*\*|\*|\{[^}/]*\})/)) {
    if (part === "**") source += ".*";
    else if (part === "*" || /^\{[^}/]*\}$/.test(part)) source += "[^/]+";
    else source += part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** @internal Check a rule before it is added; the admin API turns the error into a 400. */
function validateFaultRule(rule: FaultRule): void {
  if (!KINDS.includes(rule.kind)) throw new Error(`kind must be one of ${KINDS.join(", ")}`);
  if (rule.kind === "status" && ![429, 500, 503].includes(rule.status ?? 0)) {
    throw new Error("status faults need status 429, 500 or 503");
  }
  if (rule.kind === "latency" && !(typeof rule.latencyMs === "number" && rule.latencyMs >= 0)) {
    throw new Error("latency faults need latencyMs >= 0");
  }
  for (const key of ["nth", "times"] as const) {
    const value = rule[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1))
      throw new Error(`${key} must be an integer >= 1`);
  }
  if (rule.after !== undefined && !(Number.isInteger(rule.after) && rule.after >= 0)) {
    throw new Error("after must be an integer >= 0");
  }
  if (rule.percent !== undefined && !(rule.percent >= 0 && rule.percent <= 100)) {
    throw new Error("percent must be within 0..100");
  }
  if (rule.path !== undefined && typeof rule.path !== "string")
    throw new Error("path must be a string");
  if (rule.method !== undefined && typeof rule.method !== "string")
    throw new Error("method must be a string");
  if (rule.seed !== undefined && !Number.isSafeInteger(rule.seed))
    throw new Error("seed must be an integer");
}

/** @internal The live rule set; also the public {@link FaultController}. */
export class FaultSet implements FaultController {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): string {
    validateFaultRule(rule);
    const id = rule.id ?? randomUUID();
    this.remove(id);
    this.rules.push({
      status: { ...rule, id, matched: 0, fired: 0 },
      pattern: rule.path === undefined ? undefined : compilePathPattern(rule.path),
      seen: new Map(),
    });
    return id;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.status.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRuleStatus[] {
    return this.rules.map((rule) => ({ ...rule.status }));
  }

  /** Count the request against every matching rule and decide what happens to it. */
  evaluate(method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      const { status, pattern } = rule;
      const methodOk =
        !status.method || status.method === "*" || status.method.toUpperCase() === method;
      if (!methodOk || (pattern && !pattern.test(path))) continue;
      status.matched += 1;
      if (!this.fires(rule, method, path)) continue;
      if (status.kind === "latency") {
        status.fired += 1;
        decision.latencyMs += status.latencyMs ?? 0;
      } else if (!decision.action) {
        status.fired += 1;
        decision.action = status;
      }
    }
    return decision;
  }

  private fires(active: ActiveRule, method: string, path: string): boolean {
    const rule = active.status;
    if (rule.nth !== undefined) return rule.matched === rule.nth;
    if (rule.matched <= (rule.after ?? 0)) return false;
    if (rule.times !== undefined && rule.fired >= rule.times) return false;
    if (rule.seed === undefined) return this.random() * 100 < (rule.percent ?? 100);
    const route = `${method} ${routeOf(path)}`;
    const occurrence = (active.seen.get(route) ?? 0) + 1;
    active.seen.set(route, occurrence);
    // The rule's own settings are part of the hash, so rules sharing a seed fire independently.
    const { seed, kind, status, method: onMethod, path: onPath, percent } = rule;
    const draw = seededDraw([seed, kind, status, onMethod, onPath, percent, route, occurrence]);
    return draw * 100 < (percent ?? 100);
  }
}
