import type { Insert, StripKind, StripMix } from "@bandspace/model";
import { balanceGains } from "@bandspace/dsp";
import { PARAM_GLIDE, dbToGain, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "./effect";
import { createEffect, rebuildParams } from "./effects";

/** The wet/dry crossfade around an effect, built the first time its slot is bypassed (or automated). */
interface BypassPath {
  input: GainNode;
  output: GainNode;
  wet: GainNode;
  dry: GainNode;
  /** Only when the effect has latency: a bypassed slot must delay like the effect, or the strip shifts in time. */
  dryDelay: DelayNode | null;
}

/**
 * One insert slot: the effect, and — once someone bypasses it or draws a bypass lane — beside it a dry path
 * delayed by the effect's latency. Bypass crossfades wet → dry (no click, and the strip's latency does not
 * change, so nothing downstream re-aligns). Until then the slot is the effect alone: four unity gains per
 * slot that every render quantum would pass through for nothing (issue #17's offline render ratio).
 */
export class InsertSlot {
  private path: BypassPath | null = null;
  private params: Record<string, number>;
  /** The strip whose signal drives this effect's detector (compressor side-chain), or null. */
  sidechain: string | null;

  /**
   * `relink` is called when the slot's input or output node changes (its bypass path is built): the strip
   * then reconnects its chain, once per slot — as adding an insert does.
   */
  constructor(
    readonly id: string,
    readonly effect: InsertEffect,
    insert: Insert,
    private readonly context: BaseAudioContext,
    private readonly relink: () => void,
  ) {
    this.bypassed = insert.bypass;
    if (insert.bypass) this.buildPath(true);
    this.params = { ...insert.params };
    this.sidechain = insert.sidechain;
  }

  /** Where the strip's chain enters the slot. */
  get input(): AudioNode {
    return this.path?.input ?? this.effect.input;
  }

  /** Where the strip's chain leaves the slot. */
  get output(): AudioNode {
    return this.path?.output ?? this.effect.output;
  }

  get latencySamples(): number {
    return this.effect.latencySamples;
  }

  /** The wet and dry gains, for a bypass automation lane: both paths stay fed while a lane drives them. */
  get bypassGains(): [AudioParam, AudioParam] {
    this.automatedBypass = true;
    const path = this.ensurePath();
    this.feed(true, true);
    return [path.wet.gain, path.dry.gain];
  }

  private automatedBypass = false;

  private bypassed: boolean;
  private wetFed = false;
  private dryFed = false;
  private settle: ReturnType<typeof setTimeout> | null = null;

  /** The crossfade, set to the slot's state now (only the path that sounds is fed). */
  private buildPath(bypassed: boolean): BypassPath {
    const c = this.context;
    const path: BypassPath = {
      input: c.createGain(),
      output: c.createGain(),
      wet: c.createGain(),
      dry: c.createGain(),
      dryDelay: null,
    };
    this.effect.output.connect(path.wet).connect(path.output);
    if (this.effect.latencySamples > 0) {
      path.dryDelay = c.createDelay(1);
      path.dryDelay.delayTime.value = this.effect.latencySamples / c.sampleRate;
      path.dryDelay.connect(path.dry);
    }
    path.dry.connect(path.output);
    path.wet.gain.value = bypassed ? 0 : 1;
    path.dry.gain.value = bypassed ? 1 : 0;
    this.path = path;
    // Only the path that sounds is fed: a silent path still costs render time in every quantum.
    this.feed(!bypassed, bypassed);
    return path;
  }

  /** The bypass path, built now (at the slot's current state) and linked into the strip if it was not there. */
  private ensurePath(): BypassPath {
    if (this.path) return this.path;
    const path = this.buildPath(false);
    this.relink();
    return path;
  }

  /** Connects or disconnects the slot input to the effect (wet) and to the dry path. */
  private feed(wet: boolean, dry: boolean): void {
    const path = this.path;
    if (!path) return;
    const dryIn: AudioNode = path.dryDelay ?? path.dry;
    if (wet !== this.wetFed) {
      if (wet) path.input.connect(this.effect.input);
      else path.input.disconnect(this.effect.input);
      this.wetFed = wet;
    }
    if (dry !== this.dryFed) {
      if (dry) path.input.connect(dryIn);
      else path.input.disconnect(dryIn);
      this.dryFed = dry;
    }
  }

  setBypass(bypass: boolean): void {
    if (bypass === this.bypassed) return;
    this.bypassed = bypass;
    const path = this.ensurePath();
    // Both paths sound during the crossfade; the silent one is unfed once it has faded.
    this.feed(true, true);
    glide(path.wet.gain, bypass ? 0 : 1, this.context);
    glide(path.dry.gain, bypass ? 1 : 0, this.context);
    if (this.settle) clearTimeout(this.settle);
    if (this.context.currentTime === 0 && !this.automatedBypass) this.feed(!bypass, bypass);
    else
      this.settle = setTimeout(
        () => this.feed(!this.bypassed || this.automatedBypass, this.bypassed || this.automatedBypass),
        8 * PARAM_GLIDE * 1000,
      );
  }

  /** True when a changed parameter needs a new effect node (its latency changes): the caller rebuilds. */
  needsRebuild(params: Readonly<Record<string, number>>): boolean {
    return rebuildParams(this.effect.effect).some((p) => params[p] !== this.params[p]);
  }

  setParams(params: Readonly<Record<string, number>>): void {
    this.params = { ...params };
    this.effect.set(params);
  }

  dispose(): void {
    if (this.settle) clearTimeout(this.settle);
    this.effect.dispose();
    const p = this.path;
    if (p) for (const n of [p.input, p.output, p.wet, p.dry, p.dryDelay]) n?.disconnect();
  }
}

/** One channel of a strip meter (packages/dsp MeterBallistics, read in the worklet). */
export interface MeterChannel {
  peakDb: number;
  holdDb: number;
  rmsDb: number;
  clipped: boolean;
}

/**
 * A channel strip of the mixer: input (trim and phase: one gain, −1 inverts) → insert slots → pre-fader tap →
 * fader → mute → pan (the post-fader tap). Outputs and sends leave from the taps through `Feed`s owned by the
 * mixer (each with the delay that keeps its summing point aligned). Mute is its own gain stage so un-muting
 * returns to the fader's level exactly, and a mute from the mix and a silence from someone's solo never fight
 * over one parameter. No stage is a unity gain kept "in case": each node costs render time in every quantum.
 */
export class StripNode {
  readonly input: GainNode;
  readonly preTap: GainNode;
  readonly fader: GainNode;
  readonly muteGain: GainNode;
  readonly panner: StereoPannerNode;
  private slots: InsertSlot[] = [];
  /** The connections that make the insert chain (input → slots → preTap), undone exactly when it changes. */
  private links: [AudioNode, AudioNode][] = [];
  private mix: StripMix | null = null;
  /** Silenced by this listener's solo (not the document). */
  private soloSilent = false;
  /** Level controls an automation lane drives now: the knob does not move their AudioParams. */
  readonly automated = new Set<"volume" | "pan" | "mute">();
  /** Latest meter reading per channel (post-fader), when the strip has a meter. */
  meter: MeterChannel[] = [];
  private readonly meterNode: AudioWorkletNode | null = null;

  constructor(
    readonly id: string,
    readonly kind: StripKind,
    private readonly env: EffectEnv,
  ) {
    const c = env.context;
    this.input = c.createGain();
    this.preTap = c.createGain();
    this.fader = c.createGain();
    this.muteGain = c.createGain();
    this.panner = c.createStereoPanner();
    // A track's source is mono (instruments, mono takes): pan it with the mono equal-power law (−3 dB each side
    // at the centre). Buses and the master carry stereo (reverbs, ping-pong): their pan is a balance. A track
    // that plays a stereo take is switched by `carryStereo()`.
    this.panner.channelCount = kind === "track" ? 1 : 2;
    this.panner.channelCountMode = "explicit";
    this.link();
    this.preTap.connect(this.fader).connect(this.muteGain).connect(this.panner);
    if (env.meters && env.worklets) {
      // No output: the worklet is pulled because its input is connected (it only reads and posts readings).
      this.meterNode = new AudioWorkletNode(c, "bandspace-meter", {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 2,
        channelCountMode: "explicit",
      });
      this.postTap.connect(this.meterNode);
      this.meterNode.port.onmessage = (e: MessageEvent<MeterChannel[]>) => {
        this.meter = e.data;
      };
    }
  }

  /** After the fader, mute and pan: outputs, post-fader sends and the meter listen here. */
  get postTap(): AudioNode {
    return this.panner;
  }

  /**
   * A stereo source (a stereo take, a bandmate's stereo take heard live) is about to play into this track: from
   * now on the track is a stereo track, as in a DAW. Its input is kept in two channels (a mono clip on it plays on
   * both sides) and its pan becomes a balance (dsp balanceGains: the far side is lowered, no channel ever moves to
   * the other side) — a gain per side before the panner, which then stands at the centre, where it passes both
   * channels unchanged. Web Audio's own stereo pan would fold the right channel into the left when panned left.
   * Stays on for the strip's life: switching back under a source still playing would be the very fold-down this
   * avoids. Tracks that never play a stereo take are untouched: instruments and mono takes sound as before.
   */
  carryStereo(): void {
    if (this.kind !== "track" || this.balance) return;
    const c = this.env.context;
    const input = c.createGain();
    // Two channels, up-mixed by the speaker rules: a mono source arrives on both sides.
    input.channelCount = 2;
    input.channelCountMode = "explicit";
    input.channelInterpretation = "speakers";
    const splitter = c.createChannelSplitter(2);
    const merger = c.createChannelMerger(2);
    const left = c.createGain();
    const right = c.createGain();
    input.connect(splitter);
    splitter.connect(left, 0).connect(merger, 0, 0);
    splitter.connect(right, 1).connect(merger, 0, 1);
    this.balance = { input, splitter, left, right, merger };
    const pan = this.mix?.pan ?? 0;
    const gains = balanceGains(pan);
    left.gain.value = gains.left;
    right.gain.value = gains.right;
    this.panner.pan.cancelScheduledValues(0);
    this.panner.pan.value = 0;
    this.panner.channelCount = 2;
    this.muteGain.disconnect(this.panner);
    this.muteGain.connect(input);
    merger.connect(this.panner);
  }

  /** The stereo stage of a track that carries stereo (carryStereo), else null. */
  private balance: {
    input: GainNode;
    splitter: ChannelSplitterNode;
    left: GainNode;
    right: GainNode;
    merger: ChannelMergerNode;
  } | null = null;

  /** The AudioParams a pan value drives, with the value each gets: the panner, or the two balance gains. */
  panTargets(): AutomationTarget[] {
    const b = this.balance;
    if (!b) return [{ param: this.panner.pan, map: (v) => v }];
    return [
      { param: b.left.gain, map: (v) => balanceGains(v).left },
      { param: b.right.gain, map: (v) => balanceGains(v).right },
    ];
  }

  /** Whether the strip passes a stereo source through in stereo (buses, the master, tracks after carryStereo). */
  get carriesStereo(): boolean {
    return this.kind !== "track" || this.balance !== null;
  }

  /** The clip light stays lit until someone clicks it. */
  resetClip(): void {
    this.meterNode?.port.postMessage("reset-clip");
    this.meter = this.meter.map((m) => ({ ...m, clipped: false }));
  }

  get latencySamples(): number {
    return this.slots.reduce((sum, s) => sum + s.latencySamples, 0);
  }

  get insertIds(): string[] {
    return this.slots.map((s) => s.id);
  }

  slot(insertId: string): InsertSlot | undefined {
    return this.slots.find((s) => s.id === insertId);
  }

  get allSlots(): readonly InsertSlot[] {
    return this.slots;
  }

  /** Applies the strip's level controls: at once for a new strip, gliding after that. */
  setLevels(mix: StripMix): void {
    const first = this.mix === null;
    const prev = this.mix;
    this.mix = { ...mix };
    const put = (param: AudioParam, v: number) => (first ? (param.value = v) : glide(param, v, this.env.context));
    // Trim and phase share the input gain (a sign flip is exact); a phase change glides through zero.
    if (first || prev!.trim !== mix.trim || prev!.phase !== mix.phase)
      put(this.input.gain, dbToGain(mix.trim) * (mix.phase ? -1 : 1));
    if (!this.automated.has("volume") && (first || prev!.volumeDb !== mix.volumeDb))
      put(this.fader.gain, dbToGain(mix.volumeDb));
    if (!this.automated.has("pan") && (first || prev!.pan !== mix.pan))
      for (const t of this.panTargets()) put(t.param, t.map(mix.pan));
    this.applyMute(first);
  }

  get levels(): StripMix | null {
    return this.mix;
  }

  setSoloSilent(silent: boolean): void {
    if (silent === this.soloSilent) return;
    this.soloSilent = silent;
    this.applyMute(false);
  }

  private applyMute(first: boolean): void {
    if (this.automated.has("mute")) return;
    const on = (this.mix?.mute ?? false) || this.soloSilent ? 0 : 1;
    if (first) this.muteGain.gain.value = on;
    else glide(this.muteGain.gain, on, this.env.context);
  }

  /**
   * Makes the insert chain match `inserts` (slot order): keeps the slots that stay (their effect nodes are
   * reused, parameters set), builds only new or latency-changing ones, and reconnects the chain. Returns
   * whether the strip's latency changed (the mixer then re-aligns the summing points).
   */
  setInserts(inserts: readonly Insert[]): boolean {
    const before = this.latencySamples;
    const keep = new Map(this.slots.map((s) => [s.id, s]));
    const next: InsertSlot[] = [];
    for (const ins of inserts) {
      let slot = keep.get(ins.id);
      if (slot && slot.needsRebuild(ins.params)) slot = undefined;
      if (slot) {
        keep.delete(ins.id);
        slot.setParams(ins.params);
        slot.setBypass(ins.bypass);
        slot.sidechain = ins.sidechain;
      } else {
        slot = new InsertSlot(ins.id, createEffect(ins.effect, this.env, ins.params), ins, this.env.context, () =>
          this.link(),
        );
      }
      next.push(slot);
    }
    const same = next.length === this.slots.length && next.every((s, i) => s === this.slots[i]);
    if (!same) {
      this.slots = next;
      this.link();
      for (const s of keep.values()) s.dispose();
    }
    return this.latencySamples !== before;
  }

  /** (Re)connects input → each slot → preTap, undoing the previous chain's connections first. */
  private link(): void {
    for (const [from, to] of this.links) from.disconnect(to);
    this.links = [];
    let node: AudioNode = this.input;
    for (const s of this.slots) {
      this.links.push([node, s.input]);
      node = s.output;
    }
    this.links.push([node, this.preTap]);
    for (const [from, to] of this.links) from.connect(to);
  }

  dispose(): void {
    if (this.meterNode) {
      this.meterNode.port.onmessage = null;
      this.meterNode.disconnect();
    }
    for (const s of this.slots) s.dispose();
    for (const n of [this.input, this.preTap, this.fader, this.muteGain, this.panner]) n.disconnect();
    if (this.balance) for (const n of Object.values(this.balance)) n.disconnect();
  }
}
