/**
 * Local Anaplan auth + CloudWorks API emulator. It speaks HTTP on 127.0.0.1 like the real
 * services (paths, envelopes, status codes, tokens, certificate checks, quirks) and shares no
 * code with the provider, so client bugs stay visible. See emulator/README.md.
 */
import type { AddressInfo } from "node:net";
import { EmulatorCore } from "./core";
import { resolveOptions } from "./options";
import { createEmulatorServer } from "./server";
import type { EmulatorOptions, RunningEmulator } from "./types";

export type {
  EmulatorOptions,
  EmulatorUser,
  EmulatorUserInfo,
  FaultController,
  FaultKind,
  FaultRule,
  FaultRuleStatus,
  RateLimitOptions,
  RunOutcome,
  RunningEmulator,
} from "./types";
export type {
  AuditFields,
  ConnectionType,
  StoredConnection,
  StoredFlow,
  StoredFlowStep,
  StoredIntegration,
  StoredJob,
  StoredJobEndpoint,
  StoredMapping,
  StoredNotification,
  StoredRun,
  StoredRunError,
  StoredSchedule,
  TenantState,
} from "./store";
export { DEMO_USER } from "./users";

/**
 * Start an emulator on 127.0.0.1 (port 0 picks a free port). Use `url` as both the Anaplan auth
 * URL and the CloudWorks base (`${url}/2/0`). Call `stop()` when done.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const core = new EmulatorCore(resolveOptions(options));
  const server = createEmulatorServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(core.options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  core.baseUrl = url;
  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    get state() {
      return core.state;
    },
    users: core.users.list(),
    faults: core.faults,
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        core.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
    requestCounts: () => Object.fromEntries(core.counts),
    resetCounts: () => core.counts.clear(),
    reset: () => core.reset(),
    expireAllTokens: () => core.tokens.expireAll(),
    setRunOutcome: (id, outcome) => core.runs.setOutcome(id, outcome),
    saveState: () => core.save(),
  };
}
