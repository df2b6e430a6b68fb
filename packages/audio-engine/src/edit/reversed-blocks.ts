import type { PlayRegion } from "@bandspace/model";

/**
 * A reversed region is played from reversed copies of its take's samples (a buffer source cannot play backwards
 * sample-accurately: a negative playbackRate is not sample-exact and starts from the buffer's end). Copying the
 * whole stretch a clip plays would hold a 30-minute reversed clip twice in memory, so the copy is made per block
 * of REVERSED_BLOCK_FRAMES region frames, only as the scheduler's window reaches it.
 *
 * Blocks are aligned to the region's own frame 0 (block j holds region frames [j·B, (j+1)·B)), whatever frame
 * playing starts from, so a seek or a loop pass finds the same blocks again: a few recent ones are kept per take
 * buffer and clip window (offset, length), which makes a short loop over a reversed clip reverse nothing twice.
 */
export const REVERSED_BLOCK_FRAMES = 1 << 16;

/** Blocks kept per take buffer: a loop across a block boundary, plus the ones a seek just made. */
const KEPT_PER_TAKE = 4;

/** Weak by take buffer: a take dropped from the player's cache drops its blocks with it. */
const kept = new WeakMap<AudioBuffer, Map<string, AudioBuffer>>();

/**
 * Block `block` of a reversed region, in playing order: its frame n is region frame k = block·B + n, which plays
 * take frame offset + length − 1 − k (silence outside the take). At the buffer's own rate, so it lines up frame
 * for frame like a forward region.
 */
export function reversedBlock(
  context: BaseAudioContext,
  buffer: AudioBuffer,
  region: Pick<PlayRegion, "offsetFrames" | "lengthFrames">,
  block: number,
): AudioBuffer {
  const key = `${region.offsetFrames}:${region.lengthFrames}:${block}`;
  let blocks = kept.get(buffer);
  const hit = blocks?.get(key);
  if (blocks && hit) {
    // Most recently used last: the first key is the one to drop.
    blocks.delete(key);
    blocks.set(key, hit);
    return hit;
  }
  const first = block * REVERSED_BLOCK_FRAMES;
  const frames = Math.max(1, Math.min(REVERSED_BLOCK_FRAMES, region.lengthFrames - first));
  const out = context.createBuffer(buffer.numberOfChannels, frames, buffer.sampleRate);
  const last = region.offsetFrames + region.lengthFrames - 1 - first;
  for (let c = 0; c < buffer.numberOfChannels; c++) {
    const src = buffer.getChannelData(c);
    const dst = out.getChannelData(c);
    for (let n = 0; n < frames; n++) {
      const i = last - n;
      dst[n] = i >= 0 && i < src.length ? src[i] : 0;
    }
  }
  if (!blocks) kept.set(buffer, (blocks = new Map<string, AudioBuffer>()));
  blocks.set(key, out);
  while (blocks.size > KEPT_PER_TAKE) blocks.delete(blocks.keys().next().value!);
  return out;
}
