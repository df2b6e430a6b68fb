import type { Insert, StripKind, StripMix } from "@bandspace/model";
import { balanceGains } from "@bandspace/dsp";
import { dbToGain, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "./effect";
import { createEffect, rebuildParams } from "./effects";

/**
 * One insert slot: the effect, and beside it a dry path delayed by the effect's latency, both built with the slot
 * and both fed from the start. Bypass is two gain ramps, wet → dry (no click, and the strip's latency does not
 * change, so nothing downstream re-aligns): no node is made and no connection changes when someone bypasses.
 * Building the dry path only at the first bypass reconnected the strip's chain then — several connect and
 * disconnect calls the audio thread may render a quantum between (a dropout) — and fed a dry delay line that was
 * still empty, so the dry side came in as silence and then jumped to the signal mid-ramp; unfeeding the effect
 * while bypassed left it to restart from stale state. The cost is a gain on each side of every slot: the strip
 * links straight into the effect and the dry path and out of both gains (no unity gains around them).
 */
export class InsertSlot {
  private readonly wet: GainNode;
  private readonly dry: GainNode;
  /** Only when the effect has latency: a bypassed slot must delay like the effect, or the strip shifts in time. */
  private readonly dryDelay: DelayNode | null = null;
  /** Where the strip's chain enters the slot: the effect and the dry path. */
  readonly inputs: readonly AudioNode[];
  /** Where the strip's chain leaves the slot: the wet and the dry gain (summed by whatever follows). */
  readonly outputs: readonly AudioNode[];
  private params: Record<string, number>;
  private bypassed: boolean;
  /** The strip whose signal drives this effect's detector (compressor side-chain), or null. */
  sidechain: string | null;

  constructor(
    readonly id: string,
    readonly effect: InsertEffect,
    insert: Insert,
    private readonly context: BaseAudioContext,
  ) {
    this.bypassed = insert.bypass;
    this.params = { ...insert.params };
    this.sidechain = insert.sidechain;
    this.wet = context.createGain();
    this.dry = context.createGain();
    this.wet.gain.value = insert.bypass ? 0 : 1;
    this.dry.gain.value = insert.bypass ? 1 : 0;
    effect.output.connect(this.wet);
    let dryIn: AudioNode = this.dry;
    if (effect.latencySamples > 0) {
      this.dryDelay = context.createDelay(1);
      this.dryDelay.delayTime.value = effect.latencySamples / context.sampleRate;
      this.dryDelay.connect(this.dry);
      dryIn = this.dryDelay;
    }
    this.inputs = [effect.input, dryIn];
    this.outputs = [this.wet, this.dry];
  }

  get latencySamples(): number {
    return this.effect.latencySamples;
  }

  /** The wet and dry gains, for a bypass automation lane. */
  get bypassGains(): [AudioParam, AudioParam] {
    return [this.wet.gain, this.dry.gain];
  }

  setBypass(bypass: boolean): void {
    if (bypass === this.bypassed) return;
    this.bypassed = bypass;
    glide(this.wet.gain, bypass ? 0 : 1, this.context);
    glide(this.dry.gain, bypass ? 1 : 0, this.context);
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
    this.effect.dispose();
    for (const n of [this.wet, this.dry, this.dryDelay]) n?.disconnect();
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
        slot = new InsertSlot(ins.id, createEffect(ins.effect, this.env, ins.params), ins, this.env.context);
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

  /** (Re)connects input → each slot (effect and dry path) → preTap, undoing the previous chain's connections first. */
  private link(): void {
    for (const [from, to] of this.links) from.disconnect(to);
    this.links = [];
    let from: readonly AudioNode[] = [this.input];
    for (const s of this.slots) {
      for (const f of from) for (const to of s.inputs) this.links.push([f, to]);
      from = s.outputs;
    }
    for (const f of from) this.links.push([f, this.preTap]);
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
