/**
 * The statistics over stored blocks: BS.1770 gated integrated loudness and EBU Tech 3342 loudness range.
 * Inputs are mean-square powers (already channel-weighted and summed), not LUFS, so no precision is lost.
 */

/** LUFS of a weighted mean-square power. */
export function powerToLufs(power: number): number {
  return -0.691 + 10 * Math.log10(power);
}

export function lufsToPower(lufs: number): number {
  return Math.pow(10, (lufs + 0.691) / 10);
}

const ABSOLUTE_GATE_LUFS = -70;
const ABSOLUTE_GATE_POWER = lufsToPower(ABSOLUTE_GATE_LUFS);

/** Gated loudness of 400 ms block powers (absolute −70 LUFS, relative −10 LU), or null if no block passes. */
export function gatedLoudness(blockPowers: ArrayLike<number>, count = blockPowers.length): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < count; i++) {
    const p = blockPowers[i];
    if (p >= ABSOLUTE_GATE_POWER) {
      sum += p;
      n++;
    }
  }
  if (n === 0) return null;
  const relativeGate = (sum / n) * Math.pow(10, -10 / 10);
  let gatedSum = 0;
  let gatedN = 0;
  for (let i = 0; i < count; i++) {
    const p = blockPowers[i];
    if (p >= ABSOLUTE_GATE_POWER && p >= relativeGate) {
      gatedSum += p;
      gatedN++;
    }
  }
  return gatedN === 0 ? null : powerToLufs(gatedSum / gatedN);
}

/**
 * Loudness range (EBU Tech 3342) of short-term (3 s) powers sampled at ≥ 10 Hz: absolute gate −70 LUFS, relative
 * gate −20 LU below the power mean of the absolute-gated values, then the 95th minus the 10th percentile
 * (nearest rank, as the document's reference implementation). Null when nothing passes the gates.
 */
export function loudnessRange(shortTermPowers: ArrayLike<number>, count = shortTermPowers.length): number | null {
  const passing: number[] = [];
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const p = shortTermPowers[i];
    if (p >= ABSOLUTE_GATE_POWER) {
      passing.push(p);
      sum += p;
    }
  }
  if (passing.length === 0) return null;
  const relativeGate = (sum / passing.length) * Math.pow(10, -20 / 10);
  const gated = passing.filter((p) => p >= relativeGate).sort((a, b) => a - b);
  const n = gated.length;
  const low = gated[Math.round((n - 1) * 0.1)];
  const high = gated[Math.round((n - 1) * 0.95)];
  return 10 * Math.log10(high / low);
}
