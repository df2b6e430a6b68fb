/**
 * The editing render scene (issue 19): known signals as takes, edited through the model's operations as a band
 * would — split, trimmed, slipped, moved, gained, faded, crossfaded and comped — for the offline render test,
 * which works out the expected samples from the edits' geometry by hand, not from the engine's plan.
 */
import * as Y from "yjs";
import {
  addAudioClip,
  addRecordedTake,
  addTrack,
  compTake,
  moveAudioClipTo,
  setAudioClipFades,
  setAudioClipGain,
  setCompCrossfade,
  setAudioClipsReversed,
  setCrossfadeLaw,
  slipAudioClip,
  splitAudioClip,
  trimAudioClipEnd,
  trimAudioClipStart,
} from "@bandspace/model";
import { LAB_ORIGIN } from "./docs";

const RATE = 48000;
const BAR = 3840;

/** Every frame of every take a different value in [-0.5, 0.5): a frame played from the wrong place shows. */
export function takeSample(take: number, frame: number, channel: number): number {
  const h = Math.imul(frame + 1, 2654435761) ^ Math.imul(take * 2 + channel + 1, 40503);
  return ((h >>> 8) & 0xffff) / 65536 - 0.5;
}

export const EDIT_TAKES = {
  passA: "editpassa0000001",
  passB: "editpassb0000002",
  guitar: "editguitar000003",
  reverse: "editreverse00004",
} as const;

export function editScene() {
  const doc = new Y.Doc();
  const o = LAB_ORIGIN;
  const vox = addTrack(doc, { kind: "audio", name: "Vox" }, o).id;
  const gtr = addTrack(doc, { kind: "audio", name: "Gtr" }, o).id;
  const base = { startTick: 0, sampleRate: RATE, channels: 1 as const, createdAt: 1 };
  addRecordedTake(doc, { ...base, takeId: EDIT_TAKES.passA, trackId: vox, groupId: "voxloop", frames: 4 * 96000 }, o);
  addRecordedTake(
    doc,
    { ...base, takeId: EDIT_TAKES.passB, trackId: vox, groupId: "voxloop", passIndex: 1, frames: 4 * 96000 },
    o,
  );
  const guitar = addRecordedTake(doc, { ...base, takeId: EDIT_TAKES.guitar, trackId: gtr, frames: 2 * 96000 }, o);

  // Guitar: split at beat 3, trim the left piece's start by a beat, fade it; cut the right piece to a bar, slip
  // it, turn it down 6 dB and move it; a short third clip overlaps its end with an equal-gain crossfade.
  const { left, right } = splitAudioClip(doc, guitar.clip.id, BAR / 2, o);
  trimAudioClipStart(doc, left.id, BAR / 8, o);
  setAudioClipFades(
    doc,
    left.id,
    { fadeInFrames: 4800, fadeInCurve: "equal-power", fadeOutFrames: 2400, fadeOutCurve: "linear" },
    o,
  );
  trimAudioClipEnd(doc, right.id, BAR / 2 + BAR, o);
  slipAudioClip(doc, right.id, 60000, o);
  setAudioClipGain(doc, right.id, -6, o);
  moveAudioClipTo(doc, right.id, { startTick: BAR / 2 + BAR / 4 }, o);
  const third = addAudioClip(
    doc,
    { takeId: EDIT_TAKES.guitar, startTick: 6480, offsetFrames: 0, lengthFrames: 24000 },
    o,
  );
  setCrossfadeLaw(doc, third.id, "equal-gain", o);

  // A reversed clip (issue 19 clean-up): reversed, its end trimmed (the window keeps the take's last 50 000
  // frames, as a reversed clip's start plays them), then split — both pieces still play that window backwards.
  const fx = addTrack(doc, { kind: "audio", name: "Rev" }, o).id;
  const rev = addRecordedTake(
    doc,
    { ...base, takeId: EDIT_TAKES.reverse, trackId: fx, startTick: 2 * BAR, frames: 96000 },
    o,
  );
  setAudioClipsReversed(doc, [rev.clip.id], true, o);
  trimAudioClipEnd(doc, rev.clip.id, 2 * BAR + 2000, o);
  splitAudioClip(doc, rev.clip.id, 2 * BAR + 960, o);

  // Vocals: pass A for bars 1–2, pass B for bars 3–4, a 40-tick (1000-frame) crossfade at the boundary.
  compTake(doc, { takeId: EDIT_TAKES.passA, startTick: 0, endTick: BAR }, o);
  const b = compTake(doc, { takeId: EDIT_TAKES.passB, startTick: BAR, endTick: 2 * BAR }, o);
  setCompCrossfade(doc, b.id, 40, o);

  return { doc, vox, gtr, fromTick: 0, toTick: 3 * BAR, sampleRate: RATE };
}

/** The takes as mono AudioBuffers (a track channel's panner folds stereo to mono today, see the e2e spec). */
export function editSceneBuffers(): Map<string, AudioBuffer> {
  const buffers = new Map<string, AudioBuffer>();
  const lengths = { passA: 4 * 96000, passB: 4 * 96000, guitar: 2 * 96000, reverse: 96000 };
  (Object.keys(EDIT_TAKES) as (keyof typeof EDIT_TAKES)[]).forEach((name, index) => {
    const buffer = new AudioBuffer({ length: lengths[name], numberOfChannels: 1, sampleRate: RATE });
    const data = buffer.getChannelData(0);
    for (let n = 0; n < data.length; n++) data[n] = takeSample(index, n, 0);
    buffers.set(EDIT_TAKES[name], buffer);
  });
  return buffers;
}
