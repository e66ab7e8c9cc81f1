/**
 * A client against the real emulator, and the objects and failures the client suites share: the
 * demo user's credentials, a client for one base URL, an S3 connection, an import integration
 * and a flow step in the client's input types, and a typed look at a call's rejection.
 */
import {
  MODEL_ID as BENCH_MODEL_ID,
  s3ImportIntegrationBody,
  WORKSPACE_ID as BENCH_WORKSPACE_ID,
} from "../../../bench/objects";
import { startEmulator } from "../../../emulator";
import type { EmulatorOptions, RunningEmulator } from "../../../emulator";
import { CloudWorksClient } from "../../../provider/client";
import type {
  CloudWorksClientOptions,
  AmazonS3ConnectionCreateRequest,
  IntegrationInput,
} from "../../../provider/client";

/** The emulator's default user as basic credentials (see emulator/README.md). */
export const DEMO_CREDENTIALS = {
  kind: "basic" as const,
  username: "demo@example.com",
  password: "demo-password",
};

/** A workspace ID in the format CloudWorks uses (lower-case hex): the benchmark's. */
export const WORKSPACE_ID = BENCH_WORKSPACE_ID;
/** A model ID (upper-case hex): the benchmark's. */
export const MODEL_ID = BENCH_MODEL_ID;
/** The secret of every test S3 connection (AWS's documented example); it must never leak. */
export const S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/**
 * A client whose API and auth share one base URL (the emulator or a scripted server), as the demo
 * user unless `options` says otherwise. Retry delays are the client's own unless a test sets them.
 */
export function clientAt(
  url: string,
  options: Partial<CloudWorksClientOptions> = {},
): CloudWorksClient {
  return new CloudWorksClient({
    credentials: DEMO_CREDENTIALS,
    apiUrl: url,
    authUrl: url,
    ...options,
  });
}

/** An emulator on a loopback port, and a demo-user client for it that retries after 1 ms. */
export async function startEmulatorAndClient(
  options: EmulatorOptions = {},
): Promise<{ emulator: RunningEmulator; client: CloudWorksClient }> {
  const emulator = await startEmulator({ port: 0, ...options });
  return { emulator, client: clientAt(emulator.url, { retryBaseDelayMs: 1 }) };
}

/** Closes what startEmulatorAndClient opened. */
export async function stopEmulatorAndClient(
  emulator: RunningEmulator,
  client: CloudWorksClient,
): Promise<void> {
  client.close();
  await emulator.stop();
}

/** An AmazonS3 connection as the client creates it, with AWS's documented example key. */
export function s3ConnectionInput(
  name: string,
  bucketName: string,
): AmazonS3ConnectionCreateRequest {
  return {
    type: "AmazonS3",
    body: {
      name,
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: S3_SECRET,
      bucketName,
    },
  };
}

/**
 * An import integration (one S3 file into an Anaplan import action) through `connectionId`, in
 * {@link WORKSPACE_ID} and {@link MODEL_ID}: the benchmark's body, so the two cannot differ.
 */
export function importIntegrationInput(
  name: string,
  connectionId: string,
  file: string,
): IntegrationInput {
  return s3ImportIntegrationBody(name, connectionId, file);
}

/** A flow step running `referrer` after `dependsOn`: stop on failure, continue on partial. */
export function flowStepInput(referrer: string, dependsOn: string[]) {
  return {
    type: "Integration" as const,
    referrer,
    dependsOn,
    isSkipped: false,
    exceptionBehavior: [
      { type: "failure" as const, strategy: "stop" as const },
      { type: "partial_success" as const, strategy: "continue" as const },
    ],
  };
}

/** The error `promise` rejects with, checked to be a `type`; fails the test if it resolves. */
export async function rejectionOf<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected the call to fail with ${type.name}`);
}
