import { describe, expect, it } from "vitest";
import { encodeWav } from "@bandspace/dsp";
import { sniffExportFormat } from "@bandspace/protocol";

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe("sniffExportFormat", () => {
  it("knows a real WAV by RIFF…WAVE", () => {
    const wav = encodeWav({ sampleRate: 48000, channels: 1, format: "pcm16" }, [new Float32Array(10)]);
    expect(sniffExportFormat(wav)).toBe("wav");
    expect(sniffExportFormat(bytes("RIFF", [0, 0, 0, 0], "AVI "))).toBeNull();
  });

  it("knows FLAC by fLaC, also behind an ID3 tag", () => {
    expect(sniffExportFormat(bytes("fLaC", [0, 0, 0, 34]))).toBe("flac");
    expect(sniffExportFormat(bytes("ID3", [4, 0, 0, 0, 0, 0, 2], [0, 0], "fLaC"))).toBe("flac");
  });

  it("knows MP3 by an ID3v2 tag followed by a frame, or a bare MPEG-1 Layer III frame header", () => {
    const frame = [0xff, 0xfb, 0x90, 0x64];
    expect(sniffExportFormat(bytes(frame))).toBe("mp3");
    expect(sniffExportFormat(bytes("ID3", [4, 0, 0, 0, 0, 0, 3], [1, 2, 3], frame))).toBe("mp3");
    expect(sniffExportFormat(bytes("ID3", [4, 0, 0, 0, 0, 0, 3], [1, 2, 3], "junk"))).toBeNull();
    // A tag longer than the bytes at hand: taken as MP3 (the only format we tag with ID3).
    expect(sniffExportFormat(bytes("ID3", [4, 0, 0, 0, 0, 0x7f, 0x7f]))).toBe("mp3");
    // Sync bits with a reserved version, layer, bad bitrate or rate are not a frame.
    expect(sniffExportFormat(bytes([0xff, 0xe9, 0x90, 0x64]))).toBeNull(); // version 01 (reserved)
    expect(sniffExportFormat(bytes([0xff, 0xf9, 0x90, 0x64]))).toBeNull(); // layer 00
    expect(sniffExportFormat(bytes([0xff, 0xfb, 0xf0, 0x64]))).toBeNull(); // bitrate 1111
    expect(sniffExportFormat(bytes([0xff, 0xfb, 0x9c, 0x64]))).toBeNull(); // rate 11
  });

  it("knows Ogg Opus by OggS with an OpusHead first packet, and refuses Ogg Vorbis", () => {
    const page = (packet: string) => bytes("OggS", new Array(22).fill(0), [1], [19], packet);
    expect(sniffExportFormat(page("OpusHead"))).toBe("opus");
    expect(sniffExportFormat(page("\x01vorbis"))).toBeNull();
  });

  it("refuses anything else, including empty and short input", () => {
    expect(sniffExportFormat(new Uint8Array(0))).toBeNull();
    expect(sniffExportFormat(bytes("<html>"))).toBeNull();
    expect(sniffExportFormat(bytes("RIF"))).toBeNull();
  });
});
