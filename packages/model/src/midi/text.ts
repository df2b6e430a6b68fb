/**
 * Text in MIDI meta events (track names). The model has neither DOM nor Node types, so no TextEncoder: a small
 * UTF-8 codec of its own. Files from older tools often hold Latin-1: bytes that are not valid UTF-8 are read
 * as Latin-1 instead.
 */

export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

function latin1(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i++) out += String.fromCharCode(data[i]);
  return out;
}

/** UTF-8 if the bytes are valid UTF-8, else Latin-1. */
export function decodeText(data: Uint8Array): string {
  const points: number[] = [];
  for (let i = 0; i < data.length;) {
    const b = data[i];
    const need = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= data.length) return latin1(data);
    let c = need === 0 ? b : b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const next = data[i + k];
      if (next === undefined || (next & 0xc0) !== 0x80) return latin1(data);
      c = (c << 6) | (next & 0x3f);
    }
    points.push(c);
    i += need + 1;
  }
  return String.fromCodePoint(...points);
}
