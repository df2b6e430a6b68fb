/** MSB-first bit writer into a growing byte buffer (FLAC frames are bit-packed big-endian). */
export class BitWriter {
  private buf: Uint8Array;
  private byte = 0; // bytes completed
  private acc = 0; // pending bits, at most 31 kept
  private nacc = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  private ensure(extra: number): void {
    if (this.byte + extra <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.byte + extra));
    bigger.set(this.buf.subarray(0, this.byte));
    this.buf = bigger;
  }

  /** Writes the low `n` bits of `value` (0 ≤ n ≤ 32; negative values write their two's complement). */
  write(value: number, n: number): void {
    if (n > 24) {
      this.write(Math.floor(value / 0x10000) & ((1 << (n - 16)) - 1), n - 16);
      this.write(value & 0xffff, 16);
      return;
    }
    this.ensure(4);
    this.acc = (this.acc << n) | (value & ((1 << n) - 1));
    this.nacc += n;
    while (this.nacc >= 8) {
      this.nacc -= 8;
      this.buf[this.byte++] = (this.acc >>> this.nacc) & 0xff;
    }
    this.acc &= (1 << this.nacc) - 1;
  }

  /** `q` zero bits then a one (Rice quotient). */
  unary(q: number): void {
    while (q >= 24) {
      this.write(0, 24);
      q -= 24;
    }
    this.write(1, q + 1);
  }

  /** Pads with zero bits to the next byte boundary. */
  align(): void {
    if (this.nacc > 0) this.write(0, 8 - this.nacc);
  }

  get bitLength(): number {
    return this.byte * 8 + this.nacc;
  }

  /** The completed bytes (call after `align`). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.byte);
  }
}
