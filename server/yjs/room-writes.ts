import * as Y from "yjs";
import { BandspaceError, READ_ONLY_REASON, type DocKind } from "@bandspace/protocol";
import { checkCommentsUpdate, checkSongStructs, type WriteRefusal } from "@bandspace/model";
import { isIntegrable, type DecodedUpdate } from "./integrability";
import { encodePermissionDenied, encodeRefused } from "./messages";
import type { Refusal } from "./refusal-log";
import type { ConnectionIdentity } from "./room-presence";
import type { RoomSocket } from "./room-socket";

/*
 * The write path of a room (split from room.ts): a member's sync step 2 or update is checked before it touches
 * the document — the writer's role, that it can be integrated completely (else it is held), the document's rules
 * (packages/model write-rules) — then applied or refused, and counted for the "persisted" acknowledgement.
 */

export interface MemberInfo {
  /** False for roles that may not change this document: their sync step 2 and updates are dropped. */
  canWrite: boolean;
  linkId: string;
  identity: ConnectionIdentity;
}

export interface Member extends MemberInfo {
  lastDeniedAt: number;
  /** Write messages (sync step 2 / update) received on this connection so far. */
  writes: number;
  /** Write messages settled in order: applied, or refused by a rule. Only these are acknowledged. */
  settled: number;
  /**
   * Writes that cannot be integrated yet (they build on something the server has not received), merged
   * into one update, and the write count they cover. Held, not applied or acknowledged (issue #16).
   */
  held: { update: Uint8Array; upTo: number } | null;
}

/**
 * Most a connection's held writes may grow to. An honest client's writes are held only for a moment (an
 * edit sent before the offline state it builds on); a connection whose earlier write was refused builds
 * on what the server never applied, so it is closed once this fills (a reload resyncs it).
 */
const MAX_HELD_BYTES = 8 * 1024 * 1024;

/** What the write path needs of its room. */
export interface WriteTarget {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly kind: DocKind;
  readonly members: ReadonlyMap<RoomSocket, Member>;
  /** Told about every refused write (logged and counted per link). */
  readonly onRefusal?: (refusal: Refusal) => void;
  /** The member's writes up to `settled` are in the document (or refused): acknowledge them once durable. */
  noteWrite: (socket: RoomSocket, settled: number) => void;
}

/** A sync step 2 or update from `member`. Throws BandspaceError when its held writes grew too large. */
export function receiveWrite(target: WriteTarget, socket: RoomSocket, member: Member, update: Uint8Array): void {
  if (!member.canWrite) {
    // Dropped. Tell the reader (at most once a second, so a chatty client cannot make us spam).
    const now = Date.now();
    if (now - member.lastDeniedAt > 1000) {
      member.lastDeniedAt = now;
      socket.send(encodePermissionDenied(READ_ONLY_REASON));
    }
    return;
  }
  // Decoding validates the whole update before anything else (a malformed one must not half-apply);
  // the decoded structs then serve the integrability check and the rules.
  const own = Y.decodeUpdate(update);
  member.writes += 1;
  const candidate = member.held ? Y.mergeUpdates([member.held.update, update]) : update;
  const decoded = candidate === update ? own : Y.decodeUpdate(candidate);
  if (!isIntegrable(target.doc, decoded)) {
    if (candidate.byteLength > MAX_HELD_BYTES) {
      throw new BandspaceError(
        "PAYLOAD_TOO_LARGE",
        "Your edits build on changes the server never received. Reload the page to send everything again.",
      );
    }
    member.held = { update: candidate, upTo: member.writes };
    return;
  }
  member.held = null;
  settle(target, socket, member, candidate, decoded, member.writes);
  settleHeld(target);
}

/** Held writes of any member may have become integrable through what was just applied. */
export function settleHeld(target: WriteTarget): void {
  let progress = true;
  while (progress) {
    progress = false;
    for (const [socket, member] of target.members) {
      const decoded = member.held ? Y.decodeUpdate(member.held.update) : null;
      if (member.held && decoded && isIntegrable(target.doc, decoded)) {
        const { update, upTo } = member.held;
        member.held = null;
        settle(target, socket, member, update, decoded, upTo);
        progress = true;
      }
    }
  }
}

/** Applies (or refuses) an integrable update and acknowledges the writes it covers once durable. */
function settle(
  target: WriteTarget,
  socket: RoomSocket,
  member: Member,
  update: Uint8Array,
  decoded: DecodedUpdate,
  upTo: number,
): void {
  const refusal = check(target, update, decoded, member);
  if (refusal) refuse(target, socket, member, refusal);
  else Y.applyUpdate(target.doc, update, socket);
  member.settled = upTo;
  target.noteWrite(socket, member.settled);
}

function check(target: WriteTarget, update: Uint8Array, decoded: DecodedUpdate, member: Member): WriteRefusal | null {
  return target.kind === "comments"
    ? checkCommentsUpdate(target.doc, update, { memberId: member.identity.memberId, name: member.identity.name })
    : checkSongStructs(target.doc, decoded.structs);
}

function refuse(target: WriteTarget, socket: RoomSocket, member: Member, refusal: WriteRefusal): void {
  target.onRefusal?.({
    room: target.name,
    linkId: member.linkId,
    memberId: member.identity.memberId,
    code: refusal.code,
    message: refusal.message,
  });
  socket.send(encodeRefused(refusal.code, refusal.message));
}
