import type * as Y from "yjs";
import type { TempoMap } from "../timeline/tempo-map";
import { getTake, listAudioClips } from "../takes/operations";
import { endTickAfter } from "./time";

/**
 * How far the timeline's content reaches: zoom to fit and the horizontal scroll range end here (plus a tail). It
 * knew MIDI clips and sections only, so a session of recorded audio fitted to eight bars and could not be scrolled
 * past its 64th bar.
 */
export interface ExtentInput {
  tempo: TempoMap;
  /** Things measured in ticks: MIDI clips, sections, the loop range. */
  spans: Iterable<{ startTick: number; lengthTicks: number }>;
  /** Audio clips: they end where their frames, played from their start at the song's tempo, end on the grid. */
  audio: Iterable<{ startTick: number; lengthFrames: number; sampleRate: number }>;
}

/** The last tick anything in `input` covers (0 when there is nothing). */
export function contentEndTick({ tempo, spans, audio }: ExtentInput): number {
  let end = 0;
  for (const s of spans) end = Math.max(end, s.startTick + s.lengthTicks);
  for (const a of audio) end = Math.max(end, endTickAfter(tempo, a.startTick, a.lengthFrames, a.sampleRate));
  return end;
}

/** The end tick of the song's audio clips (0 without any); a clip whose take is unknown counts as one tick long. */
export function audioContentEndTick(doc: Y.Doc, tempo: TempoMap): number {
  const audio: { startTick: number; lengthFrames: number; sampleRate: number }[] = [];
  const orphans: { startTick: number; lengthTicks: number }[] = [];
  for (const c of listAudioClips(doc)) {
    const take = getTake(doc, c.takeId);
    if (take) audio.push({ startTick: c.startTick, lengthFrames: c.lengthFrames, sampleRate: take.sampleRate });
    else orphans.push({ startTick: c.startTick, lengthTicks: 1 });
  }
  return contentEndTick({ tempo, spans: orphans, audio });
}
