/**
 * Messages between the page (ExportController) and the export worker. Same origin, same bundle: typed, not
 * schema-checked (nothing crosses a trust boundary here; the server checks what is uploaded).
 */
import type { LoudnessReport } from "@bandspace/dsp";

export type WavDepth = "pcm16" | "pcm24" | "float32";
export type Mp3Mode = { kind: "cbr"; kbps: 128 | 192 | 256 | 320 } | { kind: "vbr"; quality: number };

export type ExportFormat =
  | { codec: "wav"; depth: WavDepth }
  | { codec: "flac"; depth: 16 | 24 }
  | { codec: "mp3"; mode: Mp3Mode }
  | { codec: "opus"; kbps: number };

/** File extension of a format. */
export const extensionOf = (f: ExportFormat): string => f.codec;

/** Rates a format can be exported at (Opus decodes at 48 kHz; MP3 stops at 48 kHz). */
export function ratesFor(f: ExportFormat): readonly number[] {
  return f.codec === "opus" ? [48000] : f.codec === "mp3" ? [44100, 48000] : [44100, 48000, 96000];
}

/**
 * Lossy encoders add peak overshoot on decoding (MP3: measured +0.9 dB on a limited drum mix at 320 kbit/s): the
 * limiter aims this much under the ceiling so the decoded file stays under it.
 */
export function codecPeakMarginDb(f: ExportFormat): number {
  if (f.codec === "opus") return 1.5;
  if (f.codec !== "mp3") return 0;
  return f.mode.kind === "cbr" && f.mode.kbps >= 256 ? 1.5 : 2;
}

export interface Tags {
  title: string;
  artist: string;
}

/** One stream of rendered audio through the worker. */
export type EntryJob =
  /** Measure the raw mix (Match target, pass 1). */
  | { mode: "measure"; sampleRate: number; channels: number; totalFrames: number }
  /** Try gains side by side (Match target, pass 2). */
  | {
      mode: "match";
      sampleRate: number;
      channels: number;
      totalFrames: number;
      rawIntegrated: number;
      targetLufs: number;
      ceilingDb: number;
      /** Gains to try (default: the coarse grid). */
      gainsDb?: number[];
    }
  /** Master chain → encoder → the output file (or a zip entry named `name`). */
  | {
      mode: "encode";
      sampleRate: number;
      channels: number;
      totalFrames: number;
      format: ExportFormat;
      gainDb: number;
      ceilingDb: number | null;
      tags: Tags;
      name: string;
    };

export type ToWorker =
  | { kind: "open"; fileName: string; zip: boolean }
  | { kind: "entry"; job: EntryJob; port: MessagePort }
  | { kind: "text"; name: string; text: string }
  | { kind: "close" }
  | { kind: "cancel" };

export interface EntryResult {
  report: LoudnessReport;
  /** Frames rendered and encoded. */
  frames: number;
  /** For "match": the gain to export with. */
  gainDb?: number;
  limiterReductionDb?: number;
}

export type FromWorker =
  | { kind: "opened" }
  | { kind: "progress"; frames: number }
  | { kind: "entry-done"; result: EntryResult }
  | { kind: "closed"; fileName: string; bytes: number }
  | { kind: "cancelled" }
  | { kind: "error"; message: string };

export const EXPORT_DIR = "bandspace-exports";
