/**
 * Tone's dispose pattern, checked: make a component, use it (so notes, cut notes and retired instruments exist),
 * collect every Tone object reachable from it, dispose it, and report any that still say `disposed === false`,
 * plus notes left behind, a document observer left behind, or an AudioContext left open.
 */
import * as Y from "yjs";
import {
  AudioEngine,
  BassInstrument,
  DrumsInstrument,
  EngineCore,
  EngineGraph,
  LeadInstrument,
  MasterBus,
  Metronome,
  PadInstrument,
  PianoInstrument,
  TrackChannel,
} from "@bandspace/audio-engine";
import { DRUM_MAP } from "@bandspace/model";
import { BaseContext } from "tone/build/esm/core/context/BaseContext.js";
import { OfflineContext } from "tone/build/esm/core/context/OfflineContext.js";
import { Tone } from "tone/build/esm/core/Tone.js";
import { grooveScene } from "./docs";

export interface DisposeReport {
  name: string;
  /** Tone objects reachable before dispose. */
  toneObjects: number;
  /** Those still not disposed afterwards (class names). */
  undisposed: string[];
  /** Other leftovers (observers, contexts, timers). */
  problems: string[];
}

/** Every Tone object reachable through properties, arrays, maps and sets (contexts, native nodes and docs excluded). */
export function collectToneObjects(root: unknown): Tone[] {
  const seen = new Set<object>();
  const found: Tone[] = [];
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== "object") return;
    if (seen.has(v)) return;
    seen.add(v);
    if (v instanceof BaseContext || v instanceof AudioNode || v instanceof AudioParam || v instanceof BaseAudioContext)
      return;
    if (v instanceof AudioBuffer || v instanceof Y.Doc || ArrayBuffer.isView(v)) return;
    if (v instanceof Tone) found.push(v);
    if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof Map) v.forEach((value, key) => (visit(key), visit(value)));
    else if (v instanceof Set) v.forEach(visit);
    else for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
  };
  visit(root);
  return found;
}

function check(name: string, target: object, dispose: () => void, problems: string[] = []): DisposeReport {
  const objects = collectToneObjects(target);
  dispose();
  const undisposed = objects.filter((o) => !o.disposed).map((o) => o.toString());
  return { name, toneObjects: objects.length, undisposed, problems };
}

const observerCount = (doc: Y.Doc) => {
  const observers = (doc as unknown as { _observers?: Map<string, Set<unknown>> })._observers;
  return observers?.get("afterTransaction")?.size ?? 0;
};

export async function disposeCheck(): Promise<DisposeReport[]> {
  const reports: DisposeReport[] = [];
  const ctx = () => new OfflineContext(2, 4, 48000);

  const instruments = [
    ["PianoInstrument", (c: OfflineContext) => new PianoInstrument(c), [60, 64, 67, 72]],
    ["BassInstrument", (c: OfflineContext) => new BassInstrument(c), [36, 40, 43]],
    ["PadInstrument", (c: OfflineContext) => new PadInstrument(c), [60, 64, 67]],
    ["LeadInstrument", (c: OfflineContext) => new LeadInstrument(c), [72, 74, 76]],
    ["DrumsInstrument", (c: OfflineContext) => new DrumsInstrument(c), DRUM_MAP.map((d) => d.pitch)],
    ["Metronome", (c: OfflineContext) => new Metronome(c), [93, 88]],
  ] as const;
  for (const [name, make, pitches] of instruments) {
    const c = ctx();
    const inst = make(c);
    pitches.forEach((p, i) => inst.triggerNote(p, 0.05 * i, 0.3, 100));
    inst.silence(0.5); // cuts what sounds at 0.5 s and what was scheduled after it
    pitches.forEach((p, i) => inst.triggerNote(p, 0.6 + 0.05 * i, 0.3, 90));
    const problems: string[] = [];
    if (inst.activeNotes === 0) problems.push("no notes were made before dispose");
    reports.push(check(name, inst, () => inst.dispose(), problems));
    if (inst.activeNotes !== 0) problems.push(`${inst.activeNotes} notes left after dispose`);
    c.dispose();
  }

  {
    const c = ctx();
    const master = new MasterBus(c, c.rawContext.destination);
    const channel = new TrackChannel(c, master.input, { volume: -3, pan: 0.5 });
    reports.push(check("TrackChannel", channel, () => channel.dispose()));
    reports.push(check("MasterBus", master, () => master.dispose()));
    c.dispose();
  }

  {
    const c = ctx();
    const graph = new EngineGraph(c, c.rawContext.destination);
    const levels = { volumeDb: 0, pan: 0, mute: false, trim: 0, phase: false, output: null, soloSafe: false };
    for (const [i, id] of (["piano", "bass", "pad", "lead", "drums"] as const).entries()) {
      graph.setStrip(`t${i}`, "track", levels);
      graph.setTrack(`t${i}`, id);
      graph.instrumentFor(`t${i}`)!.triggerNote(id === "drums" ? 36 : 60, 0.1, 0.2, 100);
    }
    graph.setTrack("t0", "lead"); // instrument change: the old one is retired
    graph.setTrack("t1", null); // instrument removed: the channel stays (an audio track)
    graph.setStrip("t1", "track", { ...levels, volumeDb: -6, pan: -0.5, mute: true });
    graph.setSolo(["t2"]);
    graph.removeTrack("t2"); // track removed: instrument and channel retired
    graph.metronome.click(0.2, true);
    reports.push(check("EngineGraph", graph, () => graph.dispose()));
    c.dispose();
  }

  {
    const scene = grooveScene();
    const c = ctx();
    const before = observerCount(scene.doc);
    const core = new EngineCore(scene.doc, c, { destination: c.rawContext.destination });
    core.scheduler.start({ at: 0, fromSeconds: 0, loop: null });
    core.scheduler.tick(3);
    const problems: string[] = [];
    const report = check("EngineCore", core, () => core.dispose(), problems);
    if (observerCount(scene.doc) !== before) problems.push("document observer left behind");
    reports.push(report);
    c.dispose();
  }

  {
    const scene = grooveScene();
    const before = observerCount(scene.doc);
    const engine = await AudioEngine.create({ doc: scene.doc });
    engine.setMetronome(true);
    engine.play(4 * 960);
    await new Promise((r) => setTimeout(r, 400));
    engine.pause(); // cuts the notes already handed over
    engine.play();
    await new Promise((r) => setTimeout(r, 200));
    const raw = engine.context.rawContext as unknown as AudioContext;
    const problems: string[] = [];
    const report = check("AudioEngine", engine, () => engine.dispose(), problems);
    await new Promise((r) => setTimeout(r, 100));
    if (raw.state !== "closed") problems.push(`its AudioContext is ${raw.state}, not closed`);
    if (observerCount(scene.doc) !== before) problems.push("document observer left behind");
    reports.push(report);
  }
  return reports;
}
