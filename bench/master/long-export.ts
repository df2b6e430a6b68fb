/**
 * Part 3 of `npm run bench:master`: does an export's memory depend on the song's length? The same arrangement
 * (same tracks, same notes per minute) at several lengths, each exported in a fresh browser (memory.ts), and the
 * reference: the shortest length rendered by one OfflineAudioContext in one piece.
 */
import type { Page } from "@playwright/test";
import type { BandspaceLab } from "../../app/lab/engine/lab";
import { inFreshBrowser, type MemoryRun } from "./memory";

type Lab = BandspaceLab;
type SongWindow = { bandspaceLab: Lab; benchSong?: ReturnType<Lab["docs"]["arrangementDoc"]> };

/** Builds the song in the page (before memory is sampled): 8 clips per track per 3 minutes, as in part 2. */
function buildSong(tracks: number, seconds: number) {
  return (page: Page) =>
    page.evaluate(
      ([t, s]) => {
        const w = window as unknown as SongWindow;
        const clips = Math.max(t, Math.round((t * 8 * s) / 180));
        w.benchSong = w.bandspaceLab.docs.arrangementDoc({ tracks: t, clips, seconds: s, bpm: 120, seed: 1 });
      },
      [tracks, seconds] as const,
    );
}

export interface LongExport {
  seconds: number;
  wall: number;
  fileMb: number;
}

export function longExport(url: string, tracks: number, seconds: number): Promise<MemoryRun<LongExport>> {
  return inFreshBrowser(url, buildSong(tracks, seconds), (page) =>
    page.evaluate(async (s) => {
      const w = window as unknown as SongWindow;
      const { doc, endTick } = w.benchSong!;
      const t = performance.now();
      const out = await w.bandspaceLab.exports.runExport({
        doc,
        range: { fromTick: 0, toTick: endTick, tailSeconds: 0 },
        sampleRate: 48000,
        format: { codec: "wav", depth: "pcm24" },
        what: "mix",
        master: { gainDb: 0, ceilingDb: -1 },
        tags: { title: "Bench", artist: "Bandspace" },
        fileBase: `bench-long-${s}`,
      });
      return { seconds: out.report.durationSeconds, wall: (performance.now() - t) / 1000, fileMb: out.file.size / 1e6 };
    }, seconds),
  );
}

/** The reference: one OfflineAudioContext renders the whole range (stereo), as exports did before segments. */
export function onePieceRender(url: string, tracks: number, seconds: number): Promise<MemoryRun<LongExport>> {
  return inFreshBrowser(url, buildSong(tracks, seconds), (page) =>
    page.evaluate(async (s) => {
      const w = window as unknown as SongWindow;
      const { doc, endTick } = w.benchSong!;
      const t = performance.now();
      const b = await w.bandspaceLab.renderOffline(doc, { fromTick: 0, toTick: endTick, sampleRate: 48000 });
      return { seconds: b.length / 48000 || s, wall: (performance.now() - t) / 1000, fileMb: 0 };
    }, seconds),
  );
}
