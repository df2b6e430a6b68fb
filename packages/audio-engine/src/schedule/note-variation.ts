/**
 * A number in [0, 1) fixed by a note's identity (its clip and note ids): what an instrument varies from hit to
 * hit (a drum hit's stretch of noise) is then the same in every render of the song, wherever the render starts.
 * FNV-1a over the ids' UTF-16 code units — cheap, pure, and well spread for short ids.
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
  return (h >>> 0) / 4294967296;
}
