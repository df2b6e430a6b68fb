import type { Insert, StripKind, StripMix } from "@bandspace/model";
import { PARAM_GLIDE, dbToGain, glide, type EffectEnv, type InsertEffect } from "./effect";
import { createEffect, rebuildParams } from "./effects";

/**
 * One insert slot: the effect, and beside it a dry path delayed by the effect's latency. Bypass crossfades
 * wet → dry (no click, and the strip's latency does not change, so nothing downstream re-aligns).
 */
export class InsertSlot {
  readonly input: GainNode;
  readonly output: GainNode;
  private readonly wet: GainNode;
  private readonly dry: GainNode;
  /** Only when the effect has latency: a bypassed slot must delay like the effect, or the strip shifts in time. */
  private readonly dryDelay: DelayNode | null;
  private params: Record<string, number>;
  /** The strip whose signal drives this effect's detector (compressor side-chain), or null. */
  sidechain: string | null;

  constructor(
    readonly id: string,
    readonly effect: InsertEffect,
    insert: Insert,
    private readonly context: BaseAudioContext,
  ) {
    this.input = context.createGain();
    this.output = context.createGain();
    this.wet = context.createGain();
    this.dry = context.createGain();
    effect.output.connect(this.wet).connect(this.output);
    if (effect.latencySamples > 0) {
      this.dryDelay = context.createDelay(1);
      this.dryDelay.delayTime.value = effect.latencySamples / context.sampleRate;
      this.dryDelay.connect(this.dry);
    } else {
      this.dryDelay = null;
    }
    this.dry.connect(this.output);
    this.bypassed = insert.bypass;
    this.wet.gain.value = insert.bypass ? 0 : 1;
    this.dry.gain.value = insert.bypass ? 1 : 0;
    // Only the path that sounds is fed: a silent path still costs render time in every quantum.
    this.feed(!insert.bypass, insert.bypass);
    this.params = { ...insert.params };
    this.sidechain = insert.sidechain;
  }

  get latencySamples(): number {
    return this.effect.latencySamples;
  }

  /** The wet and dry gains, for a bypass automation lane: both paths stay fed while a lane drives them. */
  get bypassGains(): [AudioParam, AudioParam] {
    this.automatedBypass = true;
    this.feed(true, true);
    return [this.wet.gain, this.dry.gain];
  }

  private automatedBypass = false;

  private bypassed: boolean;
  private wetFed = false;
  private dryFed = false;
  private settle: ReturnType<typeof setTimeout> | null = null;

  /** Connects or disconnects the slot input to the effect (wet) and to the dry path. */
  private feed(wet: boolean, dry: boolean): void {
    const dryIn: AudioNode = this.dryDelay ?? this.dry;
    if (wet !== this.wetFed) {
      if (wet) this.input.connect(this.effect.input);
      else this.input.disconnect(this.effect.input);
      this.wetFed = wet;
    }
    if (dry !== this.dryFed) {
      if (dry) this.input.connect(dryIn);
      else this.input.disconnect(dryIn);
      this.dryFed = dry;
    }
  }

  setBypass(bypass: boolean): void {
    if (bypass === this.bypassed) return;
    this.bypassed = bypass;
    // Both paths sound during the crossfade; the silent one is unfed once it has faded.
    this.feed(true, true);
    glide(this.wet.gain, bypass ? 0 : 1, this.context);
    glide(this.dry.gain, bypass ? 1 : 0, this.context);
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
    for (const n of [this.input, this.output, this.wet, this.dry, this.dryDelay]) n?.disconnect();
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
 * A channel strip of the mixer: input (trim) → phase → insert slots → pre-fader tap → fader → mute → pan →
 * post-fader tap. Outputs and sends leave from the taps through `Feed`s owned by the mixer (each with the
 * delay that keeps its summing point aligned). Mute is its own gain stage so un-muting returns to the fader's
 * level exactly, and a mute from the mix and a silence from someone's solo never fight over one parameter.
 */
export class StripNode {
  readonly input: GainNode;
  readonly preTap: GainNode;
  readonly postTap: GainNode;
  readonly fader: GainNode;
  readonly muteGain: GainNode;
  readonly panner: StereoPannerNode;
  private readonly phase: GainNode;
  private slots: InsertSlot[] = [];
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
    this.phase = c.createGain();
    this.preTap = c.createGain();
    this.fader = c.createGain();
    this.muteGain = c.createGain();
    this.panner = c.createStereoPanner();
    // A track's source is mono (instruments, most takes): pan it with the mono equal-power law (−3 dB each side
    // at the centre). Buses and the master carry stereo (reverbs, ping-pong): their pan is a balance.
    this.panner.channelCount = kind === "track" ? 1 : 2;
    this.panner.channelCountMode = "explicit";
    this.postTap = c.createGain();
    this.input.connect(this.phase).connect(this.preTap);
    this.preTap.connect(this.fader).connect(this.muteGain).connect(this.panner).connect(this.postTap);
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
    if (first || prev!.trim !== mix.trim) put(this.input.gain, dbToGain(mix.trim));
    if (first || prev!.phase !== mix.phase) put(this.phase.gain, mix.phase ? -1 : 1);
    if (!this.automated.has("volume") && (first || prev!.volumeDb !== mix.volumeDb))
      put(this.fader.gain, dbToGain(mix.volumeDb));
    if (!this.automated.has("pan") && (first || prev!.pan !== mix.pan)) put(this.panner.pan, mix.pan);
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
      this.phase.disconnect();
      for (const s of this.slots) s.output.disconnect();
      let node: AudioNode = this.phase;
      for (const s of next) {
        node.connect(s.input);
        node = s.output;
      }
      node.connect(this.preTap);
      for (const s of keep.values()) s.dispose();
      this.slots = next;
    }
    return this.latencySamples !== before;
  }

  dispose(): void {
    if (this.meterNode) {
      this.meterNode.port.onmessage = null;
      this.meterNode.disconnect();
    }
    for (const s of this.slots) s.dispose();
    for (const n of [this.input, this.phase, this.preTap, this.fader, this.muteGain, this.panner, this.postTap])
      n.disconnect();
  }
}
