/** The minimal socket a room talks to, so tests can drive a room in memory. */
export interface RoomSocket {
  send: (data: Uint8Array) => void;
  close: (code: number, reason: string) => void;
}
