// Pieces of a request that several CloudWorks endpoints share: the encoded ID in a path, the list
// filters and the schedule body.
import { ListOptions } from "./clientOptions";
import { ScheduleBody, ScheduleRequest } from "./types";

/**
 * The body of S1/S2: the schedule wrapped with its integration ID, which the PUT requires again.
 * @internal
 */
export function scheduleRequest(integrationId: string, schedule: ScheduleBody): ScheduleRequest {
  return { integrationId, schedule };
}

/** The query of `GET /integrations` and `GET /integrationflows` for the given filters. @internal */
export function listQuery(options?: ListOptions): Record<string, string | number | undefined> {
  return {
    myIntegrations:
      options?.myIntegrations === undefined ? undefined : options.myIntegrations ? 1 : 0,
    sortBy: options?.sortBy,
  };
}

/**
 * Checks that an ID is a non-empty string and encodes it for a path segment.
 * @throws TypeError naming the parameter when the ID is missing or blank.
 * @internal
 */
export function requireId(value: string, name: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${name} must be a non-empty string`);
  }
  return encodeURIComponent(value);
}
