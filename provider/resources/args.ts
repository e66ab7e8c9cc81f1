// How a resource class's Args type is derived from the resolved inputs its provider receives, so
// that a shape (a schedule, notification settings) is declared once, with its doc comments.
import type * as pulumi from "@pulumi/pulumi";

/** A property's Args form: each item of a list is an Input too, as `@pulumi/aws` takes them. */
type ArgOf<V> = V extends readonly (infer Item)[] ? pulumi.Input<Item>[] : V;

/**
 * The Args form of a resolved input shape: every property a `pulumi.Input` (and every item of a
 * list property). A homomorphic mapped type, so each property keeps its optionality and its doc
 * comment from the one declaration of the shape.
 */
export type ArgsOf<T> = { [K in keyof T]: pulumi.Input<ArgOf<T[K]>> };
