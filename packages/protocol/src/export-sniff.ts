import type { SavedExportFormat } from "./exports";

/** How many leading bytes `sniffExportFormat` wants (fewer are fine for a short file). */
export const SNIFF_BYTES = 64;

const ascii = (b: Uint8Array, at: number, text: string) =>
  b.length >= at + text.length && [...text].every((c, i) => b[at + i] === c.charCodeAt(0));

/**
 * Which audio container the bytes start with, from their magic numbers (never from a name or a claimed type):
 * RIFF…WAVE, fLaC, an ID3v2 tag or an MPEG audio frame sync, OggS with an OpusHead first packet. Null for
 * anything else. An ID3 tag is followed by whatever it precedes; a tag longer than the bytes given is taken as MP3
 * (the only format we write one for).
 */
export function sniffExportFormat(b: Uint8Array): SavedExportFormat | null {
  if (ascii(b, 0, "RIFF") && ascii(b, 8, "WAVE")) return "wav";
  if (ascii(b, 0, "fLaC")) return "flac";
  if (ascii(b, 0, "OggS") && b.length >= 27) {
    // The first page's header is 27 bytes plus one lacing byte per segment; the first packet follows.
    return ascii(b, 27 + b[26], "OpusHead") ? "opus" : null;
  }
  if (ascii(b, 0, "ID3") && b.length >= 10) {
    // Synchsafe size: 4 × 7 bits, excluding the 10-byte header (and a 10-byte footer if flagged).
    const size = ((b[6] & 0x7f) << 21) | ((b[7] & 0x7f) << 14) | ((b[8] & 0x7f) << 7) | (b[9] & 0x7f);
    const after = 10 + size + (b[5] & 0x10 ? 10 : 0);
    if (after + 4 > b.length) return "mp3";
    if (ascii(b, after, "fLaC")) return "flac";
    return isMpegFrameSync(b, after) ? "mp3" : null;
  }
  return isMpegFrameSync(b, 0) ? "mp3" : null;
}

/** An MPEG audio frame header: 11 sync bits, a real version and layer, a bitrate index that is not "bad". */
function isMpegFrameSync(b: Uint8Array, at: number): boolean {
  if (b.length < at + 4) return false;
  if (b[at] !== 0xff || (b[at + 1] & 0xe0) !== 0xe0) return false;
  const version = (b[at + 1] >> 3) & 0b11;
  const layer = (b[at + 1] >> 1) & 0b11;
  const bitrate = b[at + 2] >> 4;
  const rate = (b[at + 2] >> 2) & 0b11;
  return version !== 0b01 && layer !== 0b00 && bitrate !== 0b1111 && rate !== 0b11;
}
