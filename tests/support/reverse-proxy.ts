/**
 * A small HTTP reverse proxy on loopback, in front of several app servers,
 * as a load balancer would stand in front of them in production: requests
 * go round robin; a GET or HEAD that could not be served (the connection
 * was refused or reset, or the server answered 503 because it is stopping)
 * is tried once on each other server before the client hears an error.
 * Other methods are never retried: a POST may have been acted on.
 *
 * Used by tests/integration/platform/two-servers.test.ts and
 * bench/two-servers.ts.
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReverseProxy {
  port: number;
  base: string;
  /** Requests answered, and those retried on another server (by reason). */
  stats: { served: number; retried: number; failed: number; byUpstream: Record<string, number> };
  close(): Promise<void>;
}

const RETRYABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT"]);
const IDEMPOTENT = new Set(["GET", "HEAD"]);
/** Hop-by-hop headers (RFC 9110 7.6.1) belong to one connection and are not passed on. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
]);

export async function startReverseProxy(options: { port: number; upstreams: string[] }): Promise<ReverseProxy> {
  const upstreams = options.upstreams.map((u) => new URL(u));
  // Kept-alive connections to each server, as a real balancer keeps them.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const stats: ReverseProxy["stats"] = { served: 0, retried: 0, failed: 0, byUpstream: {} };
  let next = 0;

  const forward = (
    req: IncomingMessage,
    body: Buffer,
    upstream: URL,
  ): Promise<{ ok: true; upstream: IncomingMessage } | { ok: false; error: Error }> =>
    new Promise((resolve) => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name.toLowerCase()) && value !== undefined) headers[name] = value;
      }
      // The Host the browser used stays, so the app's same-origin checks see the site, not the server.
      headers["x-forwarded-for"] = req.socket.remoteAddress ?? "";
      if (body.length > 0) headers["content-length"] = String(body.length);
      const outgoing = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
        (response) => resolve({ ok: true, upstream: response }),
      );
      outgoing.on("error", (error) => resolve({ ok: false, error }));
      outgoing.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const first = next++ % upstreams.length;
    const tries = IDEMPOTENT.has(req.method ?? "") ? upstreams.length : 1;
    let lastError = "no server answered";
    for (let i = 0; i < tries; i++) {
      const upstream = upstreams[(first + i) % upstreams.length];
      const result = await forward(req, body, upstream);
      if (result.ok) {
        const response = result.upstream;
        // A server that is stopping answers 503 without having done anything: another may serve it.
        if (response.statusCode === 503 && i < tries - 1 && response.headers["retry-after"] === undefined) {
          response.resume();
          stats.retried += 1;
          lastError = "503 from a stopping server";
          continue;
        }
        const headers: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (!HOP_BY_HOP.has(name.toLowerCase()) && value !== undefined) headers[name] = value;
        }
        res.writeHead(response.statusCode ?? 502, headers);
        response.pipe(res);
        stats.served += 1;
        stats.byUpstream[upstream.host] = (stats.byUpstream[upstream.host] ?? 0) + 1;
        return;
      }
      const code = (result.error as NodeJS.ErrnoException).code ?? "";
      lastError = `${code || result.error.message}`;
      if (!RETRYABLE_CODES.has(code)) break;
      if (i < tries - 1) stats.retried += 1;
    }
    stats.failed += 1;
    res.writeHead(502, { "content-type": "text/plain" });
    res.end(`Bad gateway: ${lastError}`);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      stats.failed += 1;
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(`Bad gateway: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    stats,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
