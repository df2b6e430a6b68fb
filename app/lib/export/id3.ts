/** A minimal ID3v2.3 tag (title, artist, encoder) for MP3 exports: what players show for the file. */
export function id3v2Tag(tags: { title: string; artist: string }): Uint8Array {
  const frames: Uint8Array[] = [];
  const frame = (id: string, text: string) => {
    if (!text) return;
    // Encoding 1 = UTF-16 with BOM (ID3v2.3 has no UTF-8).
    const body = new Uint8Array(1 + 2 + text.length * 2);
    body[0] = 1;
    body[1] = 0xff;
    body[2] = 0xfe;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      body[3 + i * 2] = c & 0xff;
      body[4 + i * 2] = c >> 8;
    }
    const f = new Uint8Array(10 + body.length);
    for (let i = 0; i < 4; i++) f[i] = id.charCodeAt(i);
    new DataView(f.buffer).setUint32(4, body.length);
    f.set(body, 10);
    frames.push(f);
  };
  frame("TIT2", tags.title);
  frame("TPE1", tags.artist);
  frame("TSSE", "Bandspace");
  const size = frames.reduce((n, f) => n + f.length, 0);
  const out = new Uint8Array(10 + size);
  out.set([0x49, 0x44, 0x33, 3, 0, 0], 0); // "ID3", v2.3.0, no flags
  // Tag size: 28 bits, 7 per byte ("synchsafe").
  out[6] = (size >> 21) & 0x7f;
  out[7] = (size >> 14) & 0x7f;
  out[8] = (size >> 7) & 0x7f;
  out[9] = size & 0x7f;
  let o = 10;
  for (const f of frames) {
    out.set(f, o);
    o += f.length;
  }
  return out;
}
