import type { FlowDetail, FlowInput, FlowStepInput, FlowSummary } from "../client";
import { auditFieldsOf } from "../client/records";
import { mergeDrift } from "./drift";
import { compact, deepEqual, pick } from "./equality";
import { undefinedIfNotFound } from "./errors";
import { FLOW_INPUT_FIELDS, FlowInputs, FlowOutputs, FlowStepInputs } from "./inputs";
import { checkFlow } from "./flowRules";
import { containsUnknown } from "./unknowns";
import { LISTED_FLOWS } from "./listing";
import { CloudWorksObjectProvider, getCloudWorksClient, withoutAdoption } from "./providerBase";
import type { CreatedObject } from "./providerBase";

const KIND = "CloudWorksIntegrationFlow";

/**
 * Check, diff, create, read, update and delete of integration flows: the lifecycle is
 * CloudWorksObjectProvider's; the flow's calls, mapping and diff are here.
 */
export class FlowProvider extends CloudWorksObjectProvider<
  FlowInputs,
  FlowOutputs,
  FlowDetail,
  FlowSummary
> {
  constructor() {
    super(KIND, LISTED_FLOWS, checkFlow);
  }

  protected changedFields(olds: FlowOutputs, news: FlowInputs): (keyof FlowInputs)[] {
    const [before, after] = [normaliseFlow(olds), normaliseFlow(news)];
    return FLOW_INPUT_FIELDS.filter(
      (field) => containsUnknown(news[field]) || !deepEqual(before[field], after[field]),
    );
  }

  // The wording flows have always had (without "in this tenant"), which users may match on.
  protected noSuchObject(id: string): string {
    return `no flow with ID ${id} exists.`;
  }

  protected async matchesInputs(found: FlowSummary, inputs: FlowInputs): Promise<boolean> {
    const existing = inputsFromDetail(await getCloudWorksClient().getFlow(found.id));
    return deepEqual(normaliseFlow(existing), normaliseFlow(inputs));
  }

  protected post(inputs: FlowInputs): Promise<string> {
    return getCloudWorksClient().createFlow(flowBody(inputs));
  }

  protected put(id: string, inputs: FlowInputs): Promise<void> {
    return getCloudWorksClient().updateFlow(id, flowBody(inputs));
  }

  protected async outputsAfterCreate(
    { id }: CreatedObject,
    inputs: FlowInputs,
  ): Promise<FlowOutputs> {
    return this.outputsOf(id, inputs, await getCloudWorksClient().getFlow(id));
  }

  protected fetch(id: string): Promise<FlowDetail | undefined> {
    return undefinedIfNotFound(getCloudWorksClient().getFlow(id));
  }

  protected refreshedInputs(detail: FlowDetail, state: FlowOutputs): FlowInputs {
    const previous: FlowInputs = compact(pick(state, FLOW_INPUT_FIELDS));
    return mergeDrift(previous, inputsFromDetail(detail), normaliseFlow);
  }

  protected outputsOf(id: string, inputs: FlowInputs, detail: FlowDetail): FlowOutputs {
    return compact({
      ...withoutAdoption(inputs),
      flowId: id,
      notificationId: detail.notificationId ?? null,
      ...auditFieldsOf(detail),
    });
  }

  protected async write(id: string, _olds: FlowOutputs, news: FlowInputs): Promise<FlowOutputs> {
    await this.put(id, news);
    return this.outputsOf(id, news, await getCloudWorksClient().getFlow(id));
  }

  protected remove(id: string): Promise<void> {
    return getCloudWorksClient().deleteFlow(id);
  }
}

/**
 * The flow body. Steps run in sequence: each step after the first depends on the previous one,
 * because the SDK warns that a later step without `dependsOn` leaves a corrupt flow (reference
 * §7b). The first step carries no `dependsOn` at all: live-tested clients (the SDK's suite
 * against real tenants) omit it there, while no live test ever sent `dependsOn: []`; the emulator
 * accepts both shapes and reads an absent list as empty.
 */
export function flowBody(inputs: FlowInputs): FlowInput {
  return compact<FlowInput>({
    name: inputs.name,
    version: "2.0",
    type: "IntegrationFlow",
    nuxVisible: inputs.nuxVisible ?? false,
    steps: inputs.steps.map((step, index) =>
      compact<FlowStepInput>({
        type: "Integration",
        referrer: step.integrationId,
        dependsOn: index === 0 ? undefined : [inputs.steps[index - 1].integrationId],
        isSkipped: step.isSkipped ?? false,
        exceptionBehavior: [
          { type: "failure", strategy: step.onFailure ?? "stop" },
          { type: "partial_success", strategy: step.onPartialSuccess ?? "continue" },
        ],
      }),
    ),
  });
}

function normaliseFlow(inputs: FlowInputs): Record<string, unknown> {
  return {
    name: inputs.name,
    nuxVisible: inputs.nuxVisible ?? false,
    steps: Array.isArray(inputs.steps)
      ? inputs.steps.map((step) => ({
          integrationId: step.integrationId,
          isSkipped: step.isSkipped ?? false,
          onFailure: step.onFailure ?? "stop",
          onPartialSuccess: step.onPartialSuccess ?? "continue",
        }))
      : inputs.steps,
  };
}

function inputsFromDetail(detail: FlowDetail): FlowInputs {
  // Read defensively: a step may come back without its outcome handling.
  const steps = (detail.steps ?? []).map((step): FlowStepInputs => {
    const behaviours = step.exceptionBehavior ?? [];
    return compact({
      integrationId: String(step.referrer),
      isSkipped: Boolean(step.isSkipped),
      onFailure: behaviours.find((b) => b.type === "failure")?.strategy ?? "stop",
      onPartialSuccess:
        behaviours.find((b) => b.type === "partial_success")?.strategy ?? "continue",
    });
  });
  return compact({ name: String(detail.name), nuxVisible: Boolean(detail.nuxVisible), steps });
}
