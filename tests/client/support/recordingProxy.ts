/**
 * A pass-through reverse proxy on 127.0.0.1 that records what the client sends (headers and
 * bodies) before forwarding it to the emulator. Lets tests inspect the exact wire format, and get
 * hold of the token the client received, without touching client internals.
 */
import * as http from "http";
import { AddressInfo } from "net";
import { RecordedRequest } from "./scriptedServer";

/** A running recording proxy. */
export interface RecordingProxy {
  /** Its base URL, to give the client in place of the emulator's. */
  url: string;
  /** Every request forwarded, in order. */
  requests: RecordedRequest[];
  /** Stops the proxy, dropping open connections. */
  close(): Promise<void>;
}

/** Starts a proxy that records each request, then forwards it to `targetUrl`. */
export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: body.toString("utf8"),
      });
      const upstream = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
