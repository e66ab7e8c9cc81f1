/**
 * Test PKI built with node-forge: a CA, certificates it issues, encrypted keys and PKCS#12
 * bundles. RSA keys come from Node's crypto because forge's pure-JS key generation is slow.
 */
import * as crypto from "crypto";
import forge from "node-forge";

/** An RSA key pair in PEM, and the private key as node-forge needs it for signing. */
export interface KeyPair {
  /** The private key, PKCS#8 PEM. */
  privateKeyPem: string;
  /** The public key, SPKI PEM. */
  publicKeyPem: string;
  /** The private key for node-forge. */
  forgeKey: forge.pki.rsa.PrivateKey;
}

/** A certificate with its key pair. */
export interface Issued extends KeyPair {
  /** The certificate, PEM with LF line ends. */
  certificatePem: string;
  /** The certificate for node-forge. */
  certificate: forge.pki.Certificate;
}

/** A fresh RSA key pair of `bits` bits. */
export function rsaKeyPair(bits = 2048): KeyPair {
  const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: bits });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return {
    privateKeyPem,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    forgeKey: forge.pki.privateKeyFromPem(privateKeyPem) as forge.pki.rsa.PrivateKey,
  };
}

let serial = 1;

function build(
  subjectCn: string,
  keys: KeyPair,
  issuer: Issued | undefined,
  options: { ca?: boolean; altNames?: string[]; notBefore?: Date; notAfter?: Date; email?: string },
): Issued {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(keys.forgeKey.n, keys.forgeKey.e);
  cert.serialNumber = (serial++).toString(16).padStart(4, "0");
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 60_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600 * 1000);
  const subject: forge.pki.CertificateField[] = [{ name: "commonName", value: subjectCn }];
  if (options.email) {
    subject.push({ name: "emailAddress", value: options.email });
  }
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.certificate.subject.attributes : subject);
  const extensions: unknown[] = [
    { name: "basicConstraints", cA: Boolean(options.ca) },
    options.ca
      ? { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true }
      : { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
  ];
  if (options.altNames) {
    extensions.push({
      name: "subjectAltName",
      altNames: options.altNames.map((name) =>
        /^\d+\.\d+\.\d+\.\d+$/.test(name) ? { type: 7, ip: name } : { type: 2, value: name },
      ),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(issuer ? issuer.forgeKey : keys.forgeKey, forge.md.sha256.create());
  return {
    ...keys,
    certificate: cert,
    certificatePem: forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n"),
  };
}

/** A self-signed CA certificate. */
export function makeCa(cn = "CloudWorks Test CA"): Issued {
  return build(cn, rsaKeyPair(), undefined, { ca: true });
}

/** A certificate for `cn` signed by `ca`, with optional SANs, validity and e-mail. */
export function issue(
  ca: Issued,
  cn: string,
  options: { altNames?: string[]; notBefore?: Date; notAfter?: Date; email?: string } = {},
): Issued {
  return build(cn, rsaKeyPair(), ca, options);
}

/** Encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`). */
export function encryptedPkcs8(keys: KeyPair, passphrase: string): string {
  return crypto
    .createPrivateKey(keys.privateKeyPem)
    .export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase })
    .toString();
}

/** Traditional OpenSSL encryption (`Proc-Type: 4,ENCRYPTED` on a `BEGIN RSA PRIVATE KEY`). */
export function encryptedTraditional(keys: KeyPair, passphrase: string): string {
  return crypto
    .createPrivateKey(keys.privateKeyPem)
    .export({ type: "pkcs1", format: "pem", cipher: "aes-256-cbc", passphrase })
    .toString();
}

/** A PKCS#12 bundle holding the key, the certificate and optionally its chain. */
export function pkcs12(issued: Issued, password: string, chain: Issued[] = []): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    issued.forgeKey,
    [...chain.map((c) => c.certificate), issued.certificate],
    password,
    { algorithm: "aes256", friendlyName: "client" },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}
