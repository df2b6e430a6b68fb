import net from "node:net";

/**
 * A TCP proxy in front of a test server that can be paused: while paused it still accepts connections but
 * forwards nothing either way, which is how a storage server that hangs (stopped process, lost packets) looks to
 * a client — no refusal, no error, just silence.
 */
export interface PausableProxy {
  url: string;
  pause: () => void;
  resume: () => void;
  close: () => Promise<void>;
}

export async function startPausableProxy(target: string): Promise<PausableProxy> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  let paused = false;
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: to.hostname, port: Number(to.port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
      if (paused) s.pause();
    }
    client.on("data", (d) => upstream.write(d));
    upstream.on("data", (d) => client.write(d));
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pause: () => {
      paused = true;
      for (const s of sockets) s.pause();
    },
    resume: () => {
      paused = false;
      for (const s of sockets) s.resume();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
