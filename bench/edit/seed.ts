/**
 * Seeds bench:edit's session cheaply: one short take per track recorded over the real take protocol (socket.io,
 * so the server stores the audio and its peaks as for a microphone), then `clipsPerTrack` audio clips per track
 * that play that take (clips of one take, as Alt-drag copies make) — 24 takes instead of 1,152, same timeline.
 */
import type * as Y from "yjs";
import { PPQ, addAudioClip, addRecordedTake, addTrack, type Origin } from "@bandspace/model";
import { chunkAudio, connectTakeSocket, generateAudio, newTakeId, request } from "../../tests/helpers/take-client";

const SEED: Origin = { kind: "user", userId: "bench-seed" };
const RATE = 48000;
/** Each take: 4 s = 2 bars at the default 120 BPM; each clip plays 3.5 s of it, so clips sit 2 bars apart with a gap. */
const TAKE_FRAMES = 4 * RATE;
const CLIP_FRAMES = 3.5 * RATE;
const CLIP_SPACING = 2 * 4 * PPQ;

export interface SeededSession {
  trackIds: string[];
  clipIds: string[];
}

async function recordTake(baseUrl: string, sessionId: string, token: string, trackId: string, seed: number) {
  const { socket } = await connectTakeSocket(baseUrl, sessionId, token);
  try {
    const takeId = newTakeId();
    const audio = generateAudio(TAKE_FRAMES, 1, RATE, seed);
    const chunks = chunkAudio(audio, 1, RATE / 4);
    const start = await request(socket, "take:start", {
      takeId,
      trackId,
      sampleRate: RATE,
      channels: 1,
      startTick: 0,
      latencyMs: 0,
      displayName: "Bench",
    });
    if (!start.ok) throw new Error(`take:start refused: ${JSON.stringify(start.error)}`);
    for (const c of chunks) {
      const r = await request(socket, "take:chunk", { takeId, ...c });
      if (!r.ok) throw new Error(`take:chunk refused: ${JSON.stringify(r.error)}`);
    }
    const end = await request(socket, "take:end", { takeId, chunkCount: chunks.length, totalFrames: TAKE_FRAMES });
    if (!end.ok) throw new Error(`take:end refused: ${JSON.stringify(end.error)}`);
    return takeId;
  } finally {
    socket.disconnect();
  }
}

/** `tracks` audio tracks × `clipsPerTrack` clips on `doc` (a replica synced with the server as `token`). */
export async function seedAudioSession(
  doc: Y.Doc,
  opts: { baseUrl: string; sessionId: string; token: string; tracks: number; clipsPerTrack: number },
): Promise<SeededSession> {
  const trackIds: string[] = [];
  for (let t = 0; t < opts.tracks; t++) trackIds.push(addTrack(doc, { kind: "audio", name: `Take ${t + 1}` }, SEED).id);
  const clipIds: string[] = [];
  for (let t = 0; t < opts.tracks; t++) {
    const takeId = await recordTake(opts.baseUrl, opts.sessionId, opts.token, trackIds[t], t + 1);
    // One transaction per track: the whole arrangement in one would be a needlessly large Yjs message.
    doc.transact(() => {
      const { clip } = addRecordedTake(
        doc,
        { takeId, trackId: trackIds[t], startTick: 0, sampleRate: RATE, channels: 1, frames: TAKE_FRAMES },
        SEED,
      );
      clipIds.push(clip.id);
      for (let c = 1; c < opts.clipsPerTrack; c++)
        clipIds.push(addAudioClip(doc, { takeId, startTick: c * CLIP_SPACING, lengthFrames: CLIP_FRAMES }, SEED).id);
    }, SEED);
  }
  return { trackIds, clipIds };
}
