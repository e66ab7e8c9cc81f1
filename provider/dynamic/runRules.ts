// Validation of a run's inputs (what to run, triggers, timeout), run by check before any API call.
import { RunInputs } from "./inputs";
import { isUnknown } from "./unknowns";
import {
  checkReservedKeys,
  describeValue,
  FailureCollector,
  LOWER_HEX_ID,
  pathKey,
} from "./validation";

/** A process run took about six minutes in a live test (reference §5.4); allow a working day. */
const MAX_TIMEOUT_SECONDS = 12 * 3600;
const RUN_KEYS = ["integrationId", "flowId", "triggers", "timeoutSeconds", "failOnError"];

/** Validates every run input before any API call. */
export function checkRun(collector: FailureCollector, news: RunInputs): void {
  checkReservedKeys(collector, "", news);
  collector.knownKeys("", news, RUN_KEYS);
  const hasIntegration = news.integrationId !== undefined && news.integrationId !== null;
  const hasFlow = news.flowId !== undefined && news.flowId !== null;
  if (hasIntegration === hasFlow) {
    collector.fail(
      "integrationId",
      "integrationId or flowId: exactly one of integrationId and flowId must be set",
    );
  }
  collector.pattern(
    "integrationId",
    news.integrationId,
    LOWER_HEX_ID,
    "an integration ID of 32 lowercase hex characters",
  );
  collector.pattern(
    "flowId",
    news.flowId,
    LOWER_HEX_ID,
    "a flow ID of 32 lowercase hex characters",
  );
  collector.integer("timeoutSeconds", news.timeoutSeconds, 1, MAX_TIMEOUT_SECONDS);
  collector.boolean("failOnError", news.failOnError);
  const triggers = news.triggers;
  if (triggers !== undefined && !isUnknown(triggers)) {
    if (triggers === null || typeof triggers !== "object" || Array.isArray(triggers)) {
      collector.fail("triggers", "triggers must be a map of names to string values");
    } else {
      // Strings are documented: a nested object would be compared and stored whole, and
      // numbers or booleans are one String() away from what the user meant.
      for (const [key, value] of Object.entries(triggers)) {
        if (typeof value === "string" || isUnknown(value)) continue;
        const property = pathKey("triggers", key);
        collector.fail(
          property,
          `${property} must be a string (triggers map names to string values, e.g. a file's ETag); got ${describeValue(value)}`,
        );
      }
    }
  }
}
