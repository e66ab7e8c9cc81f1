/**
 * The static `get` of the classes whose objects a stack can read without managing them
 * (connections, integrations, flows), written once on the base class the three extend.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONNECTION_INPUT_FIELDS } from "../dynamic/connectionTypes";
import { FLOW_INPUT_FIELDS, GET_MARKER, INTEGRATION_INPUT_FIELDS } from "../dynamic/inputs";
import { CloudWorksDynamicResource } from "./registration";

/**
 * The provider kinds whose class has a static `get`: those whose provider can read one object by
 * its ID. A run is not one of them (a run is started, not looked up), so its class has no `get`.
 */
export type ReadableKind = "connection" | "integration" | "flow";

/**
 * The input fields each readable kind's state keeps. A `get` registers every one of them as
 * undefined: the SDK makes an output property only for the keys it is given, so listing them is
 * what gives a read object the same `name`, `type`, … outputs as a managed one (undefined values
 * are not sent to the engine).
 */
const READ_FIELDS: { [K in ReadableKind]: readonly string[] } = {
  connection: CONNECTION_INPUT_FIELDS,
  integration: INTEGRATION_INPUT_FIELDS,
  flow: FLOW_INPUT_FIELDS,
};

/**
 * What `get` passes as the args of the class's constructor. Only `get` holds it, so no caller's
 * args can be taken for it; the constructor swaps it for the kind's read properties.
 */
const READ_REQUEST: object = Object.freeze({});

/**
 * The properties of a `get`: the marker that tells the provider's `read` it serves a `get` (so a
 * missing ID fails rather than reading as "deleted"), and every input field undefined (see
 * {@link READ_FIELDS}).
 */
function readProperties(kind: ReadableKind): Record<string, unknown> {
  const props: Record<string, unknown> = { [GET_MARKER]: true };
  for (const key of READ_FIELDS[kind]) props[key] = undefined;
  return props;
}

/**
 * A resource class whose objects can also be read, made outside the stack, with the static
 * {@link CloudWorksReadableResource.get}; what each class reads, and which outputs a read leaves
 * undefined, its class comment says.
 */
export abstract class CloudWorksReadableResource extends CloudWorksDynamicResource {
  /**
   * Registers the resource, or reads it when `get` made it.
   * @param kind which implementation serves it (one that can read an object by ID)
   * @param name the Pulumi resource name
   * @param args the caller's args, or what `get` passes
   * @param opts resource options
   */
  constructor(kind: ReadableKind, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    super(kind, name, args === READ_REQUEST ? readProperties(kind) : args, opts);
  }

  /**
   * Reads an existing object of this class, made outside this stack (in the UI, by another
   * stack), without managing it. The stack tracks it read-only: it is read again on every
   * preview and update, never updated or deleted, and `destroy` only forgets it. The outputs are
   * those of a managed object, except those the class comment names. Fails naming the class and
   * the ID when no object has that ID. Call it on the class (`CloudWorksConnection.get(…)`): it
   * returns an object of the class it is called on.
   * @param name The Pulumi resource name.
   * @param id The object's ID (32 lowercase hex).
   * @param opts Resource options; `id` is taken from the `id` parameter.
   * @typeParam Resource the class `get` is called on
   * @typeParam Args that class's args
   */
  static get<Resource extends CloudWorksReadableResource, Args>(
    this: new (name: string, args: Args, opts?: pulumi.CustomResourceOptions) => Resource,
    name: string,
    id: pulumi.Input<pulumi.ID>,
    opts?: pulumi.CustomResourceOptions,
  ): Resource {
    // A cast, because no value of the class's Args type exists here: the constructor above
    // recognizes READ_REQUEST and registers the read properties instead, so it is never read as
    // Args.
    return new this(name, READ_REQUEST as Args, { ...opts, id });
  }
}
