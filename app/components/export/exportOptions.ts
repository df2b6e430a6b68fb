/** The choices the Export dialog offers, as data: formats with their labels, rates, targets. */
import { LOUDNESS_TARGETS } from "@bandspace/dsp";
import type { ExportFormat } from "../../lib/export/protocol";

export const FORMAT_CHOICES: { id: string; label: string; format: ExportFormat }[] = [
  { id: "wav24", label: "WAV 24-bit", format: { codec: "wav", depth: "pcm24" } },
  { id: "wav16", label: "WAV 16-bit (dithered)", format: { codec: "wav", depth: "pcm16" } },
  { id: "wav32f", label: "WAV 32-bit float", format: { codec: "wav", depth: "float32" } },
  { id: "flac24", label: "FLAC 24-bit", format: { codec: "flac", depth: 24 } },
  { id: "flac16", label: "FLAC 16-bit (dithered)", format: { codec: "flac", depth: 16 } },
  { id: "mp3-320", label: "MP3 320 kbit/s", format: { codec: "mp3", mode: { kind: "cbr", kbps: 320 } } },
  { id: "mp3-256", label: "MP3 256 kbit/s", format: { codec: "mp3", mode: { kind: "cbr", kbps: 256 } } },
  { id: "mp3-192", label: "MP3 192 kbit/s", format: { codec: "mp3", mode: { kind: "cbr", kbps: 192 } } },
  { id: "mp3-128", label: "MP3 128 kbit/s", format: { codec: "mp3", mode: { kind: "cbr", kbps: 128 } } },
  { id: "opus-192", label: "Opus 192 kbit/s (Ogg, 48 kHz)", format: { codec: "opus", kbps: 192 } },
  { id: "opus-128", label: "Opus 128 kbit/s (Ogg, 48 kHz)", format: { codec: "opus", kbps: 128 } },
  { id: "mp3-vbr", label: "MP3 VBR (V2, ~190 kbit/s)", format: { codec: "mp3", mode: { kind: "vbr", quality: 2 } } },
];

export const RATE_CHOICES = [44100, 48000, 96000] as const;
export type ExportRate = (typeof RATE_CHOICES)[number];

export const TARGET_CHOICES = [
  { id: "none", label: "No target (master gain as set)", lufs: 0, ceilingDbtp: -1 },
  ...LOUDNESS_TARGETS,
];

export const formatDb = (v: number | null, unit: string, digits = 1) =>
  v === null ? "—" : `${v > 0 && unit !== "LUFS" ? "+" : ""}${v.toFixed(digits)} ${unit}`;

export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null) return "estimating time left…";
  if (seconds < 1) return "almost done";
  if (seconds < 60) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s left`;
}
