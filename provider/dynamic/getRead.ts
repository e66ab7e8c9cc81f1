/**
 * Reads made for a resource class's static `get` (a Pulumi read step): how the provider tells
 * them from a refresh, and what it answers when the object does not exist.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ResourceOperationError } from "./errors";
import { GET_MARKER } from "./inputs";

/**
 * The answer of a `read` that found no object with this ID. A refresh answers a blank ID, which
 * tells the engine the object was deleted out of band. A `get` must fail instead: the 3.248 host
 * adds `__provider` to whatever `read` returns, so the engine would see non-empty outputs and
 * record an object that does not exist, with every output undefined.
 */
export function missingRead(
  kind: string,
  noun: string,
  id: string,
  props: object | undefined,
): pulumi.dynamic.ReadResult {
  const isGet = props !== undefined && GET_MARKER in props && props[GET_MARKER] === true;
  if (!isGet) return { id: "" };
  throw new ResourceOperationError(
    `${kind}.get: no ${noun} with ID ${id} exists in this tenant. Check the ID (copy it from ` +
      `the CloudWorks UI, or look the ${noun} up by name with a lookup function) and that the ` +
      "cloudworks:* configuration points at the tenant that holds it.",
  );
}
