/**
 * Bounce in place: a track (or a stretch of it) rendered through its strip — trim, phase and, by choice, its
 * inserts; not its fader, pan or sends, which the new track takes over — to a new audio track that bandmates
 * receive like a recorded take: the render streams segment by segment into the take uploader (the same
 * socket.io take path, outbox and server role check as recording), and once the server has the whole take it is
 * placed as a clip on the new track. Memory holds one render segment and the chunks not yet acknowledged.
 */
import * as Y from "yjs";
import {
  addTrack,
  deleteTrack,
  getTake,
  getTrack,
  listAudioClips,
  randomId,
  readStripInserts,
  readStripLevels,
  setInsertBypass,
  setTrackInputChannels,
  setTrackPan,
  setTrackVolume,
  type Origin,
} from "@bandspace/model";
import { renderSegmented, type ReadTakeFrames } from "@bandspace/audio-engine";
import { interleave } from "@bandspace/dsp";
import type { TakeStartRequest } from "@bandspace/protocol";
import type { TakeUploadState } from "../takes/TakeUploader";
import type { ExportRange } from "./range";

/** What a bounce needs of the take uploader (TakeUploader). */
export interface BounceUploader {
  begin: (start: TakeStartRequest, groupId: string) => Promise<void>;
  chunk: (takeId: string, seq: number, frames: number, pcm: Float32Array) => Promise<void>;
  end: (takeId: string, chunkCount: number, totalFrames: number) => Promise<void>;
  abort: (takeId: string) => Promise<void>;
  status: { get: () => { takes: TakeUploadState[] }; subscribe: (listener: () => void) => () => void };
}

export interface BounceRequest {
  doc: Y.Doc;
  trackId: string;
  range: ExportRange;
  /** Render through the track's insert effects (else they are left out). */
  withInserts: boolean;
  sampleRate: number;
  uploader: BounceUploader;
  origin: Origin;
  displayName: string;
  readTake?: ReadTakeFrames;
}

export interface BounceProgress {
  label: string;
  /** 0..1: rendering and sending together. */
  fraction: number;
}

export class BounceCancelled extends Error {
  constructor() {
    super("Bounce cancelled");
  }
}

/** Half a second per chunk (the server accepts at most a second). */
const CHUNK_SECONDS = 0.5;
/** Chunks sent but not yet acknowledged before the render waits (bounded memory on a slow link). */
const MAX_PENDING_CHUNKS = 40;

/**
 * The document the bounce renders: the session's, or (without inserts) a private copy with the track's inserts
 * bypassed — the session's own mix is never touched.
 */
function renderDoc(req: BounceRequest): Y.Doc {
  if (!req.withInserts) {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(req.doc));
    const local: Origin = { kind: "repair" };
    for (const insert of readStripInserts(copy, req.trackId))
      if (!insert.bypass) setInsertBypass(copy, insert.id, true, local);
    return copy;
  }
  return req.doc;
}

/**
 * The channels a bounce of the track keeps: 2 when one of its clips plays a stereo take (its strip then carries
 * stereo, StripNode.carryStereo), else 1 — a mono track's strip folds its input to one channel before the pan.
 */
export function bounceChannels(doc: Y.Doc, trackId: string): 1 | 2 {
  return listAudioClips(doc, trackId).some((c) => getTake(doc, c.takeId)?.channels === 2) ? 2 : 1;
}

/** Waits until the uploader's state for `takeId` passes `ok` (or fails with its error). */
function waitForUpload(
  uploader: BounceUploader,
  takeId: string,
  ok: (t: TakeUploadState) => boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const t = uploader.status.get().takes.find((x) => x.takeId === takeId);
      if (signal?.aborted) return done(new BounceCancelled());
      if (t?.phase === "error") return done(new Error(t.error ?? "The server refused the bounced take."));
      if (t && ok(t)) return done(null);
    };
    const off = uploader.status.subscribe(check);
    const onAbort = () => check();
    signal?.addEventListener("abort", onAbort);
    const done = (err: Error | null) => {
      off();
      signal?.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve();
    };
    check();
  });
}

/** Renders and sends the bounce; resolves with the new track's id once the take is placed on it. */
export async function bounceInPlace(
  req: BounceRequest,
  opts: { onProgress?: (p: BounceProgress) => void; signal?: AbortSignal } = {},
): Promise<{ trackId: string; takeId: string; frames: number }> {
  const { doc, uploader, origin } = req;
  const signal = opts.signal;
  const source = getTrack(doc, req.trackId);
  if (!source) throw new Error("The track to bounce is gone.");
  const levels = readStripLevels(doc, req.trackId);
  const rendered = renderDoc(req);
  // The new track plays the bounce at the source's fader and pan (the bounce is taken before them).
  const newTrack = addTrack(doc, { kind: "audio", name: `${source.name} (bounce)`.slice(0, 60) }, origin);
  const channels = bounceChannels(doc, req.trackId);
  if (channels === 2) setTrackInputChannels(doc, newTrack.id, 2, origin);
  if (levels) {
    setTrackVolume(doc, newTrack.id, levels.volumeDb, origin);
    setTrackPan(doc, newTrack.id, levels.pan, origin);
  }
  const takeId = randomId();
  const groupId = randomId();
  const sampleRate = req.sampleRate;
  const chunkFrames = Math.round(CHUNK_SECONDS * sampleRate);
  let seq = 0;
  let sent = 0;
  let begun = false;
  let latency = 0;
  let skip = 0;
  let totalFrames = 0;
  /** Rendered frames not yet sent, channel-interleaved. */
  const pending: Float32Array[] = [];
  let pendingFrames = 0;
  const report = (label: string, fraction: number) => opts.onProgress?.({ label, fraction: Math.min(1, fraction) });
  const flush = async (all: boolean) => {
    while (pendingFrames >= chunkFrames || (all && pendingFrames > 0)) {
      const n = Math.min(chunkFrames, pendingFrames);
      const pcm = new Float32Array(n * channels);
      let at = 0;
      while (at < n) {
        const head = pending[0];
        const headFrames = head.length / channels;
        const take = Math.min(headFrames, n - at);
        pcm.set(head.subarray(0, take * channels), at * channels);
        at += take;
        if (take === headFrames) pending.shift();
        else pending[0] = head.subarray(take * channels);
      }
      pendingFrames -= n;
      await uploader.chunk(takeId, seq++, n, pcm);
      sent += n;
    }
  };
  try {
    await renderSegmented(rendered, {
      fromTick: req.range.fromTick,
      toTick: req.range.toTick,
      tailSeconds: req.range.tailSeconds,
      sampleRate,
      // Mono, as a mono track strip's panner hears it (it folds its input to one channel before panning); stereo
      // when the track plays a stereo take.
      channels,
      trackIds: [req.trackId],
      readTake: req.readTake,
      output: (_context, core) => {
        const strip = core.graph.channelFor(req.trackId);
        if (!strip) throw new Error("The track to bounce has no strip.");
        latency = strip.latencySamples;
        return strip.preTap;
      },
      onSegment: async (block, startFrame, total) => {
        const frames = block[0].length;
        const pcmBlock = channels === 2 ? interleave([block[0], block[1] ?? block[0]]) : block[0];
        if (signal?.aborted) throw new BounceCancelled();
        if (!begun) {
          begun = true;
          skip = latency; // the strip's insert latency: the new track has none, so its audio starts on time
          totalFrames = total;
          await uploader.begin(
            {
              takeId,
              trackId: newTrack.id,
              sampleRate,
              channels,
              startTick: req.range.fromTick,
              latencyMs: 0,
              displayName: req.displayName.slice(0, 60),
            },
            groupId,
          );
        }
        const drop = Math.min(skip, frames);
        skip -= drop;
        if (drop < frames) {
          pending.push(pcmBlock.subarray(drop * channels));
          pendingFrames += frames - drop;
        }
        await flush(false);
        report("Rendering the bounce", (0.8 * (startFrame + frames)) / total);
        // Back-pressure: let the acknowledgements catch up before rendering more.
        await waitForUpload(uploader, takeId, (t) => t.pending <= MAX_PENDING_CHUNKS, signal);
      },
    });
    // The frames the latency skipped at the start are made up with silence at the end (same length as the range).
    const missing = totalFrames - (sent + pendingFrames);
    if (missing > 0) {
      pending.push(new Float32Array(missing * channels));
      pendingFrames += missing;
    }
    await flush(true);
    await uploader.end(takeId, seq, sent);
    report("Sending the bounce", 0.8);
    await waitForUpload(
      uploader,
      takeId,
      (t) => {
        report("Sending the bounce", 0.8 + (0.2 * t.acked) / Math.max(1, seq));
        return t.phase === "done";
      },
      signal,
    );
    report("Done", 1);
    return { trackId: newTrack.id, takeId, frames: sent };
  } catch (err) {
    if (begun) await uploader.abort(takeId);
    if (getTrack(doc, newTrack.id)) deleteTrack(doc, newTrack.id, origin);
    throw signal?.aborted ? new BounceCancelled() : err;
  } finally {
    if (rendered !== doc) rendered.destroy();
  }
}
