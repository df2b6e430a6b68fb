import { io as ioClient, type Socket } from "socket.io-client";
import { PROTOCOL_VERSION, type ErrorPayload, type Role } from "@bandspace/protocol";

export interface TestSocket {
  socket: Socket;
  errors: ErrorPayload[];
  roles: Role[];
  /** Resolves with the role of the hello reply, rejects on an error instead. */
  hello: Promise<Role>;
  disconnected: Promise<void>;
}

/** A socket.io client that says hello with `token` (and `member`) and records errors and role changes. */
export function connectSocket(baseUrl: string, sessionId: string, token: string, member?: string): TestSocket {
  const socket = ioClient(baseUrl, { transports: ["websocket"], reconnection: false });
  const errors: ErrorPayload[] = [];
  const roles: Role[] = [];
  socket.on("error" as never, ((e: ErrorPayload) => errors.push(e)) as never);
  socket.on("role", (e: { role: Role }) => roles.push(e.role));
  const hello = new Promise<Role>((resolve, reject) => {
    socket.once("hello", (r: { role: Role }) => resolve(r.role));
    socket.once("error" as never, ((e: ErrorPayload) => reject(new Error(e.code))) as never);
  });
  const disconnected = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
  socket.emit("hello", { protocolVersion: PROTOCOL_VERSION, sessionId, token, ...(member ? { member } : {}) });
  return { socket, errors, roles, hello, disconnected };
}
