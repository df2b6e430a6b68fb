/**
 * The in-browser half of `npm run bench:mix` (bench/mix.ts drives it through Playwright).
 *
 * The benchmark session: N tracks, each a looped 2-second test signal through EQ + compressor + saturation,
 * sending to one of two reverb buses, into a master limiter. Rendered by the engine (from the document, through
 * the mixer graph) and, beside it in the same run, as a bare Web Audio graph of native nodes doing the same
 * work (biquads, DynamicsCompressorNode, WaveShaperNode, ConvolverNode reverbs, a compressor as limiter).
 */
import * as Y from "yjs";
import { addBus, addInsert, addSend, addTrack, setInsertParam, setTempo, type Origin } from "@bandspace/model";
import { AudioEngine, saturationCurve, type LatencyHint } from "@bandspace/audio-engine";
import { renderMix } from "./mix-render";

const ORIGIN: Origin = { kind: "user", userId: "bench-mix" };
const RATE = 48000;

/** A 2-second test part per track: a chord of sines with a little noise, different per track. */
function part(i: number, seconds = 2): Float32Array {
  const out = new Float32Array(seconds * RATE);
  const base = 110 * Math.pow(2, (i % 12) / 12);
  let seed = i * 7919 + 1;
  for (let n = 0; n < out.length; n++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const env = 0.5 + 0.5 * Math.sin((2 * Math.PI * 2 * n) / RATE);
    out[n] =
      0.15 * env * (Math.sin((2 * Math.PI * base * n) / RATE) + 0.5 * Math.sin((2 * Math.PI * base * 1.5 * n) / RATE)) +
      0.02 * (seed / 2147483648 - 0.5);
  }
  return out;
}

/** The benchmark session as a document, made with the model's operations. */
export function mixSession(tracks: number): { doc: Y.Doc; trackIds: string[] } {
  const doc = new Y.Doc();
  setTempo(doc, 120, ORIGIN);
  const buses = [addBus(doc, { name: "Room" }, ORIGIN), addBus(doc, { name: "Hall" }, ORIGIN)];
  addInsert(doc, buses[0], "reverb", { preset: "Room" }, ORIGIN);
  addInsert(doc, buses[1], "reverb", { preset: "Hall" }, ORIGIN);
  addInsert(doc, "master", "limiter", {}, ORIGIN);
  const trackIds: string[] = [];
  for (let i = 0; i < tracks; i++) {
    const id = addTrack(doc, { name: `T${i + 1}` }, ORIGIN).id;
    const eq = addInsert(doc, id, "eq", {}, ORIGIN);
    setInsertParam(doc, eq, "b3Gain", 3, ORIGIN);
    addInsert(doc, id, "compressor", {}, ORIGIN);
    addInsert(doc, id, "saturation", {}, ORIGIN);
    addSend(doc, id, buses[i % 2], { levelDb: -12 }, ORIGIN);
    trackIds.push(id);
  }
  return { doc, trackIds };
}

/**
 * One offline render of the benchmark session: through the engine (document → mixer graph) or as the bare
 * graph. Separate calls, so the benchmark can read the browser's CPU time around each.
 */
export async function benchMixOffline(tracks: number, seconds: number, which: "engine" | "bare") {
  const t0 = performance.now();
  let left: Float32Array;
  if (which === "engine") {
    const { doc, trackIds } = mixSession(tracks);
    const signals = Object.fromEntries(trackIds.map((id, i) => [id, part(i)]));
    [left] = await renderMix(doc, { seconds, sampleRate: RATE, signals, loop: true });
  } else {
    left = await renderBare(tracks, seconds);
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  return { wallSeconds, xRealtime: seconds / wallSeconds, peak: left.reduce((m, v) => Math.max(m, Math.abs(v)), 0) };
}

/** The same content as a bare Web Audio graph (no document, no engine, native nodes only). */
async function renderBare(tracks: number, seconds: number): Promise<Float32Array> {
  const ctx = new OfflineAudioContext({ numberOfChannels: 2, length: seconds * RATE, sampleRate: RATE });
  const limiter = ctx.createDynamicsCompressor();
  limiter.threshold.value = -1;
  limiter.ratio.value = 20;
  limiter.attack.value = 0.001;
  limiter.connect(ctx.destination);
  const impulse = (decay: number) => {
    const b = ctx.createBuffer(2, Math.round(decay * RATE), RATE);
    let seed = 1;
    for (let c = 0; c < 2; c++) {
      const d = b.getChannelData(c);
      for (let n = 0; n < d.length; n++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        d[n] = (seed / 2147483648 - 0.5) * Math.pow(10, (-3 * n) / (decay * RATE));
      }
    }
    return b;
  };
  const reverbs = [0.7, 1.8].map((decay) => {
    const conv = ctx.createConvolver();
    conv.buffer = impulse(decay);
    conv.connect(limiter);
    return conv;
  });
  const curve = saturationCurve(0);
  for (let i = 0; i < tracks; i++) {
    const src = ctx.createBufferSource();
    const buf = ctx.createBuffer(1, 2 * RATE, RATE);
    buf.copyToChannel(new Float32Array(part(i)), 0);
    src.buffer = buf;
    src.loop = true;
    let node: AudioNode = src;
    for (const type of ["highpass", "lowshelf", "peaking", "peaking", "peaking", "highshelf", "lowpass"] as const) {
      const f = ctx.createBiquadFilter();
      f.type = type;
      node = node.connect(f);
    }
    const comp = ctx.createDynamicsCompressor();
    const shaper = ctx.createWaveShaper();
    shaper.curve = curve;
    shaper.oversample = "4x";
    const fader = ctx.createGain();
    const pan = ctx.createStereoPanner();
    node.connect(comp).connect(shaper).connect(fader).connect(pan).connect(limiter);
    const send = ctx.createGain();
    send.gain.value = 0.25;
    pan.connect(send).connect(reverbs[i % 2]);
    src.start(0);
  }
  const out = await ctx.startRendering();
  return out.getChannelData(0);
}

/**
 * Real-time headroom: plays the session live for `seconds` with `tracks` tracks and reports how far the
 * context clock fell behind the wall clock. Headless Chromium has no audio device: its fake output pulls
 * blocks on a timer, and when rendering a block takes longer than the block lasts the clock falls behind —
 * the same event that is an audible dropout on a real device.
 */
export async function benchMixRealtime(tracks: number, seconds: number, latencyHint: LatencyHint = "interactive") {
  const { doc, trackIds } = mixSession(tracks);
  const ctx = new AudioContext({ latencyHint, sampleRate: RATE });
  await ctx.resume();
  const engine = await AudioEngine.create({ doc, context: ctx });
  const core = engine.internals;
  trackIds.forEach((id, i) => {
    const b = ctx.createBuffer(1, 2 * RATE, RATE);
    b.copyToChannel(new Float32Array(part(i)), 0);
    const src = ctx.createBufferSource();
    src.buffer = b;
    src.loop = true;
    src.connect(core.graph.channelFor(id)!.input);
    src.start();
  });
  await new Promise((r) => setTimeout(r, 500)); // settle
  const c0 = ctx.currentTime;
  const w0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const ratio = (ctx.currentTime - c0) / ((performance.now() - w0) / 1000);
  engine.dispose();
  await ctx.close();
  return { tracks, clockRatio: ratio, ok: ratio > 0.985 };
}
