// The error a provider method throws, and the tests on a client error that decide what happens next.
import { CloudWorksApiError } from "../client";
import { quoteForMessage } from "./validation";

/**
 * Wraps a failure of a provider operation so that the message names the resource and the step,
 * then the client's own message (which already names the HTTP call and reason and has been
 * redacted). The original error is not kept as `cause`: a non-client error could carry request
 * details, and the engine prints whatever is attached.
 */
export class ResourceOperationError extends Error {
  /** Set when the object exists in CloudWorks although the operation failed (the engine then records it). */
  readonly id?: string;
  /** Outputs to record with {@link id}. */
  readonly properties?: object;
  /** Short reasons passed to the engine with an init failure. */
  readonly reasons?: string[];

  constructor(message: string, init?: { id?: string; properties?: object; reasons?: string[] }) {
    super(message);
    this.name = "ResourceOperationError";
    this.id = init?.id;
    this.properties = init?.properties;
    this.reasons = init?.reasons;
  }
}

/** Describes any error in one line without leaking request internals. */
export function describeError(error: unknown): string {
  // Client and provider errors carry redacted messages already; other errors are named by theirs.
  return error instanceof Error ? error.message : String(error);
}

/** Builds the error a provider method throws: `<Kind> "<name>": <step> failed: <reason>`. */
export function operationError(
  kind: string,
  name: string | undefined,
  step: string,
  error: unknown,
): ResourceOperationError {
  return new ResourceOperationError(
    // The name is the user's: escaped and shortened like every echoed input.
    `${kind} ${quoteForMessage(String(name ?? "?"))}: ${step} failed: ${describeError(error)}`,
  );
}

/** True when the client says a request failed with this HTTP status. */
export function hasStatus(error: unknown, status: number): boolean {
  return error instanceof CloudWorksApiError && error.status === status;
}

/**
 * Resolves as `request` does, or with undefined when the client says the object does not exist
 * (404): for the calls where a missing object is an answer rather than a failure.
 */
export async function undefinedIfNotFound<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (error) {
    if (hasStatus(error, 404)) return undefined;
    throw error;
  }
}

/** True when a write may have been applied even though it failed (timeout, 5xx, dropped response). */
export function mayHaveCommitted(error: unknown): boolean {
  return error instanceof CloudWorksApiError && error.mayHaveCommitted;
}

/** True when the API rejected a create because the name is taken. */
export function isDuplicateName(error: unknown): boolean {
  return (
    error instanceof CloudWorksApiError &&
    (error.status === 400 || error.status === 500) &&
    /duplicate resource name/i.test(error.apiMessage ?? "")
  );
}

/**
 * The state a `read` refreshes. The SDK types it as optional, but the engine passes the outputs
 * (refresh) or the properties of a `get` on every read; its absence is named rather than
 * surfacing as a TypeError deep in the refresh.
 */
export function stateToRead<T>(kind: string, props: T | undefined): T {
  if (props === undefined || props === null) {
    throw new ResourceOperationError(`${kind}: read failed: the engine passed no state to read`);
  }
  return props;
}
