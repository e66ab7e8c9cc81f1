/** The Anaplan authentication API (§8): authenticate, refresh, validate, logout. */
import { parseHeaderCertificate, verifyCertificateLogin } from "../certificate";
import type { EmulatorCore } from "../core";
import type { HandlerResult } from "../http";
import { parseAuthorization } from "../auth";
import type { RouteContext } from "../router";
import type { TokenRecord } from "../tokens";
import type { UserRecord } from "../users";

const BAD_HEADER = "Invalid header. Verify the header.";

/** Auth-API failures use their own envelope, not CloudWorks' `status` object. */
function failure(
  code: number,
  status: "FAILURE_BAD_HEADER" | "FAILURE_BAD_CREDENTIAL",
  message: string,
): HandlerResult {
  return { status: code, json: { status, statusMessage: message } };
}

function tokenBody(
  core: EmulatorCore,
  token: TokenRecord,
  statusMessage: string,
): Record<string, unknown> {
  return {
    meta: { validationUrl: `${core.baseUrl}/token/validate` },
    status: "SUCCESS",
    statusMessage,
    tokenInfo: {
      expiresAt: token.expiresAt,
      tokenId: token.tokenId,
      tokenValue: token.tokenValue,
      refreshTokenId: token.refreshTokenId,
    },
  };
}

/** @internal `POST /token/authenticate`: a token for a password or a CA certificate (§8). */
export function authenticate(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const auth = parseAuthorization(ctx.headers.authorization);
  const scheme = auth?.scheme.toLowerCase();
  let user: UserRecord | undefined;
  if (auth && scheme === "basic") {
    const decoded = Buffer.from(auth.value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return failure(401, "FAILURE_BAD_HEADER", BAD_HEADER);
    user = core.users.checkPassword(decoded.slice(0, colon), decoded.slice(colon + 1));
    if (!user) {
      core.options.log(`authenticate: bad username or password for ${decoded.slice(0, colon)}`);
      return failure(401, "FAILURE_BAD_CREDENTIAL", "Login failed");
    }
  } else if (auth && scheme === "cacertificate") {
    const cert = parseHeaderCertificate(auth.value);
    if (!cert) return failure(401, "FAILURE_BAD_CREDENTIAL", "Invalid certificate");
    let body: unknown;
    try {
      body = JSON.parse(ctx.rawBody.toString("utf8")) as unknown;
    } catch {
      body = undefined;
    }
    const check = verifyCertificateLogin(
      cert,
      body,
      core.options.trustedCas,
      core.options.certificateTimestampWindowMs,
    );
    if (!check.ok) {
      core.options.log(`authenticate: certificate rejected: ${check.reason}`);
      return failure(401, "FAILURE_BAD_CREDENTIAL", "Login failed");
    }
    user = core.users.byCertificateIdentity(check.identities);
    if (!user) {
      core.options.log(
        `authenticate: no user for certificate identities ${check.identities.join(", ")}`,
      );
      return failure(401, "FAILURE_BAD_CREDENTIAL", "Login failed");
    }
  } else {
    return failure(401, "FAILURE_BAD_HEADER", BAD_HEADER);
  }
  const token = core.tokens.issue(user.username);
  return { status: 201, json: tokenBody(core, token, "Login successful") };
}

/**
 * Token endpoints take `AnaplanAuthToken` only. SETI saw `Bearer` answered 400 on validate and
 * refresh and 401 on logout; `badHeaderStatus` carries that difference.
 */
function tokenFromHeader(
  core: EmulatorCore,
  ctx: RouteContext,
  badHeaderStatus: number,
): TokenRecord | HandlerResult {
  const auth = parseAuthorization(ctx.headers.authorization);
  if (!auth || auth.scheme.toLowerCase() !== "anaplanauthtoken") {
    return failure(badHeaderStatus, "FAILURE_BAD_HEADER", BAD_HEADER);
  }
  const found = core.tokens.lookup(auth.value);
  if (found.state !== "valid") return failure(401, "FAILURE_BAD_CREDENTIAL", "UnAuthorized");
  return found.token;
}

function isResult(value: TokenRecord | HandlerResult): value is HandlerResult {
  return "status" in value;
}

/** @internal `POST /token/refresh`: the same token with a new expiry (§8). */
export function refresh(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const token = tokenFromHeader(core, ctx, 400);
  if (isResult(token)) return token;
  return { status: 200, json: tokenBody(core, core.tokens.refresh(token), "Token refreshed") };
}

/** @internal `GET /token/validate`: who a token belongs to and when it expires (§8). */
export function validate(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const token = tokenFromHeader(core, ctx, 400);
  if (isResult(token)) return token;
  const user = core.users.byUsername(token.username);
  return {
    status: 200,
    json: {
      tokenInfo: { expiresAt: token.expiresAt, tokenId: token.tokenId },
      userInfo: {
        userGuid: user?.userGuid ?? null,
        userId: token.username,
        customerGuid: core.options.customerGuid,
      },
      status: "SUCCESS",
      statusMessage: "Token validated",
      meta: { validationUrl: `${core.baseUrl}/token/validate` },
    },
  };
}

/** @internal `POST /token/logout`: revoke a token (§8). */
export function logout(core: EmulatorCore, ctx: RouteContext): HandlerResult {
  const token = tokenFromHeader(core, ctx, 401);
  if (isResult(token)) return token;
  core.tokens.revoke(token.tokenValue);
  return { status: 204 };
}
