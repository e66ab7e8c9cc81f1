/** What every redacted value is replaced with. */
export const REDACTED = "[REDACTED]";

// Values shorter than this are not scrubbed by value: replacing every "ab" in a message would
// mangle it while protecting nothing a guess could not find. Patterns below still apply.
const MIN_SECRET_LENGTH = 4;

// Secret-bearing field names as they appear in JSON bodies, query strings or `key=value` logs.
// serviceAccountKey is absent on purpose: it is an object, and its privateKey/privateKeyId
// members are matched one level down.
const SECRET_FIELD_NAMES = [
  "secretAccessKey",
  "sasToken",
  "password",
  "passphrase",
  "privateKey",
  "privateKeyId",
  "privateKeyPassphrase",
  "clientSecret",
  "tokenValue",
  "refreshTokenId",
  "accessToken",
  "refreshToken",
  "encodedSignedData",
  "pkcs12",
];

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Whole PEM private key blocks, with real or JSON-escaped newlines.
  [
    /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g,
    `-----BEGIN $1PRIVATE KEY-----${REDACTED}-----END $1PRIVATE KEY-----`,
  ],
  // A truncated block (an API message cut the END line off): drop everything up to a quote.
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?!\[REDACTED\])[^"']*/g,
    `-----BEGIN PRIVATE KEY-----${REDACTED}`,
  ],
  // Authorization header values of every scheme Anaplan uses.
  [
    /\b(AnaplanAuthToken|Bearer|Basic|CACertificate)(\s+)[A-Za-z0-9+/=._~-]{4,}/g,
    `$1$2${REDACTED}`,
  ],
  // JSON members and key=value pairs whose name says they are secret.
  [
    new RegExp(
      `((?:"|\\\\")?\\b(?:${SECRET_FIELD_NAMES.join("|")})(?:"|\\\\")?\\s*[:=]\\s*)` +
        `(\\\\"(?:[^\\\\]|\\\\(?!"))*\\\\"|"(?:[^"\\\\]|\\\\.)*"|'[^']*'|[^\\s,&;}'"]+)`,
      "gi",
    ),
    `$1"${REDACTED}"`,
  ],
  // Azure SAS signatures, wherever a SAS token or URL ends up.
  [/\bsig=[^&\s"']+/gi, `sig=${REDACTED}`],
];

/**
 * Removes secrets from `text`: every value in `secrets` (also in its JSON-escaped and
 * URL-encoded forms), PEM private key blocks, Authorization header values (`AnaplanAuthToken`,
 * `Basic`, `Bearer`, `CACertificate`), secret-named JSON/query members and SAS signatures.
 * Values shorter than 4 characters are only caught by the patterns.
 */
export function redactSecrets(text: string, secrets?: Iterable<string>): string {
  let result = text;
  if (secrets !== undefined) {
    const variants = new Set<string>();
    for (const secret of secrets) {
      for (const variant of secretVariants(secret)) {
        variants.add(variant);
      }
    }
    // Longest first, so a secret containing another is replaced whole.
    for (const variant of [...variants].sort((a, b) => b.length - a.length)) {
      result = result.split(variant).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of PATTERNS) {
    result = result.replace(pattern, replacement);
  }
  return result;
}

function secretVariants(secret: string): string[] {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    return [];
  }
  const variants = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  // A multi-line secret (a PEM key) can leak one line at a time, e.g. in a parser's complaint.
  if (secret.includes("\n")) {
    for (const line of secret.split(/\r?\n/)) {
      if (line.length >= 16 && !line.startsWith("-----")) {
        variants.push(line);
      }
    }
  }
  return variants.filter((variant) => variant.length >= MIN_SECRET_LENGTH);
}

/**
 * The secret values one client knows about: its credentials, the tokens it received and the
 * secrets inside request bodies it sent. Used to scrub error messages and log lines.
 * @internal
 */
export class SecretRegistry {
  readonly #secrets = new Set<string>();

  /** Registers secret values; empty and non-string values are ignored. */
  add(...values: Array<string | undefined>): void {
    for (const value of values) {
      if (typeof value === "string" && value.length > 0) {
        this.#secrets.add(value);
      }
    }
  }

  /** Registers the values of secret-named members found anywhere in a request body. */
  addFromBody(body: unknown): void {
    visit(body, 0, (key, value) => {
      if (SECRET_BODY_KEYS.has(key.toLowerCase()) && typeof value === "string") {
        this.add(value);
      }
    });
  }

  /** Redacts every known secret and every secret-looking pattern from `text`. */
  redact(text: string): string {
    return redactSecrets(text, this.#secrets);
  }
}

const SECRET_BODY_KEYS = new Set(
  [...SECRET_FIELD_NAMES, "accessKeyId", "sas_token", "secret_access_key", "private_key"].map(
    (name) => name.toLowerCase(),
  ),
);

function visit(value: unknown, depth: number, onMember: (key: string, value: unknown) => void) {
  if (depth > 8 || value === null || typeof value !== "object") {
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      visit(item, depth + 1, onMember);
    }
    return;
  }
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    onMember(key, member);
    visit(member, depth + 1, onMember);
  }
}
