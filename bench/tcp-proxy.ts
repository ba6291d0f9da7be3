/**
 * A TCP proxy on loopback that a test or the bench puts between the app and
 * Postgres, to cut the database away and bring it back without touching
 * the Postgres server others use. `cut()` drops every open connection and
 * refuses new ones; `restore()` forwards again.
 */
import net from "node:net";

export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  /** Holds back what Postgres answers, so queries hang in flight until `resume()`. */
  pause(): void;
  resume(): void;
  /** Connections currently forwarded. */
  open(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let up = true;
  let paused = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    if (!up) {
      // As if nothing listened: the client sees its connection reset at once.
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop);
    upstream.on("error", drop);
    client.on("close", drop);
    upstream.on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
    if (paused) upstream.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("proxy did not get a port");
  return {
    port: address.port,
    cut() {
      up = false;
      for (const [client, upstream] of pairs) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    restore() {
      up = true;
    },
    pause() {
      paused = true;
      for (const [, upstream] of pairs) upstream.pause();
    },
    resume() {
      paused = false;
      for (const [, upstream] of pairs) upstream.resume();
    },
    open: () => pairs.size,
    close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same connection string, through the proxy. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = "127.0.0.1";
  parsed.port = String(proxy.port);
  return parsed.toString();
}
