/**
 * Exports on today's engine graph: each pass renders the range in segments (renderSegmented: short offline
 * contexts with a pre-roll, equal to the one-piece render) and streams each segment's blocks to the export worker,
 * which runs the master chain (its limiter and meter carry their state across segments: they see one continuous
 * stream) and the encoder; the render waits until the worker has caught up (bounded memory), reports progress
 * with a time-left estimate, and stops when cancelled. Audio clips read only the take frames a segment plays.
 *
 * - Match target: pass 1 measures the raw mix, pass 2 tries gains through the limiter; the result is a master
 *   gain and ceiling for the export.
 * - Mix: one pass through the master chain (gain → true-peak limiter → meter) into the encoder.
 * - Stems: one pass per track (master chain bypassed, so the stems sum to the unmastered mix), each a zip entry,
 *   plus a text file listing stems, tempo and key.
 */
import type * as Y from "yjs";
import { renderSegmented, type ReadTakeFrames } from "@bandspace/audio-engine";
import { listTracks, readSong } from "@bandspace/model";
import { FINE_OFFSETS_DB, type LoudnessReport } from "@bandspace/dsp";
import { ExportWorker } from "./ExportWorker";
import { exportDirectory } from "./output-file";
import { extensionOf, type EntryJob, type ExportFormat, type Tags } from "./protocol";
import { rangeSeconds, type ExportRange } from "./range";

const BLOCK_FRAMES = 16384;
/** Seconds of audio per render segment (plus its pre-roll). */
const SEGMENT_SECONDS = 20;
/** How far the render may run ahead of the worker before it waits. */
const MAX_AHEAD_SECONDS = 8;

interface PassOptions {
  signal?: AbortSignal;
  /** Ranged reads of take audio (audio clips); without it audio clips are silent. */
  readTake?: ReadTakeFrames;
}

export interface ExportProgress {
  label: string;
  /** 0..1 over all passes. */
  fraction: number;
  secondsLeft: number | null;
}

interface RunOptions {
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
  /** Ranged reads of take audio (httpTakeReader), so audio clips are exported. */
  readTake?: ReadTakeFrames;
}

export class ExportCancelled extends Error {
  constructor() {
    super("Export cancelled");
  }
}

/** Tracks progress across passes and estimates the time left from the rate so far. */
class ProgressClock {
  private readonly started = performance.now();
  private doneSeconds = 0;
  constructor(
    private readonly totalSeconds: number,
    private readonly report?: (p: ExportProgress) => void,
  ) {}
  update(label: string, passSeconds: number): void {
    const done = this.doneSeconds + passSeconds;
    const fraction = this.totalSeconds > 0 ? Math.min(1, done / this.totalSeconds) : 0;
    const elapsed = (performance.now() - this.started) / 1000;
    const secondsLeft = fraction > 0.02 ? (elapsed / fraction) * (1 - fraction) : null;
    this.report?.({ label, fraction, secondsLeft });
  }
  passDone(seconds: number): void {
    this.doneSeconds += seconds;
  }
}

/** One segmented offline render of `range` streamed through the worker as `job`. */
async function renderPass(
  worker: ExportWorker,
  doc: Y.Doc,
  range: ExportRange,
  sampleRate: number,
  job: (totalFrames: number) => EntryJob,
  trackIds: readonly string[] | undefined,
  clock: ProgressClock,
  label: string,
  opts: PassOptions,
) {
  const { signal } = opts;
  const done = worker.waitFor("entry-done");
  // Rejections from the worker surface through `done` (awaited below), not as unhandled ones.
  done.catch(() => {});
  let port: MessagePort | null = null;
  // Segments (pre-roll + SEGMENT_SECONDS of audio each) rather than one context for the whole range: memory holds
  // one segment and the blocks the worker has not consumed yet, whatever the song's length (segmented.ts).
  await renderSegmented(doc, {
    fromTick: range.fromTick,
    toTick: range.toTick,
    tailSeconds: range.tailSeconds,
    sampleRate,
    channels: 2,
    trackIds,
    segmentSeconds: SEGMENT_SECONDS,
    readTake: opts.readTake,
    onSegment: async (channels, startFrame, totalFrames) => {
      if (signal?.aborted) throw new ExportCancelled();
      if (!port) {
        const { port1, port2 } = new MessageChannel();
        port = port1;
        worker.send({ kind: "entry", job: job(totalFrames), port: port2 }, [port2]);
      }
      for (let at = 0; at < channels[0].length; at += BLOCK_FRAMES) {
        const block = channels.map((ch) => ch.slice(at, at + BLOCK_FRAMES));
        port.postMessage(
          { frame: startFrame + at, channels: block },
          block.map((b) => b.buffer),
        );
      }
      clock.update(label, startFrame / sampleRate);
      // Back-pressure: render the next segment once the worker has caught up to within MAX_AHEAD_SECONDS.
      await worker.whenConsumed(startFrame + channels[0].length - Math.floor(MAX_AHEAD_SECONDS * sampleRate));
      if (signal?.aborted) throw new ExportCancelled();
    },
  });
  const result = (await done).result;
  clock.passDone(rangeSeconds(doc, range));
  clock.update(label, 0);
  return result;
}

async function withWorker<T>(signal: AbortSignal | undefined, body: (w: ExportWorker) => Promise<T>): Promise<T> {
  const worker = new ExportWorker();
  try {
    return await body(worker);
  } catch (err) {
    if (signal?.aborted || err instanceof ExportCancelled) {
      // The worker deletes its partial file; on a busy machine it may not answer in time, so once it is gone
      // (which releases its file handle) the folder is cleared from here too: a cancel leaves nothing behind.
      worker.send({ kind: "cancel" });
      await Promise.race([worker.waitFor("cancelled").catch(() => null), new Promise((r) => setTimeout(r, 5000))]);
      worker.terminate();
      await clearExportFolder();
      throw new ExportCancelled();
    }
    throw err;
  } finally {
    worker.terminate();
  }
}

export interface MatchResult {
  gainDb: number;
  rawIntegrated: number;
}

/**
 * Match target: three analysis passes (raw loudness; a coarse grid of gains through the limiter; a fine grid
 * around its answer) that set the master gain for a target loudness and ceiling.
 */
export async function matchTarget(
  doc: Y.Doc,
  range: ExportRange,
  sampleRate: number,
  target: { lufs: number; ceilingDb: number },
  opts: RunOptions = {},
): Promise<MatchResult | null> {
  const seconds = rangeSeconds(doc, range);
  const clock = new ProgressClock(3 * seconds, opts.onProgress);
  return withWorker(opts.signal, async (worker) => {
    const raw = await renderPass(
      worker,
      doc,
      range,
      sampleRate,
      (totalFrames) => ({ mode: "measure", sampleRate, channels: 2, totalFrames }),
      undefined,
      clock,
      "Measuring the mix",
      opts,
    );
    const rawIntegrated = raw.report.integrated;
    if (rawIntegrated === null) return null; // silence: nothing to match
    const pass = (gainsDb: number[] | undefined, label: string) =>
      renderPass(
        worker,
        doc,
        range,
        sampleRate,
        (totalFrames) => ({
          mode: "match",
          sampleRate,
          channels: 2,
          totalFrames,
          rawIntegrated,
          targetLufs: target.lufs,
          ceilingDb: target.ceilingDb,
          ...(gainsDb ? { gainsDb } : {}),
        }),
        undefined,
        clock,
        label,
        opts,
      );
    const coarse = (await pass(undefined, "Finding the master gain")).gainDb ?? 0;
    const fine = await pass(
      FINE_OFFSETS_DB.map((d) => coarse + d),
      "Refining the master gain",
    );
    const match = fine;
    return { gainDb: match.gainDb ?? 0, rawIntegrated };
  });
}

export interface ExportRequest {
  doc: Y.Doc;
  range: ExportRange;
  sampleRate: 44100 | 48000 | 96000;
  format: ExportFormat;
  what: "mix" | "stems";
  master: { gainDb: number; ceilingDb: number | null };
  tags: Tags;
  fileBase: string;
}

export interface ExportOutcome {
  file: File;
  /** Frames in the file (per channel; the mix's or each stem's). */
  frames: number;
  report: LoudnessReport;
  limiterReductionDb: number;
  stems: { name: string; report: LoudnessReport }[];
}

const safeName = (s: string) => s.replace(/[^\p{L}\p{N} ._-]+/gu, "_").trim() || "Untitled";

/** Clears files of earlier exports (the origin-private folder only ever holds the export under way). */
/**
 * Empties the export folder. A terminated worker releases its file's access handle some time later, and until then
 * the file cannot be removed: try again until the folder is empty (or give up after a few seconds, quietly — the next
 * export clears it first).
 */
async function clearExportFolder(): Promise<void> {
  const dir = await exportDirectory();
  const deadline = Date.now() + 5000;
  for (;;) {
    const names: string[] = [];
    for await (const name of (dir as unknown as { keys: () => AsyncIterable<string> }).keys()) names.push(name);
    const failed = await Promise.all(
      names.map((n) =>
        dir.removeEntry(n).then(
          () => false,
          () => true,
        ),
      ),
    );
    if (!failed.includes(true) || Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runExport(req: ExportRequest, opts: RunOptions = {}): Promise<ExportOutcome> {
  await clearExportFolder();
  const tracks = listTracks(req.doc);
  const passes = req.what === "mix" ? 1 : tracks.length;
  const seconds = rangeSeconds(req.doc, req.range);
  const clock = new ProgressClock(passes * seconds, opts.onProgress);
  const ext = extensionOf(req.format);
  const fileName = `${safeName(req.fileBase)}${req.what === "stems" ? " stems.zip" : `.${ext}`}`;
  return withWorker(opts.signal, async (worker) => {
    worker.send({ kind: "open", fileName, zip: req.what === "stems" });
    await worker.waitFor("opened");
    const encodeJob =
      (name: string, master: ExportRequest["master"]) =>
      (totalFrames: number): EntryJob => ({
        mode: "encode",
        sampleRate: req.sampleRate,
        channels: 2,
        totalFrames,
        format: req.format,
        gainDb: master.gainDb,
        ceilingDb: master.ceilingDb,
        tags: req.tags,
        name,
      });
    let report: LoudnessReport;
    let limiterReductionDb = 0;
    let frames = 0;
    const stems: ExportOutcome["stems"] = [];
    if (req.what === "mix") {
      const r = await renderPass(
        worker,
        req.doc,
        req.range,
        req.sampleRate,
        encodeJob(fileName, req.master),
        undefined,
        clock,
        "Rendering the mix",
        opts,
      );
      report = r.report;
      frames = r.frames;
      limiterReductionDb = r.limiterReductionDb ?? 0;
    } else {
      for (const [i, t] of tracks.entries()) {
        const name = `${String(i + 1).padStart(2, "0")} ${safeName(t.name)}.${ext}`;
        const r = await renderPass(
          worker,
          req.doc,
          req.range,
          req.sampleRate,
          encodeJob(name, { gainDb: 0, ceilingDb: null }),
          [t.id],
          clock,
          `Rendering stem ${i + 1} of ${tracks.length}: ${t.name}`,
          opts,
        );
        stems.push({ name, report: r.report });
        frames = r.frames;
      }
      report = stems[0]?.report ?? (await Promise.reject(new Error("The song has no tracks to export as stems.")));
      const song = readSong(req.doc);
      const text = [
        `${req.tags.title} — stems`,
        `Tempo: ${song.tempoBpm} BPM`,
        `Time signature: ${song.timeSignature.numerator}/${song.timeSignature.denominator}`,
        `Key: ${song.key.tonic} ${song.key.mode}`,
        `Sample rate: ${req.sampleRate} Hz; every stem starts at the range start (sample-aligned).`,
        "",
        ...stems.map((s) => `${s.name}\t${s.report.integrated === null ? "silent" : `${s.report.integrated} LUFS`}`),
        "",
      ].join("\n");
      worker.send({ kind: "text", name: "stems.txt", text });
    }
    worker.send({ kind: "close" });
    await worker.waitFor("closed");
    const file = await (await (await exportDirectory()).getFileHandle(fileName)).getFile();
    return { file, frames, report, limiterReductionDb, stems };
  });
}
