/** Who is calling: the `Authorization` header of CloudWorks routes (§2.1, §11.2). */
import type { EmulatorCore } from "./core";
import { ApiError, Messages } from "./http";
import type { UserRecord } from "./users";

/** @internal An `Authorization` header split into scheme and credentials. */
export interface AuthorizationHeader {
  /** Scheme as sent, e.g. `AnaplanAuthToken`. */
  scheme: string;
  /** Everything after the scheme. */
  value: string;
}

/** @internal Split `Scheme value`; undefined when the header is missing or has no value. */
export function parseAuthorization(header: string | undefined): AuthorizationHeader | undefined {
  const match = /^\s*(\S+)\s+(\S.*?)\s*$/.exec(header ?? "");
  return match ? { scheme: match[1], value: match[2] } : undefined;
}

/**
 * @internal CloudWorks accepts `AnaplanAuthToken <t>` and `Bearer <t>` (SETI live). Missing or
 * unknown (including logged-out) tokens get 401; expired ones get the configured status.
 */
export function authorizeCloudWorks(core: EmulatorCore, header: string | undefined): UserRecord {
  const auth = parseAuthorization(header);
  const scheme = auth?.scheme.toLowerCase();
  if (!auth || (scheme !== "anaplanauthtoken" && scheme !== "bearer")) {
    throw new ApiError(401, Messages.notAuthorized);
  }
  const found = core.tokens.lookup(auth.value);
  if (found.state === "unknown") throw new ApiError(401, Messages.notAuthorized);
  if (found.state === "expired")
    throw new ApiError(core.options.expiredTokenStatus, Messages.notAuthorized);
  const user = core.users.byUsername(found.token.username);
  if (!user) throw new ApiError(401, Messages.notAuthorized);
  return user;
}
