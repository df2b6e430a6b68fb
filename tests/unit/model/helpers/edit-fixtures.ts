import * as Y from "yjs";
import { addTrack, type RecordedTakeInit } from "@bandspace/model";
import { USER } from "./doc-spy";

/** Fixtures for the editing tests: two audio tracks and an instrument track; takes of four bars at bar 2. */
const BAR = 3840;

export function editSetup() {
  const doc = new Y.Doc();
  const audio = addTrack(doc, { kind: "audio", name: "Vox" }, USER).id;
  const audio2 = addTrack(doc, { kind: "audio", name: "Gtr" }, USER).id;
  const synth = addTrack(doc, { kind: "instrument" }, USER).id;
  return { doc, audio, audio2, synth };
}

export const takeInit = (trackId: string, n: number, extra: Partial<RecordedTakeInit> = {}): RecordedTakeInit => ({
  takeId: `take${String(n).padStart(12, "0")}`,
  trackId,
  startTick: BAR,
  sampleRate: 48000,
  channels: 1,
  frames: 4 * 96000, // four bars
  createdAt: 1000 + n,
  ...extra,
});
