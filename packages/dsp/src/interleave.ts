/**
 * Takes travel and are stored channel-interleaved (L R L R …: one chunk, one WAV data block); Web Audio wants one
 * array per channel (AudioBuffer). These convert between the two, so every place that crosses over (playing a
 * stored or relayed take, reading frames for an export) splits a stereo take the same way.
 */

/** Interleaved samples → one array per channel. `interleaved.length` must be a multiple of `channels`. */
export function deinterleave(interleaved: Float32Array, channels: number): Float32Array[] {
  if (!Number.isInteger(channels) || channels < 1) throw new RangeError("channels must be a positive integer");
  if (interleaved.length % channels !== 0) throw new RangeError("sample count is not a multiple of the channel count");
  const frames = interleaved.length / channels;
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  if (channels === 1) {
    out[0].set(interleaved);
    return out;
  }
  for (let c = 0; c < channels; c++) {
    const ch = out[c];
    for (let i = 0, o = c; i < frames; i++, o += channels) ch[i] = interleaved[o]!;
  }
  return out;
}

/** One array per channel (all the same length) → interleaved samples. */
export function interleave(channels: readonly Float32Array[]): Float32Array {
  const n = channels.length;
  if (n === 0) return new Float32Array(0);
  const frames = channels[0].length;
  if (channels.some((c) => c.length !== frames)) throw new RangeError("channels differ in length");
  const out = new Float32Array(frames * n);
  for (let c = 0; c < n; c++) {
    const ch = channels[c];
    for (let i = 0, o = c; i < frames; i++, o += n) out[o] = ch[i]!;
  }
  return out;
}
