import * as crypto from "crypto";
import forge from "node-forge";
import { AnaplanAuthError } from "./errors";

/** Format of the signed CA-certificate payload: v1 (random bytes) or v2 (timestamp + random bytes). */
export type CertificatePayloadFormat = "v1" | "v2";

/** A client certificate ready to sign authentication payloads. @internal */
export interface CertificateSigner {
  /** The PEM certificate text sent (base64-encoded again) in the Authorization header. */
  certificatePem: string;
  /** The matching RSA private key; kept as a KeyObject so the PEM text is not retained. */
  privateKey: crypto.KeyObject;
}

/** Body of `POST /token/authenticate` for CA-certificate authentication (reference §8). */
export interface CertificateAuthBody {
  /** Base64 of the random (v1) or timestamp + random (v2) bytes. */
  encodedData: string;
  /** Base64 of the SHA512withRSA (PKCS#1 v1.5) signature over the raw bytes of `encodedData`. */
  encodedSignedData: string;
  /** `"v2"` for the timestamped format; absent for v1. */
  encodedDataFormat?: "v2";
}

const RANDOM_BYTES = 100;

/**
 * Builds a freshly signed authentication body. v1 signs 100 random bytes; v2 signs an 8-byte
 * big-endian epoch-milliseconds timestamp followed by 100 random bytes, which lets the server
 * reject replays, so it must be rebuilt for every request (retries included).
 * @internal
 */
export function buildCertificateAuthBody(
  privateKey: crypto.KeyObject,
  format: CertificatePayloadFormat = "v1",
  now: number = Date.now(),
): CertificateAuthBody {
  const random = crypto.randomBytes(RANDOM_BYTES);
  let data: Buffer = random;
  if (format === "v2") {
    const timestamp = Buffer.alloc(8);
    timestamp.writeBigUInt64BE(BigInt(now));
    data = Buffer.concat([timestamp, random]);
  }
  const signature = crypto.sign("sha512", data, {
    key: privateKey,
    padding: crypto.constants.RSA_PKCS1_PADDING,
  });
  const body: CertificateAuthBody = {
    encodedData: data.toString("base64"),
    encodedSignedData: signature.toString("base64"),
  };
  if (format === "v2") {
    body.encodedDataFormat = "v2";
  }
  return body;
}

/** The `Authorization` header value: `CACertificate <base64 of the whole PEM text>`. @internal */
export function certificateAuthorizationHeader(certificatePem: string): string {
  return `CACertificate ${Buffer.from(certificatePem, "utf8").toString("base64")}`;
}

/**
 * Loads a PEM certificate and its PEM private key (unencrypted, encrypted PKCS#8 or traditional
 * `Proc-Type: 4,ENCRYPTED`), and checks that they belong together.
 *
 * @throws AnaplanAuthError (kind `certificate`) explaining what is wrong, never quoting the key.
 * @internal
 */
export function loadPemCertificate(
  certificatePem: string,
  privateKeyPem: string,
  passphrase?: string,
  now: number = Date.now(),
): CertificateSigner {
  const certificateText = certificateBlocksOnly(certificatePem);
  const certificate = parseCertificate(certificateText, "certificatePem");
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey({
      key: privateKeyPem,
      format: "pem",
      // An empty string would make OpenSSL try "" as the passphrase of an encrypted key.
      passphrase: passphrase === "" ? undefined : passphrase,
    });
  } catch (error) {
    throw certificateError(describeKeyFailure(error, privateKeyPem, passphrase));
  }
  checkPair(certificate, privateKey, now);
  return { certificatePem: certificateText, privateKey };
}

/**
 * Loads the client certificate and private key from a PKCS#12 (.p12/.pfx) bundle, given as bytes
 * or base64. When the bundle holds a chain, the certificate matching the key is used.
 *
 * @throws AnaplanAuthError (kind `certificate`) for a wrong password, a corrupt bundle, or a
 *   bundle without a usable RSA key and certificate.
 * @internal
 */
export function loadPkcs12Certificate(
  pkcs12: Buffer | string,
  password: string,
  now: number = Date.now(),
): CertificateSigner {
  const der =
    typeof pkcs12 === "string" ? Buffer.from(pkcs12.replace(/\s+/g, ""), "base64") : pkcs12;
  let bundle: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(der.toString("binary")));
    bundle = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    throw certificateError(
      /MAC could not be verified|Invalid password|decrypt/i.test(message)
        ? "could not open the PKCS#12 bundle: wrong password"
        : "could not read the PKCS#12 bundle: it is not a valid .p12/.pfx file (pass the bytes or their base64)",
    );
  }
  const keyBags = [
    ...(bundle.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[
      forge.pki.oids.pkcs8ShroudedKeyBag
    ] ?? []),
    ...(bundle.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag] ?? []),
  ];
  const forgeKey = keyBags.find((bag) => bag.key)?.key as forge.pki.rsa.PrivateKey | undefined;
  if (!forgeKey) {
    throw certificateError(
      keyBags.length > 0
        ? "the PKCS#12 bundle's private key is not an RSA key; Anaplan signs with SHA512withRSA"
        : "the PKCS#12 bundle contains no private key",
    );
  }
  const certificates = (
    bundle.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? []
  )
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => Boolean(cert));
  const leaf = certificates.find((cert) => {
    const publicKey = cert.publicKey as forge.pki.rsa.PublicKey;
    return publicKey.n?.equals(forgeKey.n) && publicKey.e?.equals(forgeKey.e);
  });
  if (!leaf) {
    throw certificateError(
      certificates.length > 0
        ? "no certificate in the PKCS#12 bundle matches its private key"
        : "the PKCS#12 bundle contains no RSA certificate",
    );
  }
  const certificatePem = forge.pki.certificateToPem(leaf).replace(/\r\n/g, "\n");
  const privateKey = crypto.createPrivateKey({
    key: forge.pki.privateKeyToPem(forgeKey),
    format: "pem",
  });
  checkPair(parseCertificate(certificatePem, "PKCS#12 certificate"), privateKey, now);
  return { certificatePem, privateKey };
}

// A combined file (certificate followed by its key) is common; only the certificate blocks may
// leave the machine, since the header carries this text.
function certificateBlocksOnly(pem: string): string {
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) {
    return pem;
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => `${block}\n`).join("");
}

function parseCertificate(pem: string, label: string): crypto.X509Certificate {
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    throw certificateError(`${label} is not a PEM certificate (no BEGIN CERTIFICATE block)`);
  }
  try {
    return new crypto.X509Certificate(pem);
  } catch {
    throw certificateError(`${label} could not be parsed as an X.509 certificate`);
  }
}

function checkPair(certificate: crypto.X509Certificate, privateKey: crypto.KeyObject, now: number) {
  if (privateKey.asymmetricKeyType !== "rsa") {
    throw certificateError(
      `the private key is ${privateKey.asymmetricKeyType ?? "of an unknown type"}, not RSA; ` +
        "Anaplan CA-certificate authentication signs with SHA512withRSA",
    );
  }
  const fromKey = crypto.createPublicKey(privateKey).export({ type: "spki", format: "der" });
  const fromCertificate = certificate.publicKey.export({ type: "spki", format: "der" });
  if (!fromKey.equals(fromCertificate)) {
    throw certificateError(
      `the private key does not match the certificate (subject ${oneLine(certificate.subject)})`,
    );
  }
  const validTo = Date.parse(certificate.validTo);
  if (!Number.isNaN(validTo) && validTo < now) {
    throw certificateError(
      `the certificate (subject ${oneLine(certificate.subject)}) expired on ${certificate.validTo}`,
    );
  }
}

// OpenSSL 3 reports a wrong passphrase inconsistently ("bad decrypt", or a decoder "unsupported"
// once the garbage plaintext fails to parse), so an encrypted key that fails with a passphrase
// given is reported as a wrong passphrase.
function describeKeyFailure(error: unknown, privateKeyPem: string, passphrase?: string): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : "";
  const encrypted = /ENCRYPTED/.test(privateKeyPem);
  if (code === "ERR_MISSING_PASSPHRASE" || (encrypted && !passphrase)) {
    return "the private key is encrypted; set privateKeyPassphrase";
  }
  if (encrypted || /bad decrypt/i.test(message)) {
    return "could not decrypt the private key: wrong passphrase";
  }
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(privateKeyPem)) {
    return "privateKeyPem is not a PEM private key (no BEGIN ... PRIVATE KEY block)";
  }
  return "privateKeyPem could not be read as a PEM private key";
}

function oneLine(text: string): string {
  return text.replace(/\n/g, ", ");
}

function certificateError(detail: string): AnaplanAuthError {
  return new AnaplanAuthError({ operation: "certificate loading", kind: "certificate", detail });
}
