/**
 * CA-certificate login (§8): the client proves possession of the private key of a certificate
 * issued by a CA the tenant trusts, by signing random bytes with SHA512withRSA.
 */
import { X509Certificate, verify as verifySignature } from "node:crypto";
import { isObject } from "./validation";

/** @internal Bytes of random data the reference requires ("at least 100 bytes"). */
const MIN_DATA_BYTES = 100;

/** @internal Outcome of a certificate login attempt. */
export type CertificateCheck = { ok: true; identities: string[] } | { ok: false; reason: string };

/**
 * @internal The header carries the PEM base64-encoded once more (SDK, LS-MCP, SETI) or, per older
 * community text, the base64 body between the BEGIN/END lines, i.e. base64 of the DER bytes.
 * `X509Certificate` reads both PEM and DER, so decoding once covers both.
 */
export function parseHeaderCertificate(encoded: string): X509Certificate | undefined {
  const compact = encoded.replace(/\s+/g, "");
  if (compact === "" || !/^[A-Za-z0-9+/=_-]+$/.test(compact)) return undefined;
  try {
    return new X509Certificate(Buffer.from(compact, "base64"));
  } catch {
    return undefined;
  }
}

/** @internal Subject `CN`, subject `emailAddress` and SAN `email:` entries, in that order. */
function certificateIdentities(cert: X509Certificate): string[] {
  const identities: string[] = [];
  const subject: Record<string, string> = {};
  for (const line of cert.subject.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) subject[line.slice(0, eq)] = line.slice(eq + 1).replace(/\\(.)/g, "$1");
  }
  if (subject.CN) identities.push(subject.CN);
  if (subject.emailAddress) identities.push(subject.emailAddress);
  for (const entry of (cert.subjectAltName ?? "").split(",")) {
    const match = /^\s*email:(.+)$/.exec(entry);
    if (match) identities.push(match[1].trim());
  }
  return identities;
}

/** @internal Whether `now` lies within the certificate's validity dates. */
function isCurrent(cert: X509Certificate, now: number): boolean {
  return new Date(cert.validFrom).getTime() <= now && now <= new Date(cert.validTo).getTime();
}

/**
 * @internal Verify a certificate login. Intermediate chains are not followed: the client
 * certificate must be issued directly by one of the trusted CAs (documented in the README).
 */
export function verifyCertificateLogin(
  cert: X509Certificate,
  body: unknown,
  trustedCas: X509Certificate[],
  timestampWindowMs: number,
  now: number = Date.now(),
): CertificateCheck {
  if (!isObject(body))
    return { ok: false, reason: "body must be {encodedData, encodedSignedData}" };
  const { encodedData, encodedSignedData, encodedDataFormat } = body;
  if (typeof encodedData !== "string" || typeof encodedSignedData !== "string") {
    return { ok: false, reason: "encodedData and encodedSignedData are required" };
  }
  if (encodedDataFormat !== undefined && encodedDataFormat !== "v2") {
    return { ok: false, reason: `unknown encodedDataFormat ${String(encodedDataFormat)}` };
  }
  const data = Buffer.from(encodedData, "base64");
  const signature = Buffer.from(encodedSignedData, "base64");
  if (data.length < MIN_DATA_BYTES) {
    return {
      ok: false,
      reason: `encodedData is ${data.length} bytes, at least ${MIN_DATA_BYTES} required`,
    };
  }
  if (encodedDataFormat === "v2") {
    // v2 = 8-byte big-endian epoch-ms timestamp + random bytes (LS-MCP); reject replays of old payloads.
    const stamp = Number(data.readBigUInt64BE(0));
    if (Math.abs(now - stamp) > timestampWindowMs) {
      return { ok: false, reason: "v2 timestamp outside the accepted window" };
    }
  }
  if (!isCurrent(cert, now))
    return { ok: false, reason: "certificate is expired or not yet valid" };
  let signatureOk = false;
  try {
    signatureOk = verifySignature("sha512", data, cert.publicKey, signature);
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { ok: false, reason: "signature does not match the certificate" };
  const issuer = trustedCas.find(
    (ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey) && isCurrent(ca, now),
  );
  if (!issuer) return { ok: false, reason: "certificate is not issued by a trusted CA" };
  return { ok: true, identities: certificateIdentities(cert) };
}
