import {
  MASTER_STRIP_ID,
  type Insert,
  type MixState,
  type Send,
  type StripKind,
  type StripMix,
} from "@bandspace/model";
import { dbToGain, glide, type EffectEnv } from "./effect";
import { StripNode } from "./strip-node";

/** A path into a summing point: a send's level, then the delay that aligns it with the point's other inputs. */
interface Feed {
  key: string;
  from: string;
  to: string;
  /** Sends only: a strip's output is at unity, and a unity gain costs render time for nothing. */
  level: GainNode | null;
  /** The feed's first node (level, delay or the target's input): what `source` connects to. */
  entry: AudioNode;
  /** Only on feeds that need compensation (a parallel path has latency): a DelayNode costs render time. */
  delay: DelayNode | null;
  tap: "pre" | "post";
  /** The strip tap the feed listens to (disconnected from it when the feed goes). */
  source: AudioNode;
}

export interface MixGraphStats {
  stripsBuilt: number;
  /** Strips whose insert chain was rebuilt or reconnected. */
  chainsChanged: number;
  /** Times the routing (outputs, sends, delay compensation) was recomputed. */
  routings: number;
}

/** Longest compensation delay a feed may need (DelayNode's maximum is fixed when it is made). */
const MAX_COMPENSATION = 1;

/**
 * The mixer as a native graph: a StripNode per track, bus and the master; feeds from each strip's taps to its
 * output and its sends' buses. It follows the document piece by piece (`setLevels`, `setInserts`, `setParams`,
 * `setRouting`) — a knob move touches one AudioParam, an added insert touches its own strip's chain only.
 *
 * Plugin delay compensation: each strip delays its output by the sum of its inserts' latencies. At every
 * summing point (a bus, the master) every feed is delayed by (latest arrival at that point − its own arrival),
 * so a click through a dry strip and a click through a lookahead limiter arrive at the same sample.
 */
export class MixGraph {
  readonly stats: MixGraphStats = { stripsBuilt: 0, chainsChanged: 0, routings: 0 };
  private readonly strips = new Map<string, StripNode>();
  private feeds = new Map<string, Feed>();
  private outputs = new Map<string, string | null>();
  private sends: Send[] = [];
  private soloed: ReadonlySet<string> = new Set();
  private soloSafe = new Set<string>();
  /** Side-chain wires: insert id → the source tap feeding its detector. */
  private sidechains = new Map<string, { from: AudioNode; to: AudioNode }>();
  readonly master: StripNode;
  /** Unity tap after the master strip: meters, analysers and recorders listen here. */
  readonly output: GainNode;

  constructor(
    readonly env: EffectEnv,
    destination: AudioNode,
  ) {
    this.master = new StripNode(MASTER_STRIP_ID, "master", env);
    this.strips.set(MASTER_STRIP_ID, this.master);
    this.output = env.context.createGain();
    this.master.postTap.connect(this.output);
    this.output.connect(destination);
  }

  strip(id: string): StripNode | undefined {
    return this.strips.get(id);
  }

  get stripIds(): string[] {
    return [...this.strips.keys()];
  }

  /** A strip that exists from now on (new strips start at their levels, no glide), connected to the master. */
  ensureStrip(id: string, kind: StripKind, levels: StripMix): StripNode {
    let s = this.strips.get(id);
    if (!s) {
      s = new StripNode(id, kind, this.env);
      s.setLevels(levels);
      this.strips.set(id, s);
      this.stats.stripsBuilt++;
      if (!this.outputs.has(id)) this.outputs.set(id, null);
      this.route();
      this.applySolo();
    }
    return s;
  }

  setLevels(id: string, levels: StripMix): void {
    const s = this.strips.get(id);
    if (!s) return;
    s.setLevels(levels);
    if (s.kind === "bus" && levels.soloSafe !== this.soloSafe.has(id)) {
      if (levels.soloSafe) this.soloSafe.add(id);
      else this.soloSafe.delete(id);
      this.applySolo();
    }
  }

  /** Silences the strip now and removes it (with its feeds) after `after` seconds, once it has faded. */
  removeStrip(id: string, retire: (finish: () => void) => void): void {
    const s = this.strips.get(id);
    if (!s || id === MASTER_STRIP_ID) return;
    this.strips.delete(id);
    this.outputs.delete(id);
    s.setSoloSilent(true);
    retire(() => {
      s.dispose();
      this.route();
    });
  }

  setInserts(id: string, inserts: readonly Insert[]): void {
    const s = this.strips.get(id);
    if (!s) return;
    const latencyChanged = s.setInserts(inserts);
    this.stats.chainsChanged++;
    if (latencyChanged) this.route();
    else this.wireSidechains();
  }

  /** One knob: glide the parameters of one insert (a latency-changing one rebuilds its strip's chain). */
  setParams(insert: Insert, all: readonly Insert[]): void {
    const s = this.strips.get(insert.strip);
    const slot = s?.slot(insert.id);
    if (!s || !slot) return;
    if (slot.needsRebuild(insert.params)) this.setInserts(insert.strip, all);
    else slot.setParams(insert.params);
  }

  /** Outputs (bus id or null = master) and sends, already free of loops (the model's readers see to that). */
  setRouting(outputs: ReadonlyMap<string, string | null>, sends: readonly Send[]): void {
    this.outputs = new Map(outputs);
    this.sends = [...sends];
    this.route();
    this.applySolo();
  }

  /** Send levels and pre/post changes without re-routing: glide the send's gain. */
  setSendLevel(send: Send): void {
    const feed = this.feeds.get(`send:${send.id}`);
    if (feed?.level && feed.tap === (send.pre ? "pre" : "post"))
      glide(feed.level.gain, dbToGain(send.levelDb), this.env.context);
    else this.route();
  }

  /** A send's level gain (`send:<id>`). */
  feed(key: string): GainNode | undefined {
    return this.feeds.get(key)?.level ?? undefined;
  }

  /** This listener's solo set. */
  setSolo(ids: Iterable<string>): void {
    this.soloed = new Set(ids);
    this.applySolo();
  }

  get solo(): ReadonlySet<string> {
    return this.soloed;
  }

  /** Total latency from a strip's input to the master output, samples (for the live playhead and tests). */
  latencyOf(id: string): number {
    return this.arrivals().outOf(id);
  }

  dispose(): void {
    for (const f of this.feeds.values()) {
      f.level?.disconnect();
      f.delay?.disconnect();
    }
    for (const s of this.strips.values()) s.dispose();
    this.output.disconnect();
  }

  /** Where each strip's signal goes: [target, tap, level, key] per feed. */
  private plannedFeeds(): { key: string; from: string; to: string; tap: "pre" | "post"; levelDb: number }[] {
    const out: { key: string; from: string; to: string; tap: "pre" | "post"; levelDb: number }[] = [];
    for (const [id] of this.strips) {
      if (id === MASTER_STRIP_ID) continue;
      const target = this.outputs.get(id) ?? null;
      out.push({
        key: `out:${id}`,
        from: id,
        to: target && this.strips.has(target) ? target : MASTER_STRIP_ID,
        tap: "post",
        levelDb: 0,
      });
    }
    for (const s of this.sends) {
      if (!this.strips.has(s.from) || !this.strips.has(s.to)) continue;
      out.push({ key: `send:${s.id}`, from: s.from, to: s.to, tap: s.pre ? "pre" : "post", levelDb: s.levelDb });
    }
    return out;
  }

  /** Arrival latency at each strip's input and out of it (input + its inserts), over the planned feeds. */
  private arrivals() {
    const planned = this.plannedFeeds();
    const into = new Map<string, string[]>();
    for (const f of planned) into.set(f.to, [...(into.get(f.to) ?? []), f.from]);
    const memo = new Map<string, number>();
    const inOf = (id: string, depth = 0): number => {
      const known = memo.get(id);
      if (known !== undefined) return known;
      if (depth > 256) return 0; // a loop cannot be here; never recurse forever if one slipped through
      let max = 0;
      for (const from of into.get(id) ?? [])
        max = Math.max(max, inOf(from, depth + 1) + (this.strips.get(from)?.latencySamples ?? 0));
      memo.set(id, max);
      return max;
    };
    const outOf = (id: string) => inOf(id) + (this.strips.get(id)?.latencySamples ?? 0);
    return { planned, inOf, outOf };
  }

  /** Rebuilds the feeds that changed and sets every feed's compensation delay. */
  private route(): void {
    this.stats.routings++;
    const { planned, inOf, outOf } = this.arrivals();
    const rate = this.env.context.sampleRate;
    const next = new Map<string, Feed>();
    for (const p of planned) {
      const from = this.strips.get(p.from)!;
      const to = this.strips.get(p.to)!;
      const samples = Math.max(0, inOf(p.to) - outOf(p.from));
      let feed = this.feeds.get(p.key);
      if (
        feed &&
        (feed.to !== p.to || feed.tap !== p.tap || feed.from !== p.from || samples > 0 !== (feed.delay !== null))
      ) {
        this.dropFeed(feed);
        feed = undefined;
      }
      if (!feed) {
        const c = this.env.context;
        const level = p.key.startsWith("send:") ? c.createGain() : null;
        if (level) level.gain.value = dbToGain(p.levelDb);
        const delay = samples > 0 ? c.createDelay(MAX_COMPENSATION) : null;
        delay?.connect(to.input);
        level?.connect(delay ?? to.input);
        const entry = level ?? delay ?? to.input;
        const source = p.tap === "pre" ? from.preTap : from.postTap;
        source.connect(entry);
        feed = { key: p.key, from: p.from, to: p.to, level, entry, delay, tap: p.tap, source };
      } else if (feed.level) {
        glide(feed.level.gain, dbToGain(p.levelDb), this.env.context);
      }
      if (feed.delay) feed.delay.delayTime.value = Math.min(MAX_COMPENSATION, samples / rate);
      next.set(p.key, feed);
    }
    for (const [key, feed] of this.feeds) {
      if (!next.has(key)) this.dropFeed(feed);
    }
    this.feeds = next;
    this.wireSidechains();
  }

  private dropFeed(feed: Feed): void {
    try {
      feed.source.disconnect(feed.entry);
    } catch {
      // the source strip is already gone
    }
    feed.level?.disconnect();
    feed.delay?.disconnect();
  }

  /**
   * Connects each compressor's side-chain input to its source strip's post-fader tap (and disconnects stale
   * wires). A compressor with no (existing) source listens to its own input.
   */
  private wireSidechains(): void {
    const wanted = new Map<string, { from: AudioNode; to: AudioNode; use: (on: boolean) => void }>();
    for (const strip of this.strips.values()) {
      for (const slot of strip.allSlots) {
        const fx = slot.effect as { sidechain?: AudioNode; useSidechain?: (on: boolean) => void };
        if (!fx.sidechain || !fx.useSidechain) continue;
        const source = slot.sidechain ? this.strips.get(slot.sidechain) : undefined;
        const use = fx.useSidechain.bind(fx);
        if (source && source !== strip) wanted.set(slot.id, { from: source.postTap, to: fx.sidechain, use });
        else use(false);
      }
    }
    for (const [id, wire] of this.sidechains) {
      const w = wanted.get(id);
      if (!w || w.from !== wire.from || w.to !== wire.to) {
        try {
          wire.from.disconnect(wire.to);
        } catch {
          // already gone with its strip
        }
        this.sidechains.delete(id);
      }
    }
    for (const [id, w] of wanted) {
      if (this.sidechains.has(id)) continue;
      w.from.connect(w.to);
      w.use(true);
      this.sidechains.set(id, { from: w.from, to: w.to });
    }
  }

  /**
   * Solo is this listener's: with anything soloed, a strip plays if it is soloed, feeds a soloed strip, or is
   * fed by one (the bus a soloed track sends to, the master), or is a solo-safe bus; everything else is silent.
   */
  private applySolo(): void {
    if (this.soloed.size === 0) {
      for (const s of this.strips.values()) s.setSoloSilent(false);
      return;
    }
    const planned = this.plannedFeeds();
    const audible = new Set<string>([MASTER_STRIP_ID]);
    const walk = (start: string, dir: "up" | "down") => {
      const stack = [start];
      while (stack.length) {
        const id = stack.pop()!;
        for (const f of planned) {
          const next = dir === "down" && f.from === id ? f.to : dir === "up" && f.to === id ? f.from : null;
          if (next && !audible.has(next)) {
            audible.add(next);
            stack.push(next);
          }
        }
      }
    };
    for (const id of this.soloed) {
      if (!this.strips.has(id)) continue;
      audible.add(id);
      walk(id, "down");
      walk(id, "up");
    }
    for (const [id, s] of this.strips) s.setSoloSilent(!(audible.has(id) || this.soloSafe.has(id)));
  }
}

/** The mix state in the shape the graph applies: outputs by strip and the flat list of sends. */
export function routingOf(mix: MixState): { outputs: Map<string, string | null>; sends: Send[] } {
  return {
    outputs: new Map(mix.strips.filter((s) => s.kind !== "master").map((s) => [s.id, s.output])),
    sends: [...mix.sends.values()].flat(),
  };
}
