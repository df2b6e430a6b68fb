import * as Y from "yjs";
import { ModelError } from "../errors";
import { randomId } from "../ids";
import { transactAs, type Origin } from "../origin";
import { setIfChanged, type EntityMap } from "../roots";
import { LIMITS } from "../schema";
import { MASTER_STRIP_ID, SEND_FIELDS, busesMap, sendsMap } from "./fields";
import { deleteLanesTargeting } from "./inserts";
import { readMix, routingEdges } from "./read";
import { loopThrough } from "./routing";
import { describeLoop, requireStrip } from "./strips";

/** Sends: a copy of a strip's signal to a bus (a reverb return, a parallel compressor), pre or post fader. */

function requireSend(doc: Y.Doc, sendId: string): EntityMap {
  const value = typeof sendId === "string" ? sendsMap(doc).get(sendId) : undefined;
  if (!(value instanceof Y.Map))
    throw new ModelError("SEND_NOT_FOUND", "That send was removed — someone may have just taken it out.");
  return value as EntityMap;
}

export interface AddSendInit {
  levelDb?: number;
  /** Pre-fader (default post). */
  pre?: boolean;
}

export function addSend(doc: Y.Doc, from: string, to: string, init: AddSendInit, origin: Origin): string {
  if (from === MASTER_STRIP_ID) throw new ModelError("INVALID_SEND", "The master has no sends.");
  requireStrip(doc, from);
  if (!(busesMap(doc).get(to) instanceof Y.Map))
    throw new ModelError("BUS_NOT_FOUND", "Sends go to a bus; that bus no longer exists.");
  const level = init.levelDb ?? 0;
  if (typeof level !== "number" || Number.isNaN(level))
    throw new ModelError("INVALID_SEND", "A send level is a number of decibels.");
  if (init.pre !== undefined && typeof init.pre !== "boolean")
    throw new ModelError("INVALID_SEND", "A send is pre- or post-fader.");
  const mix = readMix(doc);
  if ([...(mix.sends.get(from) ?? [])].some((s) => s.to === to)) {
    throw new ModelError("INVALID_SEND", "This channel already sends to that bus: change its level instead.");
  }
  const loop = loopThrough(routingEdges(mix.strips, [...mix.sends.values()].flat()), from, to);
  if (loop) throw new ModelError("ROUTING_CYCLE", `That send would make a loop: ${describeLoop(mix, loop)}.`);
  const id = randomId();
  transactAs(doc, origin, () => {
    const map: EntityMap = new Y.Map<unknown>();
    sendsMap(doc).set(id, map);
    map.set(SEND_FIELDS.from.key, from);
    map.set(SEND_FIELDS.to.key, to);
    map.set(SEND_FIELDS.levelDb.key, SEND_FIELDS.levelDb.coerce(level === -Infinity ? LIMITS.volumeMinDb : level));
    if (init.pre) map.set(SEND_FIELDS.pre.key, true);
  });
  return id;
}

export function setSendLevel(doc: Y.Doc, sendId: string, db: number, origin: Origin): void {
  if (typeof db !== "number" || Number.isNaN(db))
    throw new ModelError("INVALID_SEND", "A send level is a number of decibels.");
  const map = requireSend(doc, sendId);
  const value = SEND_FIELDS.levelDb.coerce(db === -Infinity ? LIMITS.volumeMinDb : db);
  transactAs(doc, origin, () => setIfChanged(map, SEND_FIELDS.levelDb.key, value));
}

export function setSendPre(doc: Y.Doc, sendId: string, pre: boolean, origin: Origin): void {
  if (typeof pre !== "boolean") throw new ModelError("INVALID_SEND", "A send is pre- or post-fader.");
  const map = requireSend(doc, sendId);
  transactAs(doc, origin, () => setIfChanged(map, SEND_FIELDS.pre.key, pre));
}

/** Removes a send and the automation lane of its level. */
export function removeSend(doc: Y.Doc, sendId: string, origin: Origin): void {
  requireSend(doc, sendId);
  transactAs(doc, origin, () => {
    sendsMap(doc).delete(sendId);
    deleteLanesTargeting(doc, (target) => target === `send:${sendId}`);
  });
}
