// Transport security: trusted CAs, the TLS 1.2 floor, HTTPS proxies, and where plain http is allowed.
import * as http from "http";
import * as https from "https";
import * as net from "net";
import type * as tlsTypes from "tls";
import { AnaplanAuthError, clearTokenCache } from "../../provider/client";
import { clientAt, issue, Issued, makeCa, rejectionOf, startHttpsServer } from "./support";

const credentials = {
  kind: "basic" as const,
  username: "tls@example.com",
  password: "tls-password-1",
};

let ca: Issued;
let serverCert: Issued;

// Several tests reuse https://cloudworks.test with the same identity; start each without a token.
beforeEach(() => clearTokenCache());

beforeAll(() => {
  ca = makeCa("TLS Test CA");
  serverCert = issue(ca, "localhost", { altNames: ["localhost", "127.0.0.1", "cloudworks.test"] });
});

/** A minimal HTTPS auth + CloudWorks endpoint with the test CA's localhost certificate. */
const startServer = (tls: https.ServerOptions = {}) =>
  startHttpsServer(serverCert, "tls-token", { tls });

async function stop(server: http.Server | https.Server): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  server.emit("close");
  await closed;
}

function client(url: string, extra: { caBundlePem?: string; timeoutMs?: number } = {}) {
  return clientAt(url, { credentials, retryBaseDelayMs: 1, maxRetries: 2, ...extra });
}

const authError = (promise: Promise<unknown>) => rejectionOf(promise, AnaplanAuthError);

describe("trusted CAs", () => {
  test("a server certificate from the caBundlePem CA is accepted", async () => {
    const { server, port, hits } = await startServer();
    try {
      await expect(
        client(`https://localhost:${port}`, { caBundlePem: ca.certificatePem }).listFlows(),
      ).resolves.toEqual([]);
      expect(hits).toHaveLength(2);
    } finally {
      await stop(server);
    }
  });

  test("without the CA the handshake fails once, clearly, and is not retried", async () => {
    const { server, port, hits } = await startServer();
    try {
      const error = await authError(client(`https://localhost:${port}`).listFlows());
      expect(error.kind).toBe("network");
      expect(error.message).toMatch(
        /network error (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/,
      );
      expect(hits).toHaveLength(0);
    } finally {
      await stop(server);
    }
  });
});

// The module object itself: its DEFAULT_* settings are writable, unlike an import namespace's.
const tls = require("tls") as typeof tlsTypes;

describe("TLS 1.2 minimum", () => {
  const saved = { min: tls.DEFAULT_MIN_VERSION, ciphers: tls.DEFAULT_CIPHERS };
  afterEach(() => {
    tls.DEFAULT_MIN_VERSION = saved.min;
    tls.DEFAULT_CIPHERS = saved.ciphers;
  });

  test("a TLS 1.1 server is refused even when the runtime's defaults would allow it", async () => {
    // Emulates a runtime started with --tls-min-v1.0 and a lowered OpenSSL security level: only
    // the client's own minVersion stands between it and TLS 1.1.
    tls.DEFAULT_MIN_VERSION = "TLSv1";
    tls.DEFAULT_CIPHERS = `${saved.ciphers}:@SECLEVEL=0`;
    const { server, port, hits } = await startServer({
      minVersion: "TLSv1",
      maxVersion: "TLSv1.1",
      ciphers: "DEFAULT@SECLEVEL=0",
    });
    try {
      const error = await authError(
        client(`https://localhost:${port}`, { caBundlePem: ca.certificatePem }).listFlows(),
      );
      expect(error.kind).toBe("network");
      expect(error.message).toContain("EPROTO");
      expect(hits).toHaveLength(0);
    } finally {
      await stop(server);
    }
  });
});

describe("proxies", () => {
  const names = [
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
  ];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  afterEach(() => {
    for (const name of names) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  });

  /** Clears every proxy variable, then sets `values` (afterEach restores the originals). */
  function setProxyEnv(values: Record<string, string>): void {
    for (const name of names) {
      delete process.env[name];
    }
    Object.assign(process.env, values);
  }

  /** A CONNECT proxy that tunnels every request to the local HTTPS server, whatever host was asked for. */
  async function startConnectProxy(targetPort: number) {
    const connects: string[] = [];
    const tunnels: net.Socket[] = [];
    const proxy = http.createServer((_req, res) => res.writeHead(405).end());
    // Tunnelled sockets leave the HTTP server's bookkeeping, so closing it must end them explicitly.
    proxy.on("close", () => tunnels.forEach((socket) => socket.destroy()));
    proxy.on("connect", (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      connects.push(String(req.url));
      tunnels.push(socket);
      const upstream = net.connect(targetPort, "127.0.0.1", () => {
        socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on("error", () => socket.destroy());
      socket.on("error", () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    return {
      proxy,
      connects,
      url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    };
  }

  test("HTTPS_PROXY is honoured for remote hosts, with end-to-end TLS through CONNECT", async () => {
    const { server, port, hits } = await startServer();
    const { proxy, connects, url } = await startConnectProxy(port);
    try {
      setProxyEnv({ HTTPS_PROXY: url, https_proxy: url });
      await expect(
        client("https://cloudworks.test", { caBundlePem: ca.certificatePem }).listFlows(),
      ).resolves.toEqual([]);
      expect(connects).toEqual(expect.arrayContaining(["cloudworks.test:443"]));
      expect(hits.map((hit) => hit.split(" ")[1])).toEqual([
        "/token/authenticate",
        "/2/0/integrationflows?offset=0&limit=100",
      ]);
    } finally {
      await stop(proxy);
      await stop(server);
    }
  });

  test("NO_PROXY exempts a host from the proxy", async () => {
    const { server, port } = await startServer();
    const { proxy, connects, url } = await startConnectProxy(port);
    try {
      setProxyEnv({
        HTTPS_PROXY: url,
        https_proxy: url,
        NO_PROXY: "cloudworks.test",
        no_proxy: "cloudworks.test",
      });
      const error = await authError(
        client("https://cloudworks.test", { caBundlePem: ca.certificatePem }).listFlows(),
      );
      expect(["network", "timeout"]).toContain(error.kind);
      expect(connects).toEqual([]);
    } finally {
      await stop(proxy);
      await stop(server);
    }
  });
});
