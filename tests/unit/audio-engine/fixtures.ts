import * as Y from "yjs";
import {
  addMidiClip,
  addTrack,
  setTempo,
  setTempoChange,
  type InstrumentId,
  type NoteInit,
  type Origin,
} from "@bandspace/model";

export const USER: Origin = { kind: "user", userId: "engine-test" };
export const REMOTE: Origin = { kind: "remote" };

export const note = (pitch: number, startTick: number, durationTicks = 240, velocity = 100): NoteInit => ({
  pitch,
  startTick,
  durationTicks,
  velocity,
});

/** A doc at `bpm` (4/4) with optional tempo changes. */
export function songDoc(bpm = 120, changes: { bar: number; bpm: number }[] = []): Y.Doc {
  const doc = new Y.Doc();
  setTempo(doc, bpm, USER);
  for (const c of changes) setTempoChange(doc, c, USER);
  return doc;
}

export function instrumentTrack(doc: Y.Doc, instrument: InstrumentId, name: string = instrument): string {
  return addTrack(doc, { name, instrument }, USER).id;
}

export function clip(doc: Y.Doc, trackId: string, startTick: number, lengthTicks: number, notes: NoteInit[]): string {
  return addMidiClip(doc, { trackId, startTick, lengthTicks, notes }, USER).id;
}

/** Rounds to 1e-9 s so exact expectations read cleanly (the values themselves are exact to ~1e-15). */
export const r9 = (x: number) => Math.round(x * 1e9) / 1e9;
