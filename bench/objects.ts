/**
 * The objects the benchmark creates, in CloudWorks' wire form. bench/program/index.ts declares
 * the same objects as Pulumi resources (it runs from a copy in a temp directory and cannot import
 * this file); `bench/run.ts` checks after each `up` that the tenant holds exactly these names, so
 * the two cannot drift apart unnoticed.
 */

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
    wireBody(connectionId: string): Record<string, unknown>;
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
        wireBody: (connectionId: string) => ({
          name: integrationName,
          version: "2.0",
          workspaceId: WORKSPACE_ID,
          modelId: MODEL_ID,
          nuxVisible: false,
          jobs: [
            {
              type: "AmazonS3ToAnaplan",
              sources: [{ type: "AmazonS3", connectionId, file }],
              targets: [{ type: "Anaplan", actionId: "112000000001", fileId: "113000000001" }],
            },
          ],
        }),
      },
    };
  });
}
