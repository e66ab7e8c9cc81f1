// How a resource class's Args relate to its provider: the Args type is derived from the resolved
// inputs the provider receives (so that a shape is declared once, with its doc comments), and
// the props a class registers are built from the Args alike for every class. Not in shim.ts:
// the upgrade test runs these classes over 0.1.0's shim.js, which has only the shim's exports.
import type * as pulumi from "@pulumi/pulumi";
import { rejectReservedKeys } from "./inputGuard";
import { secretIfSet } from "./secrets";

/** A property's Args form: each item of a list is an Input too, as `@pulumi/aws` takes them. */
type ArgOf<V> = V extends readonly (infer Item)[] ? pulumi.Input<Item>[] : V;

/**
 * The Args form of a resolved input shape: every property a `pulumi.Input` (and every item of a
 * list property). A homomorphic mapped type, so each property keeps its optionality and its doc
 * comment from the one declaration of the shape.
 */
export type ArgsOf<T> = { [K in keyof T]: pulumi.Input<ArgOf<T[K]>> };

/**
 * The props a CloudWorks resource class registers, built alike for every class: the args, once
 * the guard against reserved keys has passed them (see inputGuard.ts, which explains why it runs
 * before anything reaches the SDK); each secret key wrapped as a Pulumi secret whatever the caller
 * passed; and `undefined` for each output the provider computes, since the SDK makes an output
 * property only for the keys it is given.
 * @param className the resource class, for the guard's message
 * @param name the Pulumi resource name
 * @param args the caller's args
 * @param outputs the keys the provider adds to the outputs
 * @param secrets the args keys that are always secrets
 * @internal
 */
export function registeredProps(
  className: string,
  name: string,
  args: object,
  outputs: readonly string[],
  secrets: readonly string[] = [],
): pulumi.Inputs {
  rejectReservedKeys(className, name, args);
  const props: pulumi.Inputs = { ...args };
  for (const key of secrets) props[key] = secretIfSet(props[key]);
  for (const key of outputs) props[key] = undefined;
  return props;
}
