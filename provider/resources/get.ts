/** What the static `get` of each resource class hands to the engine's read step. */
import { GET_MARKER } from "../dynamic/inputs";

/**
 * The properties of a `get`: the marker that tells the provider's `read` it serves a `get`
 * (so a missing ID fails rather than reading as "deleted"), and every output key set to
 * undefined. The SDK makes an output property for each key it is given, so listing them is what
 * gives a read resource the same `name`, `type`, … outputs as a managed one; undefined values
 * are not sent to the engine.
 * @internal
 */
export function getProperties<T>(outputKeys: readonly string[]): T {
  const props: Record<string, unknown> = { [GET_MARKER]: true };
  for (const key of outputKeys) props[key] = undefined;
  return props as T;
}
