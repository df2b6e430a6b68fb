/**
 * The "Info"/"Xing" frame with a LAME tag at the start of an MP3: frame count, byte count and seek table (players
 * show the right duration, also for VBR) and the encoder delay and padding, so decoders trim them and the file
 * decodes to exactly the exported length (gapless). The encoder reserves the frame up front; the export worker
 * writes it over the reservation once the last frame is known.
 */

const BITRATES_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const RATE_INDEX: Record<number, number> = { 44100: 0, 48000: 1, 32000: 2 };
/** LAME's encoder delay (samples before the first real one; the decoder's own 529 come on top). */
export const LAME_ENCODER_DELAY = 576;
const SAMPLES_PER_FRAME = 1152;
const INFO_BITRATE_INDEX = 9; // 128 kbit/s: room for the tags

/** Size of the reserved frame: one MPEG-1 Layer III frame at 128 kbit/s. */
export function infoFrameSize(sampleRate: number): number {
  return Math.floor((144000 * BITRATES_KBPS[INFO_BITRATE_INDEX]) / sampleRate);
}

/** Counts MPEG audio frames in a byte stream delivered in arbitrary chunks (after any ID3 tag). */
export class Mp3FrameCounter {
  frames = 0;
  bytes = 0;
  /** Byte offset of each frame from the start of the audio (for the seek table). */
  offsets: number[] = [];
  private skip = 0;
  private head: number[] = [];

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.head.push(chunk[i]);
      i++;
      if (this.head.length < 4) continue;
      const [b0, b1, b2] = this.head as [number, number, number, number];
      if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) throw new Error("MP3 stream out of frame sync");
      const bitrate = BITRATES_KBPS[b2 >> 4];
      const rate = [44100, 48000, 32000][(b2 >> 2) & 3];
      const padding = (b2 >> 1) & 1;
      const size = Math.floor((144000 * bitrate) / rate) + padding;
      this.offsets.push(this.bytes);
      this.frames++;
      this.bytes += size;
      this.skip = size - 4;
      this.head = [];
    }
  }
}

function crc16Lame(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc & 0xffff;
}

export function infoFrame(o: {
  sampleRate: number;
  channels: number;
  vbr: boolean;
  counter: Mp3FrameCounter;
  totalFrames: number;
}): Uint8Array {
  const size = infoFrameSize(o.sampleRate);
  const f = new Uint8Array(size);
  const v = new DataView(f.buffer);
  f[0] = 0xff;
  f[1] = 0xfb; // MPEG-1, Layer III, no CRC
  f[2] = (INFO_BITRATE_INDEX << 4) | (RATE_INDEX[o.sampleRate] << 2);
  f[3] = o.channels === 1 ? 0xc0 : 0x40; // mono, or joint stereo as LAME writes
  let p = 4 + (o.channels === 1 ? 17 : 32); // after the (empty) side information
  f.set(
    [...(o.vbr ? "Xing" : "Info")].map((c) => c.charCodeAt(0)),
    p,
  );
  v.setUint32(p + 4, 0x0f); // frames, bytes, TOC and quality present
  const audioFrames = o.counter.frames;
  v.setUint32(p + 8, audioFrames); // audio frames, the Info frame not counted (as decoders expect)
  v.setUint32(p + 12, o.counter.bytes + size);
  for (let i = 0; i < 100; i++) {
    const frame = Math.min(audioFrames - 1, Math.floor((i / 100) * audioFrames));
    const at = (frame >= 0 ? o.counter.offsets[frame] : 0) + size;
    f[p + 16 + i] = Math.min(255, Math.floor((at / (o.counter.bytes + size)) * 256));
  }
  v.setUint32(p + 116, 0); // quality
  p += 120;
  const lame = p;
  f.set(
    [..."LAME3.100"].map((c) => c.charCodeAt(0)),
    p,
  );
  f[p + 9] = o.vbr ? 0x04 : 0x01; // tag revision 0; VBR method: VBR (mt) or CBR
  f[p + 10] = 0xc8; // lowpass 20 kHz
  const total = audioFrames * SAMPLES_PER_FRAME;
  const padding = Math.max(0, Math.min(4095, total - LAME_ENCODER_DELAY - o.totalFrames));
  f[p + 21] = LAME_ENCODER_DELAY >> 4;
  f[p + 22] = ((LAME_ENCODER_DELAY & 0x0f) << 4) | (padding >> 8);
  f[p + 23] = padding & 0xff;
  v.setUint32(p + 28, o.counter.bytes + size); // music length
  // The tag's own CRC covers the frame's first 190 bytes.
  v.setUint16(lame + 34, crc16Lame(f.subarray(0, 190)));
  return f;
}
