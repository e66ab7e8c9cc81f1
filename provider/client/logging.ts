import { SecretRegistry } from "./redaction";

/** Severity of a client log line. */
export type ClientLogLevel = "debug" | "info" | "warn";

/** Receives the client's log lines; every line is redacted before it gets here. */
export type ClientLogger = (level: ClientLogLevel, message: string) => void;

/** The client's internal logging function. @internal */
export type Log = (level: ClientLogLevel, message: string) => void;

/**
 * Wraps a user logger so that every line goes through redaction, and a throwing logger can never
 * turn a successful API call into a failure.
 * @internal
 */
export function createLog(logger: ClientLogger | undefined, secrets: SecretRegistry): Log {
  if (logger === undefined) {
    return () => undefined;
  }
  return (level, message) => {
    try {
      logger(level, secrets.redact(message));
    } catch {
      // Logging is best effort.
    }
  };
}
