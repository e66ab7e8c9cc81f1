/**
 * The objects the benchmark creates, in CloudWorks' wire form. bench/program/index.ts declares
 * the same objects as Pulumi resources (it runs from a copy in a temp directory and cannot import
 * this file); `bench/run.ts` checks after each `up` that the tenant holds exactly these names, so
 * the two cannot drift apart unnoticed.
 */
import type { IntegrationInput } from "../provider/client";

/** Workspace of every benchmark integration. */
export const WORKSPACE_ID = "8a868cd97f8f98a3017fe45cbdc65e25";
/** Model of every benchmark integration. */
export const MODEL_ID = "75A40874E6B64FA3AE0743278996850F";
/** The access key ID of every benchmark connection (AWS's documented example key). */
export const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";

/** One connection and the integration that imports through it. */
export interface BenchObject {
  /** The AmazonS3 connection. */
  connection: {
    /** Its unique name. */
    name: string;
    /** The create body without the secret, as `POST /integrations/connections` takes it in `body`. */
    wireBody: { name: string; bucketName: string; accessKeyId: string };
  };
  /** The import integration. */
  integration: {
    /** Its unique name. */
    name: string;
    /** The object path it imports. */
    file: string;
    /** The v2 create body, given the connection's ID. */
    wireBody(connectionId: string): IntegrationInput;
  };
}

/**
 * The v2 body of an integration that imports `file` from the connection's bucket into the
 * model's import action 112000000001 (file 113000000001). It is typed by the client's own
 * input, so a misspelt field fails to compile; the client suites create their sample import
 * integration with it too (tests/client/support), as bench/ imports nothing from tests/.
 */
export function s3ImportIntegrationBody(
  name: string,
  connectionId: string,
  file: string,
): IntegrationInput {
  return {
    name,
    version: "2.0",
    workspaceId: WORKSPACE_ID,
    modelId: MODEL_ID,
    jobs: [
      {
        type: "AmazonS3ToAnaplan",
        sources: [{ type: "AmazonS3", connectionId, file }],
        targets: [{ type: "Anaplan", actionId: "112000000001", fileId: "113000000001" }],
      },
    ],
  };
}

/** The i-th suffix, zero-padded so that names sort in creation order. */
export function suffix(index: number): string {
  return String(index).padStart(3, "0");
}

/** The `count` connection/integration pairs, numbered from 1. */
export function benchObjects(count: number): BenchObject[] {
  return Array.from({ length: count }, (_unused, i) => {
    const n = suffix(i + 1);
    const connectionName = `Bench S3 ${n}`;
    const integrationName = `Bench Import ${n}`;
    const file = "source/x.csv";
    return {
      connection: {
        name: connectionName,
        wireBody: {
          name: connectionName,
          bucketName: `bench-landing-${n}`,
          accessKeyId: ACCESS_KEY_ID,
        },
      },
      integration: {
        name: integrationName,
        file,
        // `nuxVisible: false` as the provider sends it, so the baseline asks what the stack asks.
        wireBody: (connectionId: string) => ({
          ...s3ImportIntegrationBody(integrationName, connectionId, file),
          nuxVisible: false,
        }),
      },
    };
  });
}
