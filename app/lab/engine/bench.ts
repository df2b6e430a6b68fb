/**
 * The in-browser half of `npm run bench:engine` (bench/engine.ts drives it through Playwright). Each figure
 * comes with the raw Tone.js / Web Audio / Yjs figure for the same content where one applies.
 */
import * as Y from "yjs";
import {
  addNotes,
  deleteNotes,
  listClips,
  listNotes,
  listTracks,
  moveClip,
  moveNotes,
  readTempoMap,
  resizeClip,
  updateNotes,
  type InstrumentId,
  type Origin,
} from "@bandspace/model";
import {
  AudioEngine,
  BassInstrument,
  DrumsInstrument,
  DrumVoices,
  LeadInstrument,
  NoteIndex,
  PadInstrument,
  PianoInstrument,
  bassVoice,
  leadVoice,
  midiToHz,
  notesInWindow,
  padVoice,
  pianoVoice,
  renderOffline,
  velocityToGain,
} from "@bandspace/audio-engine";
import { Gain } from "tone/build/esm/core/context/Gain.js";
import { OfflineContext } from "tone/build/esm/core/context/OfflineContext.js";
import { Context } from "tone/build/esm/core/context/Context.js";
import { Volume } from "tone/build/esm/component/channel/Volume.js";
import { Panner } from "tone/build/esm/component/channel/Panner.js";
import { PolySynth } from "tone/build/esm/instrument/PolySynth.js";
import { FMSynth } from "tone/build/esm/instrument/FMSynth.js";
import { MonoSynth } from "tone/build/esm/instrument/MonoSynth.js";
import { Synth } from "tone/build/esm/instrument/Synth.js";
import { setContext as setToneGlobal } from "tone/build/esm/core/context/GlobalContext.js";
import { arrangementDoc, partFor, type ArrangementSpec } from "./docs";

const REMOTE: Origin = { kind: "remote" };
const BANDMATE: Origin = { kind: "user", userId: "bench-bandmate" };

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? NaN;
  return { n: s.length, min: s[0] ?? NaN, p50: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? NaN, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same Tone voices the engine's instruments use, as plain Tone.js instruments (no engine). */
function rawInstrument(id: InstrumentId, context: Context): { play(pitch: number, time: number, duration: number, velocity: number): void; output: Gain; dispose(): void } {
  const output = new Gain({ context });
  const poly = (voice: typeof FMSynth | typeof MonoSynth | typeof Synth, options: object, volume: number) => {
    const synth = new PolySynth({ context, voice: voice as typeof Synth, options, volume, maxPolyphony: 32 }).connect(output);
    return {
      output,
      play: (pitch: number, time: number, duration: number, velocity: number) => synth.triggerAttackRelease(midiToHz(pitch), duration, time, velocityToGain(velocity)),
      dispose: () => (synth.dispose(), output.dispose()),
    };
  };
  switch (id) {
    case "piano":
      return poly(FMSynth, pianoVoice(PianoInstrument.defaults), PianoInstrument.defaults.volume);
    case "bass":
      return poly(MonoSynth, bassVoice(BassInstrument.defaults), BassInstrument.defaults.volume);
    case "pad":
      return poly(Synth, padVoice(PadInstrument.defaults), PadInstrument.defaults.volume);
    case "lead":
      return poly(MonoSynth, leadVoice(LeadInstrument.defaults), LeadInstrument.defaults.volume);
    case "drums": {
      const kit = new DrumVoices(context, output, DrumsInstrument.defaults);
      return {
        output,
        play: (pitch, time, duration, velocity) => kit.play(pitch, time, duration, velocityToGain(velocity)),
        dispose: () => (kit.dispose(), output.dispose()),
      };
    }
  }
}

function trackInstruments(doc: Y.Doc): Map<string, InstrumentId> {
  const out = new Map<string, InstrumentId>();
  for (const t of listTracks(doc)) if (t.instrument) out.set(t.id, t.instrument);
  return out;
}

/** Building the engine for the arrangement (TempoMap, note index, 24 instruments + channels, master). */
export async function benchGraphBuild(spec: ArrangementSpec, runs = 7) {
  const { doc } = arrangementDoc(spec);
  const engineMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ac = new AudioContext();
    await ac.resume();
    const t0 = performance.now();
    const engine = await AudioEngine.create({ doc, context: ac });
    engineMs.push(performance.now() - t0);
    engine.dispose();
    // Raw: read the same notes and make the same Tone instruments and channel strips directly.
    const ctx = new Context({ context: ac, lookAhead: 0, updateInterval: 0.025 });
    setToneGlobal(ctx);
    const r0 = performance.now();
    let notes = 0;
    for (const c of listClips(doc)) notes += listNotes(doc, c.id).length;
    const made: { dispose(): void }[] = [];
    const master = new Volume({ context: ctx });
    master.connect(ac.destination);
    for (const [, id] of trackInstruments(doc)) {
      const inst = rawInstrument(id, ctx);
      const vol = new Volume({ context: ctx });
      const pan = new Panner({ context: ctx });
      inst.output.chain(vol, pan, master);
      made.push(inst, vol, pan);
    }
    rawMs.push(performance.now() - r0);
    if (notes < 0) console.log(notes);
    for (const m of made) m.dispose();
    master.dispose();
    ctx.dispose();
    await ac.close().catch(() => {});
  }
  return { engine: summarize(engineMs), raw: summarize(rawMs) };
}

/**
 * Remote edits while playing: a bandmate's replica makes an edit; its update is applied here (remote origin);
 * the time from applying it to the engine having followed it (synchronous, in the same call).
 */
export async function benchRemoteEdits(spec: ArrangementSpec, edits = 100, gapMs = 30) {
  const { doc } = arrangementDoc(spec);
  const mate = new Y.Doc();
  Y.applyUpdate(mate, Y.encodeStateAsUpdate(doc));
  const plain = new Y.Doc(); // the raw baseline: the same updates applied with no engine
  Y.applyUpdate(plain, Y.encodeStateAsUpdate(doc));
  let pending: Uint8Array | null = null;
  mate.on("update", (u: Uint8Array) => (pending = pending ? Y.mergeUpdates([pending, u]) : u));

  const engine = await AudioEngine.create({ doc });
  engine.setLoop(false);
  engine.play(0);
  await sleep(300);
  const clips = listClips(mate);
  let seed = 3;
  const rnd = (n: number) => (seed = (seed * 16807) % 2147483647) % n;
  const applyMs: number[] = [];
  const engineMs: number[] = [];
  const rawMs: number[] = [];
  const kinds: Record<string, number> = {};
  for (let i = 0; i < edits; i++) {
    const clip = clips[rnd(clips.length)]!;
    const notes = listNotes(mate, clip.id);
    const kind = ["moveNotes", "updateNotes", "moveClip", "resizeClip", "addNotes", "deleteNotes"][i % 6]!;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    switch (kind) {
      case "moveNotes":
        if (notes.length) moveNotes(mate, clip.id, [notes[rnd(notes.length)]!.id], { ticks: 240 * (rnd(3) - 1) || 240, pitch: rnd(3) - 1 }, BANDMATE);
        break;
      case "updateNotes":
        if (notes.length) updateNotes(mate, clip.id, [{ id: notes[rnd(notes.length)]!.id, velocity: 40 + rnd(80) }], BANDMATE);
        break;
      case "moveClip":
        moveClip(mate, clip.id, { startTick: (clip.startTick + 3840 * (rnd(2) ? 1 : -1) + 3840 * 40) % (3840 * 40) }, BANDMATE);
        break;
      case "resizeClip":
        resizeClip(mate, clip.id, { lengthTicks: 3840 * (2 + rnd(3)) }, BANDMATE);
        break;
      case "addNotes":
        addNotes(mate, clip.id, partFor("lead", () => rnd(1000) / 1000, 1).slice(0, 4), BANDMATE);
        break;
      case "deleteNotes":
        if (notes.length) deleteNotes(mate, clip.id, [notes[rnd(notes.length)]!.id], BANDMATE);
        break;
    }
    const update: Uint8Array | null = pending;
    pending = null;
    if (!update) continue;
    const t0 = performance.now();
    Y.applyUpdate(doc, update, REMOTE); // the engine follows inside this call (observeArrangement)
    applyMs.push(performance.now() - t0);
    engineMs.push(engine.stats.lastUpdateMs);
    const r0 = performance.now();
    Y.applyUpdate(plain, update, REMOTE);
    rawMs.push(performance.now() - r0);
    await sleep(gapMs);
  }
  // The engine's note index must equal a fresh read of the document.
  const map = readTempoMap(doc);
  const live = engine.internals.notes.window(map, 0, 1e6);
  const fresh = NoteIndex.fromDoc(doc).window(map, 0, 1e6);
  const consistent = JSON.stringify(live) === JSON.stringify(fresh);
  const stats = { ...engine.stats };
  const scheduled = engine.internals.scheduler.stats;
  engine.dispose();
  return { applyAndFollow: summarize(applyMs), engineOnly: summarize(engineMs), rawYjsApply: summarize(rawMs), kinds, consistent, stats, scheduled: { ...scheduled } };
}

function bufferStats(buffer: AudioBuffer) {
  let peak = 0;
  let sum = 0;
  for (let ch = 0; ch < buffer.numberOfChannels; ch++) {
    const x = buffer.getChannelData(ch);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      const a = v < 0 ? -v : v;
      if (a > peak) peak = a;
      sum += v * v;
    }
  }
  return { peak, rms: Math.sqrt(sum / (buffer.length * buffer.numberOfChannels)) };
}

/** Offline render of the whole arrangement, and the same notes scheduled directly on Tone synths. */
export async function benchOffline(spec: ArrangementSpec, sampleRate = 48000) {
  const { doc, endTick, noteCount } = arrangementDoc(spec);
  const map = readTempoMap(doc);
  const seconds = map.ticksToSeconds(endTick);
  const t0 = performance.now();
  const buffer = await renderOffline(doc, { fromTick: 0, toTick: endTick, sampleRate, channels: 2 });
  const engineWall = (performance.now() - t0) / 1000;
  const engineLevels = bufferStats(buffer);

  // Raw Tone.js: one OfflineContext, the same voices per track, every note triggered up front.
  const notes = notesInWindow(doc, map, 0, seconds);
  const r0 = performance.now();
  const ctx = new OfflineContext(2, seconds, sampleRate);
  setToneGlobal(ctx);
  const instruments = new Map<string, ReturnType<typeof rawInstrument>>();
  for (const [trackId, id] of trackInstruments(doc)) {
    const inst = rawInstrument(id, ctx);
    inst.output.connect(ctx.rawContext.destination as unknown as AudioNode);
    instruments.set(trackId, inst);
  }
  for (const n of notes) instruments.get(n.trackId)?.play(n.pitch, n.time, n.duration, n.velocity);
  const raw = await ctx.render(false);
  const rawWall = (performance.now() - r0) / 1000;
  const rawLevels = bufferStats(raw.get() as AudioBuffer);
  for (const i of instruments.values()) i.dispose();
  ctx.dispose();
  return {
    seconds,
    notes: noteCount,
    sampleRate,
    engine: { wallSeconds: engineWall, xRealtime: seconds / engineWall, ...engineLevels },
    raw: { wallSeconds: rawWall, xRealtime: seconds / rawWall, ...rawLevels },
  };
}
