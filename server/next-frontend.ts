import { EventEmitter } from "node:events";
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export interface NextFrontend {
  handleRequest: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  /** Only `/_next/` upgrades (dev HMR) are Next's. */
  handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  close: () => Promise<void>;
}

/**
 * Next.js served from our own HTTP server. Next gets a private emitter as its `httpServer`, so the
 * upgrade listener it attaches cannot end our Yjs and socket.io sockets; we forward it only `/_next/`.
 */
export async function createNextFrontend(opts: {
  dev: boolean;
  hostname: string;
  port: number;
  dir: string;
}): Promise<NextFrontend> {
  if (!opts.dev && !fs.existsSync(path.join(opts.dir, ".next", "BUILD_ID"))) {
    throw new Error(
      "The front end has not been built. Run `npm run build` (or `npm start`, which builds when needed).",
    );
  }
  const { default: next } = await import("next");
  const upgrades = new EventEmitter();
  const app = next({
    dev: opts.dev,
    dir: opts.dir,
    hostname: opts.hostname,
    port: opts.port,
    httpServer: upgrades as never,
  });
  await app.prepare();
  const handle = app.getRequestHandler();
  return {
    handleRequest: (req, res) => handle(req, res),
    handleUpgrade: (req, socket, head) => {
      if (upgrades.listenerCount("upgrade") > 0) upgrades.emit("upgrade", req, socket, head);
      else socket.destroy();
    },
    close: async () => {
      await (app as unknown as { close?: () => Promise<void> }).close?.();
    },
  };
}
