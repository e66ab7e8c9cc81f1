/**
 * Reading what this stack does not manage: lookup functions by name and for run history. (The
 * static `get` of each resource class lives with the class.)
 */
export * from "./byName";
export * from "./runs";
export { CloudWorksLookupError } from "./session";
