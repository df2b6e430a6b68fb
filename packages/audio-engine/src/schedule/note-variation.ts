/**
 * A number in [0, 1) fixed by a note's identity (its clip and note ids): what an instrument varies from hit to
 * hit (a drum hit's stretch of noise) is then the same in every render of the song, wherever the render starts.
 * FNV-1a over the ids' UTF-16 code units, then MurmurHash3's finaliser (FNV alone leaves the high bits poorly
 * mixed for ids that differ only in their last characters) — cheap, pure, evenly spread.
 */
export function noteVariation(clipId: string, noteId: string): number {
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  };
  mix(clipId);
  h ^= 0x2f; // a separator, so ("ab", "c") and ("a", "bc") differ
  h = Math.imul(h, 0x01000193);
  mix(noteId);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
