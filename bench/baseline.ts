/**
 * The baseline: the script a user would write instead of using Pulumi, making the minimal API
 * calls for each operation with plain axios (no retry, no token cache, no client library) at a
 * fixed concurrency. `bench/run.ts` runs it as its own Node process per operation, exactly as it
 * runs one `pulumi` process per operation, so both timings include process start-up.
 *
 * Run as `node dist/bench/baseline.js` with a {@link BaselineRequest} as JSON on stdin (stdin
 * rather than argv so the password never shows in a process listing); prints a
 * {@link BaselineResult} as JSON on stdout.
 */
import axios, { AxiosInstance } from "axios";
import * as fs from "fs";
import { benchObjects } from "./objects";

/** The operations the baseline performs, named after the Pulumi commands they stand for. */
export type BaselineOperation = "up" | "preview" | "refresh" | "destroy";

/** What one baseline run is asked to do. */
export interface BaselineRequest {
  /** Which operation. */
  operation: BaselineOperation;
  /** Emulator URL: both the auth API and the CloudWorks API (`/2/0`). */
  url: string;
  /** Anaplan user for Basic authentication. */
  username: string;
  /** Its password. */
  password: string;
  /** The S3 secret access key every connection carries (the Pulumi stack has the same). */
  s3SecretAccessKey: string;
  /** Number of connections and of integrations. */
  count: number;
  /** Requests in flight at once, the same number Pulumi gets as `--parallel`. */
  concurrency: number;
  /** File holding the IDs created by `up`, as a user's script would keep them between runs. */
  idsFile: string;
}

/** What one baseline run did. */
export interface BaselineResult {
  /** The operation. */
  operation: BaselineOperation;
  /** Milliseconds from the first API call to the last response, inside the process. */
  apiMs: number;
  /** Objects found differing from the desired set (preview, refresh); 0 when all is in order. */
  drift: number;
}

/** IDs the baseline created, by object name. */
interface IdsFile {
  connections: Record<string, string>;
  integrations: Record<string, string>;
}

// A guard against a server that never stops returning pages.
const MAX_PAGES = 1000;
const PAGE_SIZE = 100;

/** Runs `work` over `items` with at most `concurrency` calls in flight; results keep item order. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    // Each turn takes one index, so the loop runs at most items.length times in all.
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return results;
}

/** Logs in with Basic authentication and returns a client carrying the token. */
async function login(request: BaselineRequest): Promise<AxiosInstance> {
  const basic = Buffer.from(`${request.username}:${request.password}`).toString("base64");
  const auth = await axios.post<{ tokenInfo: { tokenValue: string } }>(
    `${request.url}/token/authenticate`,
    undefined,
    { headers: { Authorization: `Basic ${basic}` }, timeout: 30_000 },
  );
  return axios.create({
    baseURL: `${request.url}/2/0`,
    headers: { Authorization: `AnaplanAuthToken ${auth.data.tokenInfo.tokenValue}` },
    timeout: 30_000,
  });
}

/** Every item of an offset/limit list. */
async function listAll<T>(api: AxiosInstance, path: string, key: string): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data } = await api.get<Record<string, unknown>>(path, {
      params: { offset: all.length, limit: PAGE_SIZE },
    });
    const items = (data[key] ?? []) as T[];
    all.push(...items);
    const total = (data.meta as { paging?: { totalSize?: number } } | undefined)?.paging?.totalSize;
    if (items.length === 0 || all.length >= (total ?? 0)) break;
  }
  return all;
}

async function up(request: BaselineRequest, api: AxiosInstance): Promise<number> {
  const objects = benchObjects(request.count);
  const connectionIds = await inPool(objects, request.concurrency, async ({ connection }) => {
    const { data } = await api.post<{ connections: { connectionId: string } }>(
      "/integrations/connections",
      {
        type: "AmazonS3",
        body: { ...connection.wireBody, secretAccessKey: request.s3SecretAccessKey },
      },
    );
    return data.connections.connectionId;
  });
  const pairs = objects.map((object, index) => ({ object, connectionId: connectionIds[index] }));
  const integrationIds = await inPool(
    pairs,
    request.concurrency,
    async ({ object, connectionId }) => {
      const { data } = await api.post<{ integration: { integrationId: string } }>(
        "/integrations",
        object.integration.wireBody(connectionId),
      );
      return data.integration.integrationId;
    },
  );
  const ids: IdsFile = { connections: {}, integrations: {} };
  objects.forEach((object, index) => {
    ids.connections[object.connection.name] = connectionIds[index];
    ids.integrations[object.integration.name] = integrationIds[index];
  });
  fs.writeFileSync(request.idsFile, JSON.stringify(ids), { mode: 0o600 });
  return 0;
}

/** A no-change check: both lists, compared by name with what should exist. */
async function preview(request: BaselineRequest, api: AxiosInstance): Promise<number> {
  const objects = benchObjects(request.count);
  const [connections, integrations] = await Promise.all([
    listAll<{ body?: { name?: string } }>(api, "/integrations/connections", "connections"),
    listAll<{ name?: string }>(api, "/integrations", "integrations"),
  ]);
  const connectionNames = new Set(connections.map((c) => c.body?.name));
  const integrationNames = new Set(integrations.map((i) => i.name));
  return objects.filter(
    (o) => !connectionNames.has(o.connection.name) || !integrationNames.has(o.integration.name),
  ).length;
}

/** A read of every object: one pass over the connection list, one GET per integration. */
async function refresh(request: BaselineRequest, api: AxiosInstance): Promise<number> {
  const ids = JSON.parse(fs.readFileSync(request.idsFile, "utf8")) as IdsFile;
  const objects = benchObjects(request.count);
  const connections = await listAll<{ connectionId: string; body?: { bucketName?: string } }>(
    api,
    "/integrations/connections",
    "connections",
  );
  const byId = new Map(connections.map((c) => [c.connectionId, c]));
  const drifted = await inPool(objects, request.concurrency, async (object) => {
    const connection = byId.get(ids.connections[object.connection.name]);
    const { data } = await api.get<{ integration: { jobs: { sources: { file?: string }[] }[] } }>(
      `/integrations/${ids.integrations[object.integration.name]}`,
    );
    return (
      connection?.body?.bucketName !== object.connection.wireBody.bucketName ||
      data.integration.jobs[0]?.sources[0]?.file !== object.integration.file
    );
  });
  return drifted.filter(Boolean).length;
}

/** Deletes every integration, then every connection (a referenced connection cannot go first). */
async function destroy(request: BaselineRequest, api: AxiosInstance): Promise<number> {
  const ids = JSON.parse(fs.readFileSync(request.idsFile, "utf8")) as IdsFile;
  await inPool(Object.values(ids.integrations), request.concurrency, (id) =>
    api.delete(`/integrations/${id}`),
  );
  await inPool(Object.values(ids.connections), request.concurrency, (id) =>
    api.delete(`/integrations/connections/${id}`),
  );
  fs.rmSync(request.idsFile, { force: true });
  return 0;
}

const OPERATIONS: Record<
  BaselineOperation,
  (request: BaselineRequest, api: AxiosInstance) => Promise<number>
> = { up, preview, refresh, destroy };

/** Performs one operation in this process: one login, then the operation's calls. */
export async function runBaseline(request: BaselineRequest): Promise<BaselineResult> {
  const started = performance.now();
  const api = await login(request);
  const drift = await OPERATIONS[request.operation](request, api);
  return { operation: request.operation, apiMs: performance.now() - started, drift };
}

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const request = JSON.parse(Buffer.concat(chunks).toString("utf8")) as BaselineRequest;
  const result = await runBaseline(request);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // Only the message: an axios error object would print the request, token header included.
    process.stderr.write(`baseline failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
