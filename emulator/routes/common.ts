/** Request and reply helpers every CloudWorks route module uses. */
import type { EmulatorCore } from "../core";
import { ApiError, Messages, success, type HandlerResult } from "../http";
import type { RouteContext } from "../router";
import type { UserRecord } from "../users";
import { parseJson } from "../validation";

/** @internal The authenticated caller; CloudWorks routes always have one. */
export function caller(ctx: RouteContext): UserRecord {
  if (!ctx.user) throw new ApiError(401, Messages.notAuthorized);
  return ctx.user;
}

/** @internal The parsed JSON body (400 "Invalid request body" when malformed). */
export function jsonBody(ctx: RouteContext): unknown {
  return parseJson(ctx.rawBody);
}

/** @internal `meta.schema` URL in the style of Apiary's examples. */
export function schemaUrl(ctx: RouteContext, object: string): string {
  return `https://api.anaplan.com/cloudworks/${ctx.version}/0/integrations/objects/${object}`;
}

/**
 * @internal A 200 with `payload` followed by `meta.schema`, the shape of every reply that returns
 * one object (lists add `paging` to their meta and build it themselves).
 */
export function withSchema(
  ctx: RouteContext,
  object: string,
  payload: Record<string, unknown>,
): HandlerResult {
  return success({ ...payload, meta: { schema: schemaUrl(ctx, object) } });
}

/** @internal 404 "Resource not found" for an unknown ID. */
export function notFound(): never {
  throw new ApiError(404, Messages.notFound);
}

/** @internal "Duplicate resource name not allowed" with the configured status. */
export function duplicateName(core: EmulatorCore): never {
  throw new ApiError(core.options.duplicateNameStatus, Messages.duplicateName);
}
