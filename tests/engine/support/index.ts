/**
 * Shared setup for the real-engine suites, the one module they import: the CLI and a stack of
 * examples/local against an emulator (engineFixture.ts), and the flagship on the fake `aws`
 * plugin (flagshipFixture.ts), and the requests a command made (requestCounts.ts).
 * flagshipWeaken.ts is not setup but a file copied into the
 * flagship program; only its type is exported here.
 */
export * from "./engineFixture";
export * from "./flagshipFixture";
export * from "./requestCounts";
export type { WeakenVariant } from "./flagshipWeaken";
