import * as pulumi from "@pulumi/pulumi";

/**
 * Wraps a value as a Pulumi secret whatever the caller passed (a plain string, an Output, or an
 * already-secret Output), leaving "not set" as undefined so optional fields stay optional.
 * @internal
 */
export function secretIfSet<T>(
  value: pulumi.Input<T> | undefined,
): pulumi.Output<pulumi.Unwrap<T>> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/**
 * Adds output keys that must stay secret to the caller's resource options, keeping any the
 * caller listed. The engine re-marks an output secret when its input of the same key was secret,
 * but listing them explicitly holds even for outputs the provider computes itself.
 * @internal
 */
export function withSecretOutputs<T extends pulumi.CustomResourceOptions>(
  opts: T | undefined,
  keys: string[],
): T {
  const existing = opts?.additionalSecretOutputs ?? [];
  return { ...(opts ?? ({} as T)), additionalSecretOutputs: [...new Set([...existing, ...keys])] };
}
