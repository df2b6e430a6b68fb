/**
 * The reference for `npm run bench:takes`: a bare socket.io relay speaking the same take events with no
 * validation, no authentication, no storage — a chunk is forwarded to the room and acked at once.
 * Run as its own process: `node --import tsx bench/takes/bare-relay.ts` with PORT.
 */
import http from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 0);
type Ack = (reply: unknown) => void;

const httpServer = http.createServer((_req, res) => res.end("bare take relay"));
const io = new Server(httpServer, { path: "/socket.io", serveClient: false, maxHttpBufferSize: 1_000_000 });
io.on("connection", (socket) => {
  socket.on("hello", (req: { sessionId: string }) => {
    void socket.join(`session:${req.sessionId}`);
    socket.emit("hello", { protocolVersion: 2, sessionId: req.sessionId, role: "edit", linkId: "bare" });
    const room = `session:${req.sessionId}`;
    socket.on("take:start", (_r: unknown, ack?: Ack) => ack?.({ ok: true }));
    socket.on("take:chunk", (r: { takeId: string; seq: number; frames: number; pcm: Buffer }, ack?: Ack) => {
      socket.to(room).emit("take:chunk", { takeId: r.takeId, seq: r.seq, frames: r.frames, startFrame: 0, pcm: r.pcm });
      ack?.({ ok: true, seq: r.seq });
    });
    socket.on("take:end", (_r: unknown, ack?: Ack) => ack?.({ ok: true }));
  });
});
process.on("SIGTERM", () => process.exit(0));
httpServer.listen(port, "127.0.0.1");
