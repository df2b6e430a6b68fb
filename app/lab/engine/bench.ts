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
  NoteIndex,
  createInstrument,
  midiToHz,
  notesInWindow,
  renderOffline,
  velocityToGain,
} from "@bandspace/audio-engine";
import { Context } from "tone/build/esm/core/context/Context.js";
import { Gain } from "tone/build/esm/core/context/Gain.js";
import { OfflineContext } from "tone/build/esm/core/context/OfflineContext.js";
import { setContext as setToneGlobal } from "tone/build/esm/core/context/GlobalContext.js";
import { Volume } from "tone/build/esm/component/channel/Volume.js";
import { Panner } from "tone/build/esm/component/channel/Panner.js";
import { PolySynth } from "tone/build/esm/instrument/PolySynth.js";
import { FMSynth } from "tone/build/esm/instrument/FMSynth.js";
import { MonoSynth } from "tone/build/esm/instrument/MonoSynth.js";
import { Synth } from "tone/build/esm/instrument/Synth.js";
import { MembraneSynth } from "tone/build/esm/instrument/MembraneSynth.js";
import { NoiseSynth } from "tone/build/esm/instrument/NoiseSynth.js";
import { MetalSynth } from "tone/build/esm/instrument/MetalSynth.js";
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
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p50: q(0.5),
    p95: q(0.95),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RawTrack {
  play: (pitch: number, time: number, duration: number, velocity: number) => void;
  output: Gain;
  dispose: () => void;
}

/**
 * The plain Tone.js way to play a track: Tone's own synths (PolySynth of FMSynth / MonoSynth / Synth, and
 * MembraneSynth / NoiseSynth / MetalSynth for drums), triggered directly — no engine, no scheduler.
 */
function toneTrack(id: InstrumentId, context: Context): RawTrack {
  const output = new Gain({ context });
  if (id === "drums") {
    const kick = new MembraneSynth({ context, volume: -4 }).connect(output);
    const tom = new MembraneSynth({ context, volume: -8, octaves: 2 }).connect(output);
    const snare = new NoiseSynth({
      context,
      volume: -10,
      envelope: { attack: 0.001, decay: 0.17, sustain: 0 },
    }).connect(output);
    const hat = new NoiseSynth({ context, volume: -20, envelope: { attack: 0.001, decay: 0.05, sustain: 0 } }).connect(
      output,
    );
    const cymbal = new MetalSynth({ context, volume: -24 }).connect(output);
    const last = new Map<object, number>();
    const hit = (synth: { triggerAttack: (...a: never[]) => unknown }, time: number, fn: () => void) => {
      if ((last.get(synth) ?? -1) >= time) return; // Tone refuses two starts at one instant
      last.set(synth, time);
      fn();
    };
    return {
      output,
      play: (pitch, time, _d, velocity) => {
        const v = velocityToGain(velocity);
        if (pitch === 35 || pitch === 36) hit(kick, time, () => kick.triggerAttack(48, time, v));
        else if (pitch >= 37 && pitch <= 40) hit(snare, time, () => snare.triggerAttack(time, v));
        else if (pitch === 42 || pitch === 44 || pitch === 46 || pitch === 54)
          hit(hat, time, () => hat.triggerAttack(time, v));
        else if (pitch >= 41 && pitch <= 50) hit(tom, time, () => tom.triggerAttack(100 + (pitch - 41) * 10, time, v));
        else hit(cymbal, time, () => cymbal.triggerAttack(300, time, v));
      },
      dispose: () => [kick, tom, snare, hat, cymbal, output].forEach((n) => n.dispose()),
    };
  }
  const voice = { piano: FMSynth, bass: MonoSynth, pad: Synth, lead: MonoSynth }[id] as typeof Synth;
  const options = {
    piano: { envelope: { attack: 0.002, decay: 1.6, sustain: 0.1, release: 0.35 } },
    bass: { oscillator: { type: "sawtooth" }, envelope: { attack: 0.001, release: 0.1 } },
    pad: { oscillator: { type: "fatsawtooth", count: 3, spread: 28 }, envelope: { attack: 0.35, release: 1.5 } },
    lead: { oscillator: { type: "square" }, envelope: { attack: 0.005, release: 0.2 } },
  }[id] as object;
  // Offline, Tone frees a voice only when its sound ends during rendering — after every note was triggered —
  // so allow enough voices for every note instead of dropping them.
  const synth = new PolySynth({ context, voice, options, volume: -12, maxPolyphony: 4096 }).connect(output);
  return {
    output,
    play: (pitch, time, duration, velocity) =>
      synth.triggerAttackRelease(midiToHz(pitch), duration, time, velocityToGain(velocity)),
    dispose: () => (synth.dispose(), output.dispose()),
  };
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
    // Raw Tone.js: read the same notes and make Tone's own synths and channel strips directly.
    const ctx = new Context({ context: ac, lookAhead: 0, updateInterval: 0.025 });
    setToneGlobal(ctx);
    const r0 = performance.now();
    let notes = 0;
    for (const c of listClips(doc)) notes += listNotes(doc, c.id).length;
    const made: { dispose: () => void }[] = [];
    const master = new Volume({ context: ctx });
    master.connect(ac.destination);
    for (const [, id] of trackInstruments(doc)) {
      const inst = toneTrack(id, ctx);
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
    const clip = clips[rnd(clips.length)];
    const notes = listNotes(mate, clip.id);
    const kind = ["moveNotes", "updateNotes", "moveClip", "resizeClip", "addNotes", "deleteNotes"][i % 6];
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    switch (kind) {
      case "moveNotes":
        if (notes.length) {
          const n = notes[rnd(notes.length)];
          // Valid by construction: never before the clip start (note ids are random, so which note is picked varies).
          const ticks = n.startTick >= 240 ? 240 * (rnd(3) - 1) || 240 : 240;
          moveNotes(mate, clip.id, [n.id], { ticks, pitch: n.pitch > 0 && n.pitch < 127 ? rnd(3) - 1 : 0 }, BANDMATE);
        }
        break;
      case "updateNotes":
        if (notes.length)
          updateNotes(mate, clip.id, [{ id: notes[rnd(notes.length)].id, velocity: 40 + rnd(80) }], BANDMATE);
        break;
      case "moveClip":
        moveClip(
          mate,
          clip.id,
          { startTick: (clip.startTick + 3840 * (rnd(2) ? 1 : -1) + 3840 * 40) % (3840 * 40) },
          BANDMATE,
        );
        break;
      case "resizeClip":
        resizeClip(mate, clip.id, { lengthTicks: 3840 * (2 + rnd(3)) }, BANDMATE);
        break;
      case "addNotes":
        addNotes(mate, clip.id, partFor("lead", () => rnd(1000) / 1000, 1).slice(0, 4), BANDMATE);
        break;
      case "deleteNotes":
        if (notes.length) deleteNotes(mate, clip.id, [notes[rnd(notes.length)].id], BANDMATE);
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
  return {
    applyAndFollow: summarize(applyMs),
    engineOnly: summarize(engineMs),
    rawYjsApply: summarize(rawMs),
    kinds,
    consistent,
    stats,
    scheduled: { ...scheduled },
  };
}

function bufferStats(buffer: AudioBuffer) {
  let peak = 0;
  let sum = 0;
  for (let ch = 0; ch < buffer.numberOfChannels; ch++) {
    const x = buffer.getChannelData(ch);
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const a = v < 0 ? -v : v;
      if (a > peak) peak = a;
      sum += v * v;
    }
  }
  return { peak, rms: Math.sqrt(sum / (buffer.length * buffer.numberOfChannels)) };
}

/**
 * Offline render of the whole arrangement by the engine, beside: (a) raw Web Audio — the engine's own
 * instruments fed every note up front in one OfflineAudioContext, no engine (no scheduler, no channel strips,
 * no suspend-driven scheduling); (b) raw Tone.js synths on the first `toneSeconds` (they are far slower).
 */
export async function benchOffline(spec: ArrangementSpec, sampleRate = 48000, toneSeconds = 20) {
  const { doc, endTick, noteCount } = arrangementDoc(spec);
  const map = readTempoMap(doc);
  const seconds = map.ticksToSeconds(endTick);
  const t0 = performance.now();
  const buffer = await renderOffline(doc, { fromTick: 0, toTick: endTick, sampleRate, channels: 2 });
  const engineWall = (performance.now() - t0) / 1000;
  const engineLevels = bufferStats(buffer);
  const instruments = trackInstruments(doc);

  // The references make every note's nodes before rendering (no scheduler), which is how a plain Web Audio or
  // Tone.js render is written — and which makes Chromium pull every idle node through every block, so they
  // run on the first `toneSeconds` only (a full 3 minutes of that exhausts the renderer's memory).
  const excerpt = Math.min(seconds, toneSeconds);
  const notes = notesInWindow(doc, map, 0, seconds);
  const excerptNotes = notes.filter((n) => n.time < excerpt);

  // (a) The same instruments, every note scheduled before rendering.
  const a0 = performance.now();
  const webCtx = new OfflineContext(2, excerpt, sampleRate);
  setToneGlobal(webCtx);
  const tracks = new Map(
    [...instruments].map(([trackId, id]) => {
      const inst = createInstrument(id, webCtx);
      inst.output.connect(webCtx.rawContext.destination);
      return [trackId, inst] as const;
    }),
  );
  for (const n of excerptNotes) tracks.get(n.trackId)?.triggerNote(n.pitch, n.time, n.duration, n.velocity);
  const web = await (webCtx.rawContext as unknown as OfflineAudioContext).startRendering();
  const webWall = (performance.now() - a0) / 1000;
  const webLevels = bufferStats(web);
  for (const t of tracks.values()) t.dispose();
  webCtx.dispose();

  // (b) Tone.js synths.
  const b0 = performance.now();
  const toneCtx = new OfflineContext(2, excerpt, sampleRate);
  setToneGlobal(toneCtx);
  const toneTracks = new Map(
    [...instruments].map(([trackId, id]) => {
      const t = toneTrack(id, toneCtx);
      t.output.connect(toneCtx.rawContext.destination);
      return [trackId, t] as const;
    }),
  );
  for (const n of excerptNotes) toneTracks.get(n.trackId)?.play(n.pitch, n.time, n.duration, n.velocity);
  const tone = await toneCtx.render(false);
  const toneWall = (performance.now() - b0) / 1000;
  const toneLevels = bufferStats(tone.get() as AudioBuffer);
  for (const t of toneTracks.values()) t.dispose();
  toneCtx.dispose();

  return {
    seconds,
    notes: noteCount,
    sampleRate,
    engine: { wallSeconds: engineWall, xRealtime: seconds / engineWall, ...engineLevels },
    rawWebAudio: {
      seconds: excerpt,
      notes: excerptNotes.length,
      wallSeconds: webWall,
      xRealtime: excerpt / webWall,
      ...webLevels,
    },
    rawTone: {
      seconds: excerpt,
      notes: excerptNotes.length,
      wallSeconds: toneWall,
      xRealtime: excerpt / toneWall,
      ...toneLevels,
    },
  };
}
