import type { TempoMap } from "../timeline/tempo-map";

/**
 * Where ticks (the timeline) meet frames (a take's samples). Edits are made at tick positions, and the frames a
 * clip plays follow from the tempo map, rounded to the nearest frame: the audio under an edited edge stays where it
 * was to within half a sample, however often it is trimmed or split.
 */
export function framesBetween(tempo: TempoMap, fromTick: number, toTick: number, sampleRate: number): number {
  return Math.round((tempo.ticksToSeconds(toTick) - tempo.ticksToSeconds(fromTick)) * sampleRate);
}

/** The first whole tick at or after the end of `frames` played from `startTick` (where a clip ends on the grid). */
export function endTickAfter(tempo: TempoMap, startTick: number, frames: number, sampleRate: number): number {
  const end = tempo.secondsToTicks(tempo.ticksToSeconds(startTick) + frames / sampleRate);
  // Tolerate float noise: a clip exactly on a tick boundary must not spill into the next tick.
  return Math.max(startTick + 1, Math.ceil(end - 1e-6));
}

/** Where frame 0 of a clip's take would sit on the timeline, in frames from the song start (alignment of pieces). */
export function takeAnchorFrame(
  tempo: TempoMap,
  clip: { startTick: number; offsetFrames: number },
  sampleRate: number,
): number {
  return Math.round(tempo.ticksToSeconds(clip.startTick) * sampleRate) - clip.offsetFrames;
}

/**
 * The alignment key of a clip as one piece of its take: forwards, where frame 0 of the take would play; reversed,
 * where frame `offset + length` would (one past the window's first played frame going backwards). Pieces a split
 * leaves share it, and a trim at either edge keeps it, so overlapping pieces of one alignment are a merge artefact.
 */
export function pieceAnchorFrame(
  tempo: TempoMap,
  clip: { startTick: number; offsetFrames: number; lengthFrames: number; reversed?: boolean },
  sampleRate: number,
): number {
  const startFrame = Math.round(tempo.ticksToSeconds(clip.startTick) * sampleRate);
  return clip.reversed ? startFrame + clip.offsetFrames + clip.lengthFrames : startFrame - clip.offsetFrames;
}
