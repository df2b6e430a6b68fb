import { decodeWavFrames, parseWavHeader } from "@bandspace/dsp";
import type { AudioClip } from "@bandspace/model";

/** Bytes asked for to reach the data chunk's header (the server writes a 58-byte float WAV header). */
const HEAD_BYTES = 4096;

/**
 * Streams the frames a clip plays (its trimmed window of the take) from the server in blocks, without holding the
 * take: a Range request for the header, then one for exactly the window's bytes, decoded as they arrive and
 * handed to `onBlock` (planar channels). Progress goes from 0 to 1; `signal` cancels. Frames arrive in take
 * order — for a reversed clip the caller mirrors what it finds.
 */
export async function readClipSamples(
  url: string,
  clip: Pick<AudioClip, "offsetFrames" | "lengthFrames">,
  onBlock: (planar: Float32Array[], frames: number) => void,
  options: {
    signal?: AbortSignal;
    onProgress?: (fraction: number) => void;
    /** Called once the header is read, before the first block. */
    onHeader?: (sampleRate: number, channels: number) => void;
  } = {},
): Promise<{ sampleRate: number; channels: number; frames: number }> {
  const { signal, onProgress, onHeader } = options;
  const headRes = await fetch(url, { headers: { Range: `bytes=0-${HEAD_BYTES - 1}` }, signal });
  if (!headRes.ok) throw new Error(`The recording could not be read (HTTP ${headRes.status}).`);
  const total = Number(headRes.headers.get("content-range")?.split("/")[1] ?? NaN);
  const head = new Uint8Array(await headRes.arrayBuffer());
  const info = parseWavHeader(head, Number.isFinite(total) ? total : head.length);
  const first = Math.min(clip.offsetFrames, info.frames);
  const frames = Math.max(0, Math.min(clip.lengthFrames, info.frames - first));
  const result = { sampleRate: info.sampleRate, channels: info.channels, frames };
  onHeader?.(info.sampleRate, info.channels);
  if (frames === 0) return result;
  const from = info.dataOffset + first * info.bytesPerFrame;
  const to = from + frames * info.bytesPerFrame - 1;
  const res = await fetch(url, { headers: { Range: `bytes=${from}-${to}` }, signal });
  if (!res.ok || !res.body) throw new Error(`The recording could not be read (HTTP ${res.status}).`);
  const reader = res.body.getReader();
  // A network chunk may end inside a frame: the partial frame waits for the next chunk.
  let carry = new Uint8Array(0);
  let done = 0;
  for (;;) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    const bytes = new Uint8Array(carry.length + value.length);
    bytes.set(carry);
    bytes.set(value, carry.length);
    const whole = Math.min(frames - done, Math.floor(bytes.length / info.bytesPerFrame));
    if (whole > 0) {
      // Copied to an aligned buffer: the float fast path needs 4-byte alignment.
      const aligned = bytes.slice(0, whole * info.bytesPerFrame);
      onBlock(decodeWavFrames(info, aligned), whole);
      done += whole;
      onProgress?.(done / frames);
    }
    carry = bytes.slice(whole * info.bytesPerFrame);
  }
  if (done < frames) throw new Error("The recording ended early: it may still be uploading. Try again shortly.");
  return result;
}
