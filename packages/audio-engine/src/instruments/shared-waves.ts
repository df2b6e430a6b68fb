/**
 * PeriodicWaves shared by every context of one sample rate, so an instrument does not build its own per context.
 *
 * Chromium gives each PeriodicWave band-limited tables for its sample rate — 36 ranges × 4096 samples at 48 kHz,
 * ~0.6 MB a wave — whatever the few harmonics it was made from. A segmented export (segmented.ts) builds a new
 * context and new instruments every 20 seconds: per-context waves were ~0.6 MB per wave per piano track per
 * segment, left for the collector. A wave depends only on its coefficients and the sample rate, and an oscillator
 * of another context plays it the same (the tables are copied by reference, never written), so one wave per rate
 * and recipe serves them all. They live in a context of their own (one frame long, never rendered) in the page's
 * realm, so a segment's realm closing (render-realm.ts) takes nothing they need with it.
 */

/** Per sample rate: the context the waves are made with, and the waves by recipe. */
const banks = new Map<number, { factory: BaseAudioContext; waves: Map<string, PeriodicWave> }>();

/** A PeriodicWave from harmonic amplitudes (sine phase), index 0 = fundamental; shared per sample rate. */
export function sharedWave(sampleRate: number, harmonics: readonly number[]): PeriodicWave {
  let bank = banks.get(sampleRate);
  if (!bank) {
    bank = { factory: new OfflineAudioContext(1, 1, sampleRate), waves: new Map() };
    banks.set(sampleRate, bank);
  }
  const key = harmonics.join(",");
  let wave = bank.waves.get(key);
  if (!wave) {
    const real = new Float32Array(harmonics.length + 1);
    const imag = new Float32Array(harmonics.length + 1);
    harmonics.forEach((a, i) => (imag[i + 1] = a));
    wave = bank.factory.createPeriodicWave(real, imag, { disableNormalization: false });
    bank.waves.set(key, wave);
  }
  return wave;
}
