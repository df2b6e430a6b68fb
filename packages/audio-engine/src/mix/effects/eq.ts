import { EQ_BANDS, type EffectId } from "@bandspace/model";
import { webAudioQ, type BiquadDesign } from "@bandspace/dsp";
import { dbToGain, glide, type AutomationTarget, type EffectEnv, type InsertEffect } from "../effect";

/**
 * Parametric EQ: one BiquadFilterNode per band in series, set from the same design as the drawn curve
 * (packages/dsp biquad.ts; `webAudioQ` converts a pass's Q to the node's dB form). A band that is off becomes a
 * bell at 0 dB, which is exactly unity, so switching it never re-routes the graph.
 */
export class EqEffect implements InsertEffect {
  readonly effect: EffectId = "eq";
  /** The first band: a unity gain in front of it would cost render time for nothing. */
  readonly input: BiquadFilterNode;
  readonly output: GainNode;
  readonly latencySamples = 0;
  private readonly filters: BiquadFilterNode[];
  private first = true;

  constructor(private readonly env: EffectEnv) {
    const c = env.context;
    this.output = c.createGain();
    this.filters = EQ_BANDS.map(() => c.createBiquadFilter());
    this.input = this.filters[0];
    let node: AudioNode = this.input;
    for (const f of this.filters.slice(1)) node = node.connect(f);
    node.connect(this.output);
  }

  /** The design of each band for given parameters (what the UI draws and the tests measure against). */
  static designs(params: Readonly<Record<string, number>>): (BiquadDesign | null)[] {
    return EQ_BANDS.map((b) => {
      const p = `b${b.band}`;
      if (!(params[`${p}On`] >= 0.5)) return null;
      return {
        kind: b.kind,
        frequency: params[`${p}Freq`],
        gainDb: params[`${p}Gain`] ?? 0,
        q: params[`${p}Q`] ?? 0.7071,
      };
    });
  }

  set(params: Readonly<Record<string, number>>): void {
    const designs = EqEffect.designs(params);
    designs.forEach((d, i) => {
      const f = this.filters[i];
      const type: BiquadFilterType = d ? d.kind : "peaking";
      if (f.type !== type) f.type = type;
      const values: [AudioParam, number][] = d
        ? [
            [f.frequency, d.frequency],
            [f.gain, d.gainDb],
            [f.Q, webAudioQ(d)],
          ]
        : [[f.gain, 0]];
      for (const [param, v] of values) {
        if (this.first) param.value = v;
        else glide(param, v, this.env.context);
      }
    });
    const out = dbToGain(params.output ?? 0);
    if (this.first) this.output.gain.value = out;
    else glide(this.output.gain, out, this.env.context);
    this.first = false;
  }

  automationTarget(paramId: string): AutomationTarget | null {
    const m = /^b(\d)(Freq|Gain|Q)$/.exec(paramId);
    if (m) {
      const band = Number(m[1]);
      const f = this.filters[band - 1];
      const kind = EQ_BANDS[band - 1].kind;
      if (m[2] === "Freq") return { param: f.frequency, map: (v) => v };
      if (m[2] === "Gain") return { param: f.gain, map: (v) => v };
      return {
        param: f.Q,
        map: (v) => webAudioQ({ kind: kind, frequency: 1000, gainDb: 0, q: v }),
      };
    }
    if (paramId === "output") return { param: this.output.gain, map: dbToGain, exponential: true };
    return null;
  }

  dispose(): void {
    for (const f of this.filters) f.disconnect();
    this.output.disconnect();
  }
}
