/**
 * Connection secrets: the rule that a CloudWorks connection's credentials reach the engine as
 * Pulumi secrets, and its observer (the only place the engine shows whether a value is secret).
 */
import {
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Secret,
} from "@pulumi/policy";
import { policyNames, resourceTypes } from "./names";

/** The `CloudWorksConnection` inputs that hold credentials and must be Pulumi secrets. */
export const CONNECTION_SECRET_FIELDS = [
  "secretAccessKey",
  "sasToken",
  "serviceAccountKey",
] as const;

/** Per-URN record of which connection secret fields reached the engine as plaintext. */
export class SecretObservations {
  private readonly plaintextByUrn = new Map<string, string[]>();

  /**
   * Records what the observer saw for one resource.
   *
   * @param urn the resource
   * @param plaintext the secret fields that are set but are not Pulumi secrets
   */
  record(urn: string, plaintext: string[]): void {
    this.plaintextByUrn.set(urn, plaintext);
  }

  /**
   * The plaintext secret fields recorded for a resource, or undefined when it was not observed.
   *
   * @param urn the resource
   */
  plaintext(urn: string): string[] | undefined {
    return this.plaintextByUrn.get(urn);
  }
}

/**
 * The raw value of a property as the engine sent it: the remediation props are proxies that
 * unwrap secrets on read, but the underlying object still holds @pulumi/policy `Secret`
 * instances, which a property descriptor reveals (neither proxy traps `getOwnPropertyDescriptor`).
 */
function rawProperty(props: Record<string, unknown>, key: string): unknown {
  return Object.getOwnPropertyDescriptor(props, key)?.value;
}

function setSecretFields(props: Record<string, unknown>): string[] {
  return CONNECTION_SECRET_FIELDS.filter((field) => {
    const raw = rawProperty(props, field);
    return raw !== undefined && raw !== null;
  });
}

/**
 * The sentinels the engine sends for values not known yet (the @pulumi/policy proxy keeps them as
 * these strings and throws on access; `rawProperty` bypasses the proxy, so they show up as text).
 * The engine writes every unknown as the string sentinel; the others are listed for completeness.
 */
const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/**
 * The secret fields that reached the engine as known plaintext. A value that is not known yet is
 * never judged plaintext: the SDK cannot mark an unknown value secret on the wire (it sends a bare
 * unknown), so a brand-new stack's preview, or the preview of `up --replace` of the access key,
 * shows the secret of `aws.iam.AccessKey` as a plain unknown even though it will be a secret. The
 * rule judges it when it is known, at `up` (the engine runs the pack again on the real values).
 */
function plaintextSecretFields(props: Record<string, unknown>): string[] {
  return setSecretFields(props).filter((field) => {
    const raw = rawProperty(props, field);
    return !(raw instanceof Secret) && !UNKNOWN_SENTINELS.has(raw);
  });
}

/** The rule {@link policyNames.connectionSecretsObserver}. */
export function secretsObserverRule(observations: SecretObservations): ResourceValidationPolicy {
  return {
    name: policyNames.connectionSecretsObserver,
    description: `Helper of ${policyNames.connectionSecrets}: records whether CloudWorks connection secrets reach the engine as Pulumi secrets. It changes nothing; keep it at enforcement level "remediate", the only level at which the engine shows a policy whether a value is secret.`,
    enforcementLevel: "remediate",
    remediateResource: (args) => {
      if (args.type !== resourceTypes.connection) return undefined;
      observations.record(args.urn, plaintextSecretFields(args.props));
      return undefined;
    },
  };
}

/** The rule {@link policyNames.connectionSecrets}. */
export function secretsRule(observations: SecretObservations): ResourceValidationPolicy {
  return {
    name: policyNames.connectionSecrets,
    description:
      "CloudWorks connection secrets (secretAccessKey, sasToken, serviceAccountKey) are Pulumi secrets, so they are encrypted in state and masked in output.",
    enforcementLevel: "mandatory",
    severity: "critical",
    remediationSteps:
      'Create connections with CloudWorksConnection (it wraps these inputs with pulumi.secret), and pass credentials from config.requireSecret or other secret Outputs. At enforcement level "remediate" this rule marks plaintext values secret itself.',
    // Runs only at enforcement level "remediate": marks plaintext secret fields as secrets.
    remediateResource: (args) => {
      if (args.type !== resourceTypes.connection) return undefined;
      const plaintext = plaintextSecretFields(args.props);
      if (plaintext.length === 0) return undefined;
      for (const field of plaintext) {
        args.props[field] = new Secret(rawProperty(args.props, field));
      }
      return args.props;
    },
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      if (args.type !== resourceTypes.connection) {
        args.notApplicable(
          `Policy only applies to resources of type '${resourceTypes.connection}'`,
        );
      }
      const plaintext = observations.plaintext(args.urn);
      if (plaintext !== undefined) {
        for (const field of plaintext) {
          report(
            `${field} of CloudWorks connection "${args.name}" is not a Pulumi secret: it would be stored in plaintext in the state (inputs) and could be shown in CLI output.`,
          );
        }
        return;
      }
      // The observer did not run (disabled, or another level than "remediate"): the analysis
      // view hides secretness, so check what it does show, that the outputs are kept secret.
      const present = CONNECTION_SECRET_FIELDS.filter((f) =>
        Object.prototype.hasOwnProperty.call(args.props, f),
      );
      const notSecretOutputs = present.filter(
        (f) => !args.opts.additionalSecretOutputs.includes(f),
      );
      for (const field of notSecretOutputs) {
        report(
          `${field} of CloudWorks connection "${args.name}" is not listed in additionalSecretOutputs (and input secretness could not be observed: keep ${policyNames.connectionSecretsObserver} at "remediate").`,
        );
      }
    },
  };
}
