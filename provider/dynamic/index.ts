/**
 * The dynamic-provider implementations, loaded by package name (`pulumi-cloudworks/dynamic`)
 * from the thin shims that Pulumi serializes into state. Nothing here is captured in a closure,
 * so upgrading this code never changes `__provider` and never shows a spurious diff.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConnectionProvider } from "./connection";
import { DeletionGuardProvider } from "./deletionGuard";
import { FlowProvider } from "./flow";
import { IntegrationProvider } from "./integration";
import { RunProvider } from "./run";

export { ConnectionProvider } from "./connection";
export { DeletionGuardProvider, deletionRefusedMessage } from "./deletionGuard";
export { FlowProvider } from "./flow";
export { IntegrationProvider } from "./integration";
export { RunProvider } from "./run";
export {
  setProviderConfig,
  SETTING_KEYS,
  environmentVariableFor,
  ProviderConfigurationError,
} from "./settings";
export { UNKNOWN } from "./unknowns";

/**
 * The provider kinds a `__provider` text names: the keys of {@link providers}. Declared here,
 * beside the table, and imported as a type by resources/registration.ts (its `providerText` and
 * `registrations`; a type import, so the program never loads this module).
 */
export type ProviderKind = "connection" | "integration" | "flow" | "run" | "deletionGuard";

/** One provider instance per kind for the whole process (they share the client and token). */
export const providers: Record<ProviderKind, pulumi.dynamic.ResourceProvider> = {
  connection: new ConnectionProvider(),
  integration: new IntegrationProvider(),
  flow: new FlowProvider(),
  run: new RunProvider(),
  deletionGuard: new DeletionGuardProvider(),
};
