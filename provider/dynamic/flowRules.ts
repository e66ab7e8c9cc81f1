// Validation of a flow's inputs (name, steps), run by check before any API call.
import { FLOW_INPUT_FIELDS, FlowInputs } from "./inputs";
import { isUnknown } from "./unknowns";
import { checkName, checkReservedKeys, FailureCollector, LOWER_HEX_ID } from "./validation";

/** The SDK caps flows at 100 steps; the API requires two enabled ones (reference §7b). */
const MAX_STEPS = 100;
const FLOW_KEYS = [...FLOW_INPUT_FIELDS, "adoptExistingId"];
const STEP_KEYS = ["integrationId", "isSkipped", "onFailure", "onPartialSuccess"];

/** Validates every flow input before any API call. */
export function checkFlow(collector: FailureCollector, news: FlowInputs): void {
  checkReservedKeys(collector, "", news);
  collector.knownKeys("", news, FLOW_KEYS);
  checkName(collector, "name", news.name);
  collector.boolean("nuxVisible", news.nuxVisible);
  collector.pattern(
    "adoptExistingId",
    news.adoptExistingId,
    LOWER_HEX_ID,
    "a flow ID of 32 lowercase hex characters",
  );
  const steps = news.steps;
  if (!isUnknown(steps)) {
    if (!Array.isArray(steps)) {
      collector.fail("steps", "steps must be a list of { integrationId, ... }");
    } else {
      steps.forEach((step, index) => checkStep(collector, `steps[${index}]`, step));
      const enabled = steps.filter(
        (step) => step && !isUnknown(step) && step.isSkipped !== true,
      ).length;
      if (enabled < 2)
        collector.fail(
          "steps",
          `steps must include at least two enabled (not skipped) steps; got ${enabled}`,
        );
      if (steps.length > MAX_STEPS)
        collector.fail("steps", `steps may hold at most ${MAX_STEPS} steps; got ${steps.length}`);
      const ids = steps
        .map((step) => step?.integrationId)
        .filter((id) => typeof id === "string" && !isUnknown(id));
      if (new Set(ids).size !== ids.length)
        collector.fail("steps", "steps must not run the same integration twice");
    }
  }
}

function checkStep(collector: FailureCollector, at: string, step: unknown): void {
  if (isUnknown(step)) return;
  if (step === null || typeof step !== "object") {
    collector.fail(at, `${at} must be an object with integrationId`);
    return;
  }
  const record = step as Record<string, unknown>;
  collector.knownKeys(at, record, STEP_KEYS);
  if (
    collector.required(
      `${at}.integrationId`,
      record.integrationId,
      "the ID of the integration this step runs",
    )
  ) {
    collector.pattern(
      `${at}.integrationId`,
      record.integrationId,
      LOWER_HEX_ID,
      "an integration ID of 32 lowercase hex characters",
    );
  }
  collector.boolean(`${at}.isSkipped`, record.isSkipped);
  collector.oneOf(`${at}.onFailure`, record.onFailure, ["stop", "continue"]);
  collector.oneOf(`${at}.onPartialSuccess`, record.onPartialSuccess, ["stop", "continue"]);
}
