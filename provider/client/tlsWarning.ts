/**
 * A loud, once-per-process warning when Node's TLS certificate checks are switched off
 * (NODE_TLS_REJECT_UNAUTHORIZED=0), printed before the first HTTPS request carries credentials.
 */

let warned = false;

/** True when this process accepts any server certificate. @internal */
export function certificateChecksOff(env: NodeJS.ProcessEnv = process.env): boolean {
  // Node treats exactly "0" as "do not verify" (lib/_tls_wrap.js); anything else keeps checks on.
  return env.NODE_TLS_REJECT_UNAUTHORIZED === "0";
}

/**
 * Writes the warning to stderr (which the Pulumi engine shows for provider processes) the first
 * time an HTTPS request is about to leave while certificate checks are off. Node prints its own
 * generic warning too, but only once and without saying what is at stake: here the Anaplan
 * password, certificate login and connection secrets go to whoever answers. The URL's host is
 * named; nothing secret is.
 * @internal
 */
export function warnIfCertificateChecksOff(
  url: string,
  write: (text: string) => void = (text) => process.stderr.write(text),
): void {
  if (warned || !certificateChecksOff()) return;
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:") return;
    host = parsed.host;
  } catch {
    return;
  }
  warned = true;
  write(
    `WARNING (pulumi-cloudworks): TLS certificate checks are OFF in this process ` +
      `(NODE_TLS_REJECT_UNAUTHORIZED=0). Any server that can intercept the connection can pose as ` +
      `${host} and receive your Anaplan credentials and CloudWorks connection secrets. ` +
      `Unset NODE_TLS_REJECT_UNAUTHORIZED; for a private or corporate CA set cloudworks:caBundlePath instead.\n`,
  );
}

/** Lets tests see the warning again. @internal */
export function resetCertificateWarning(): void {
  warned = false;
}
