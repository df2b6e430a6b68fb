/**
 * A small streaming FLAC encoder (16- or 24-bit, 1–8 channels, any rate up to 655 kHz): fixed blocks of 4096
 * frames; each channel's subframe is CONSTANT, VERBATIM or FIXED (polynomial predictor of order 0–4, whichever
 * codes smallest) with Rice-coded residuals in 2^p partitions. Lossless: decoders return exactly the integers we
 * quantised. The stream header (STREAMINFO with the total length, VORBIS_COMMENT with title and artist) is
 * written first, so the file streams out as it is encoded. Quantising to 16 bits adds TPDF dither.
 */
import { BitWriter } from "./bit-writer";
import { utf8Bytes } from "./utf8";

export interface FlacOptions {
  sampleRate: number;
  channels: number;
  bitsPerSample: 16 | 24;
  totalFrames: number;
  tags?: Record<string, string>;
  /** TPDF dither when quantising; default on for 16 bits. */
  dither?: boolean;
  seed?: number;
}

const BLOCK = 4096;
const MAX_PARTITION_ORDER = 6;

const CRC8 = new Uint8Array(256);
const CRC16 = new Uint16Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff;
  CRC8[i] = c;
  let d = i << 8;
  for (let k = 0; k < 8; k++) d = d & 0x8000 ? ((d << 1) ^ 0x8005) & 0xffff : (d << 1) & 0xffff;
  CRC16[i] = d;
}
const crc8 = (b: Uint8Array) => b.reduce((c, x) => CRC8[c ^ x], 0);
const crc16 = (b: Uint8Array) => b.reduce((c, x) => ((c << 8) & 0xffff) ^ CRC16[(c >> 8) ^ x], 0);

const utf8 = utf8Bytes;

export class FlacEncoder {
  private readonly pending: Int32Array[];
  private filled = 0;
  private frameNumber = 0;
  private random: () => number;
  private readonly dither: boolean;
  private readonly scale: number;

  constructor(readonly o: FlacOptions) {
    if (o.channels < 1 || o.channels > 8) throw new RangeError("FLAC carries 1 to 8 channels");
    this.pending = Array.from({ length: o.channels }, () => new Int32Array(BLOCK));
    this.dither = o.dither ?? o.bitsPerSample === 16;
    this.scale = o.bitsPerSample === 16 ? 32768 : 8388608;
    let x = (o.seed ?? 0x1234567) >>> 0 || 1;
    this.random = () => {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      return x / 4294967296;
    };
  }

  /** "fLaC", STREAMINFO and VORBIS_COMMENT. */
  header(): Uint8Array {
    const { sampleRate, channels, bitsPerSample, totalFrames } = this.o;
    const w = new BitWriter(256);
    for (const c of "fLaC") w.write(c.charCodeAt(0), 8);
    w.write(0, 1); // not the last metadata block
    w.write(0, 7); // STREAMINFO
    w.write(34, 24);
    w.write(BLOCK, 16);
    w.write(BLOCK, 16);
    w.write(0, 24); // min/max frame size: unknown
    w.write(0, 24);
    w.write(sampleRate, 20);
    w.write(channels - 1, 3);
    w.write(bitsPerSample - 1, 5);
    w.write(Math.floor(totalFrames / 2 ** 32), 4);
    w.write(totalFrames >>> 0, 32);
    for (let i = 0; i < 4; i++) w.write(0, 32); // MD5 unset (allowed: the encoder streams)
    const vendor = utf8("Bandspace");
    const comments = Object.entries(this.o.tags ?? {})
      .filter(([, v]) => v)
      .map(([k, v]) => utf8(`${k.toUpperCase()}=${v}`));
    const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
    const body = [...le32(vendor.length), ...vendor, ...le32(comments.length)];
    for (const c of comments) body.push(...le32(c.length), ...c);
    w.write(1, 1); // last metadata block
    w.write(4, 7); // VORBIS_COMMENT
    w.write(body.length, 24);
    for (const b of body) w.write(b, 8);
    return w.bytes().slice();
  }

  /** Planar floats in; whole FLAC frames out (a partial block waits for more input or `finish`). */
  encode(planar: ArrayLike<number>[], frames = planar[0]?.length ?? 0): Uint8Array {
    const out: Uint8Array[] = [];
    const fs = this.scale;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < this.o.channels; c++) {
        let y = planar[c][i] * fs;
        if (this.dither) y += this.random() - this.random();
        const q = Math.round(y);
        this.pending[c][this.filled] = q > fs - 1 ? fs - 1 : q < -fs ? -fs : q;
      }
      if (++this.filled === BLOCK) out.push(this.frame(BLOCK));
    }
    return concat(out);
  }

  finish(): Uint8Array {
    return this.filled > 0 ? this.frame(this.filled) : new Uint8Array(0);
  }

  private frame(size: number): Uint8Array {
    const { channels, bitsPerSample, sampleRate } = this.o;
    const w = new BitWriter(size * channels * 4 + 64);
    w.write(0b11111111111110, 14);
    w.write(0, 1); // reserved
    w.write(0, 1); // fixed block size
    w.write(size === BLOCK ? 0b1100 : 0b0111, 4); // 4096, or "16-bit size − 1 follows"
    const rateCode = sampleRate === 44100 ? 0b1001 : sampleRate === 48000 ? 0b1010 : sampleRate === 96000 ? 0b1011 : 0;
    w.write(rateCode, 4);
    w.write(channels - 1, 4); // independent channels
    w.write(bitsPerSample === 16 ? 0b100 : 0b110, 3);
    w.write(0, 1);
    writeUtf8Number(w, this.frameNumber++);
    if (size !== BLOCK) w.write(size - 1, 16);
    w.write(crc8(w.bytes()), 8);
    for (let c = 0; c < channels; c++) writeSubframe(w, this.pending[c].subarray(0, size), bitsPerSample);
    w.align();
    const crc = crc16(w.bytes());
    w.write(crc, 16);
    this.filled = 0;
    return w.bytes().slice();
  }
}

/** FLAC's "UTF-8"-style variable-length frame number (up to 31 bits here). */
function writeUtf8Number(w: BitWriter, n: number): void {
  if (n < 0x80) return w.write(n, 8);
  // Continuation bytes carry 6 bits each; the lead byte has (bytes) ones, a zero, then the top bits.
  const count = n < 0x800 ? 2 : n < 0x10000 ? 3 : n < 0x200000 ? 4 : n < 0x4000000 ? 5 : 6;
  const lead = (0xff << (8 - count)) & 0xff;
  w.write(lead | Math.floor(n / 2 ** (6 * (count - 1))), 8);
  for (let k = count - 2; k >= 0; k--) w.write(0x80 | (Math.floor(n / 2 ** (6 * k)) & 0x3f), 8);
}

function writeSubframe(w: BitWriter, x: Int32Array, bps: number): void {
  const n = x.length;
  let constant = true;
  for (let i = 1; i < n && constant; i++) if (x[i] !== x[0]) constant = false;
  if (constant) {
    w.write(0, 1);
    w.write(0b000000, 6);
    w.write(0, 1);
    w.write(x[0], bps);
    return;
  }
  // Residuals of the fixed predictors: repeated differences.
  let best = { order: 0, bits: Infinity, residual: x, rice: null as RicePlan | null };
  let prev = Int32Array.from(x);
  for (let order = 0; order <= 4 && order < n; order++) {
    const residual = order === 0 ? prev : new Int32Array(n);
    if (order > 0) for (let i = order; i < n; i++) residual[i] = prev[i] - prev[i - 1];
    const plan = planRice(residual, order, n);
    const bits = order * bps + plan.bits;
    if (bits < best.bits) best = { order, bits, residual, rice: plan };
    prev = residual;
  }
  if (best.bits >= n * bps) {
    w.write(0, 1);
    w.write(0b000001, 6);
    w.write(0, 1);
    for (let i = 0; i < n; i++) w.write(x[i], bps);
    return;
  }
  w.write(0, 1);
  w.write(0b001000 | best.order, 6);
  w.write(0, 1);
  for (let i = 0; i < best.order; i++) w.write(x[i], bps);
  writeResidual(w, best.residual, best.order, best.rice!);
}

interface RicePlan {
  partitionOrder: number;
  params: number[];
  bits: number;
  wide: boolean;
}

const fold = (r: number) => (r >= 0 ? 2 * r : -2 * r - 1);

/**
 * Best partition order and Rice parameter per partition. Costs are estimated from each partition's sum of folded
 * residuals (bits ≈ count·(k+1) + sum/2^k), computed once at the finest split and merged pairwise for coarser ones.
 */
function planRice(res: Int32Array, order: number, n: number): RicePlan {
  let maxP = 0;
  while (maxP < MAX_PARTITION_ORDER && n % (2 << maxP) === 0 && n / (2 << maxP) > order) maxP++;
  let sums = new Float64Array(1 << maxP);
  const fine = n >> maxP;
  for (let k = 0; k < sums.length; k++) {
    let sum = 0;
    for (let i = Math.max(k * fine, k === 0 ? order : 0); i < (k + 1) * fine; i++) sum += fold(res[i]);
    sums[k] = sum;
  }
  let best: RicePlan = { partitionOrder: 0, params: [], bits: Infinity, wide: false };
  for (let p = maxP; p >= 0; p--) {
    const parts = 1 << p;
    const len = n / parts;
    const params: number[] = [];
    let bits = 6;
    let wide = false;
    for (let k = 0; k < parts; k++) {
      const count = k === 0 ? len - order : len;
      const mean = sums[k] / Math.max(1, count);
      let kk = mean > 1 ? Math.floor(Math.log2(mean)) : 0;
      let cost = count * (kk + 1) + sums[k] / 2 ** kk;
      const up = count * (kk + 2) + sums[k] / 2 ** (kk + 1);
      if (up < cost) {
        kk++;
        cost = up;
      }
      kk = Math.min(kk, 30);
      if (kk > 14) wide = true;
      params.push(kk);
      bits += cost;
    }
    bits += parts * (wide ? 5 : 4);
    if (bits < best.bits) best = { partitionOrder: p, params, bits: Math.ceil(bits), wide };
    if (p > 0) {
      const merged = new Float64Array(parts / 2);
      for (let k = 0; k < merged.length; k++) merged[k] = sums[2 * k] + sums[2 * k + 1];
      sums = merged;
    }
  }
  return best;
}

function writeResidual(w: BitWriter, res: Int32Array, order: number, plan: RicePlan): void {
  const n = res.length;
  w.write(plan.wide ? 1 : 0, 2); // RICE (4-bit parameters) or RICE2 (5-bit)
  w.write(plan.partitionOrder, 4);
  const parts = 1 << plan.partitionOrder;
  const len = n / parts;
  for (let k = 0; k < parts; k++) {
    const param = plan.params[k];
    w.write(param, plan.wide ? 5 : 4);
    const scale = 2 ** param;
    for (let i = k === 0 ? order : k * len; i < (k + 1) * len; i++) {
      const u = fold(res[i]);
      const q = Math.floor(u / scale);
      w.unary(q);
      if (param > 0) w.write(u - q * scale, param);
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
