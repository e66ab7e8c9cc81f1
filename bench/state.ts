/**
 * State size, from `pulumi stack export`: the compact-JSON bytes of each resource entry, and of
 * the serialized dynamic provider (`__provider`) it carries in its inputs and again in its
 * outputs. Sizes are UTF-8 bytes of `JSON.stringify` of the value (the export itself is
 * pretty-printed, which adds whitespace that the backend's storage may or may not keep).
 */
import type { StateDeployment } from "../scripts/localStack";

/** Sizes of one kind of resource. */
export interface KindStateBytes {
  /** Resources of this kind in state. */
  resources: number;
  /** Mean bytes of a whole resource entry (URN, inputs, outputs, dependencies, …). */
  entryBytes: number;
  /** Largest entry. */
  entryBytesMax: number;
  /**
   * Mean bytes of the call stack the engine records with the entry (`sourcePosition` and
   * `stackTrace`, with their keys): the SDK's, not the provider's, and longer the deeper the
   * program's directory lies relative to its node_modules.
   */
  engineTraceBytes: number;
  /** Mean bytes of `inputs.__provider`. */
  providerInputBytes: number;
  /** Mean bytes of `outputs.__provider`. */
  providerOutputBytes: number;
}

/** State sizes of one stack. */
export interface StateBytes {
  /** Bytes of the whole `pulumi stack export` text. */
  exportBytes: number;
  /** Per kind: `connection` (URN name `conn-…`), `integration` (`import-…`), `other`. */
  byKind: Record<string, KindStateBytes>;
}

/** The benchmark kind of a resource, from its URN name. */
export function kindOf(urn: string): "connection" | "integration" | "other" {
  const name = urn.slice(urn.lastIndexOf("::") + 2);
  if (name.startsWith("conn-")) return "connection";
  if (name.startsWith("import-")) return "integration";
  return "other";
}

function bytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** Measures an exported deployment. */
export function measureState(exportText: string, deployment: StateDeployment): StateBytes {
  const sums: Record<
    string,
    { n: number; entry: number; max: number; trace: number; pin: number; pout: number }
  > = {};
  for (const resource of deployment.resources ?? []) {
    const kind = kindOf(resource.urn);
    const sum = (sums[kind] ??= { n: 0, entry: 0, max: 0, trace: 0, pin: 0, pout: 0 });
    const entry = bytes(resource);
    const {
      stackTrace: _trace,
      sourcePosition: _position,
      ...rest
    } = resource as Record<string, unknown>;
    sum.trace += entry - bytes(rest);
    sum.n += 1;
    sum.entry += entry;
    sum.max = Math.max(sum.max, entry);
    sum.pin += bytes(resource.inputs?.__provider);
    sum.pout += bytes(resource.outputs?.__provider);
  }
  const byKind: Record<string, KindStateBytes> = {};
  for (const [kind, sum] of Object.entries(sums)) {
    byKind[kind] = {
      resources: sum.n,
      entryBytes: Math.round(sum.entry / sum.n),
      entryBytesMax: sum.max,
      engineTraceBytes: Math.round(sum.trace / sum.n),
      providerInputBytes: Math.round(sum.pin / sum.n),
      providerOutputBytes: Math.round(sum.pout / sum.n),
    };
  }
  return { exportBytes: Buffer.byteLength(exportText, "utf8"), byKind };
}
