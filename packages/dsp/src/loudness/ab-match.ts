/**
 * Loudness-matched A/B: linear gains that bring two files to the same integrated loudness, so a comparison
 * judges the master and not the level (the louder one always sounds "better"). The louder file is turned down
 * to the quieter one — never up, which could clip. A file without a measured loudness (silence) plays as is.
 */
export function abMatchGains(aLufs: number | null, bLufs: number | null): { a: number; b: number } {
  if (aLufs === null || bLufs === null || !Number.isFinite(aLufs) || !Number.isFinite(bLufs)) return { a: 1, b: 1 };
  const reference = Math.min(aLufs, bLufs);
  const gain = (lufs: number) => Math.pow(10, (reference - lufs) / 20);
  return { a: gain(aLufs), b: gain(bLufs) };
}
