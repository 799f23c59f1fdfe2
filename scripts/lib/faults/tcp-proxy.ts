import net from "node:net";

/**
 * A TCP proxy between the server and its JSON-RPC node, so a fault can hold the line (bytes wait, nothing is lost:
 * a node that stops answering) or cut it (every connection reset, new ones refused: a node or network that is gone).
 * It listens on a fixed port so a cut can end by listening there again.
 */
export async function startTcpProxy(options: { targetPort: number; host?: string }) {
  const host = options.host ?? "127.0.0.1";
  const sockets = new Set<net.Socket>();
  let held = false;
  let server: net.Server | null = null;
  let port = 0;

  function accept(client: net.Socket) {
    const upstream = net.connect(options.targetPort, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
    if (held) client.pause();
  }

  async function listen(onPort: number) {
    server = net.createServer(accept);
    await new Promise<void>((resolve, reject) => {
      server!.once("error", reject);
      server!.listen(onPort, host, () => resolve());
    });
    const address = server.address();
    port = typeof address === "object" && address ? address.port : onPort;
  }
  await listen(0);

  return {
    get url() {
      return `http://${host}:${port}`;
    },
    /** Holds every request: connections stay open, nothing is forwarded until `release`. */
    hold() {
      held = true;
      for (const s of sockets) s.pause();
    },
    release() {
      held = false;
      for (const s of sockets) s.resume();
    },
    /** Resets every connection and refuses new ones until `restore`. */
    async cut() {
      const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      for (const s of sockets) s.destroy();
      server = null;
      await closed;
    },
    async restore() {
      if (!server) await listen(port);
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}

export type TcpProxy = Awaited<ReturnType<typeof startTcpProxy>>;
