/**
 * Ogg Opus muxing (RFC 7845) for Opus packets from WebCodecs' AudioEncoder: an OpusHead page, an OpusTags page
 * (title, artist), then audio pages whose granule positions count 48 kHz samples including the pre-skip; the last
 * page's granule trims the padding so decoders return exactly the exported length.
 */

const CRC_TABLE = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let r = i << 24;
  for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
  CRC_TABLE[i] = r >>> 0;
}
function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  return crc;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export class OggOpusWriter {
  private sequence = 0;
  private readonly serial = (Math.random() * 0xffffffff) >>> 0;
  private packets: Uint8Array[] = [];
  /** Samples (48 kHz) covered by the packets written or queued so far. */
  private granule = 0;

  constructor(
    private readonly channels: number,
    private readonly preSkip: number,
    private readonly inputRate: number,
  ) {
    this.granule = 0;
  }

  /** OpusHead and OpusTags pages. */
  header(tags: { title: string; artist: string }): Uint8Array {
    const head = new Uint8Array(19);
    head.set(utf8("OpusHead"), 0);
    const v = new DataView(head.buffer);
    head[8] = 1; // version
    head[9] = this.channels;
    v.setUint16(10, this.preSkip, true);
    v.setUint32(12, this.inputRate, true);
    v.setInt16(16, 0, true); // output gain
    head[18] = 0; // mapping family 0: mono/stereo
    const vendor = utf8("Bandspace");
    const comments = [`TITLE=${tags.title}`, `ARTIST=${tags.artist}`].filter((c) => !c.endsWith("=")).map(utf8);
    const size = 8 + 4 + vendor.length + 4 + comments.reduce((n, c) => n + 4 + c.length, 0);
    const opusTags = new Uint8Array(size);
    const tv = new DataView(opusTags.buffer);
    opusTags.set(utf8("OpusTags"), 0);
    let o = 8;
    tv.setUint32(o, vendor.length, true);
    opusTags.set(vendor, o + 4);
    o += 4 + vendor.length;
    tv.setUint32(o, comments.length, true);
    o += 4;
    for (const c of comments) {
      tv.setUint32(o, c.length, true);
      opusTags.set(c, o + 4);
      o += 4 + c.length;
    }
    return concat([this.page([head], 0, 0x02), this.page([opusTags], 0, 0)]);
  }

  /** Queues one packet of `samples` 48 kHz samples; returns full pages when enough have gathered. */
  packet(data: Uint8Array, samples: number): Uint8Array {
    this.packets.push(data);
    this.granule += samples;
    // ~1 s per page keeps the overhead tiny and seeking coarse but fine.
    return this.packets.length >= 50 ? this.flushPage(0) : new Uint8Array(0);
  }

  /** The last page: granule = pre-skip + exported frames, so players trim the encoder's padding. */
  end(totalSamples: number): Uint8Array {
    this.granule = this.preSkip + totalSamples;
    return this.flushPage(0x04);
  }

  private flushPage(flags: number): Uint8Array {
    const page = this.page(this.packets, this.granule, flags);
    this.packets = [];
    return page;
  }

  private page(packets: Uint8Array[], granule: number, flags: number): Uint8Array {
    const lacing: number[] = [];
    for (const p of packets) {
      let n = p.length;
      while (n >= 255) {
        lacing.push(255);
        n -= 255;
      }
      lacing.push(n);
    }
    if (lacing.length > 255) throw new Error("Ogg page with too many segments");
    const body = concat(packets);
    const out = new Uint8Array(27 + lacing.length + body.length);
    const v = new DataView(out.buffer);
    out.set(utf8("OggS"), 0);
    out[4] = 0;
    out[5] = flags;
    v.setUint32(6, granule >>> 0, true);
    v.setUint32(10, Math.floor(granule / 2 ** 32), true);
    v.setUint32(14, this.serial, true);
    v.setUint32(18, this.sequence++, true);
    out[26] = lacing.length;
    out.set(lacing, 27);
    out.set(body, 27 + lacing.length);
    v.setUint32(22, oggCrc(out), true);
    return out;
  }
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
