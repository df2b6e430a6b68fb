import type { MidiClip, TempoMap, Track } from "@bandspace/model";
import type { PlacedThread } from "./useComments";

/** "Bar 3.2.1", or "3.1.1 – 5.1.1" for a range. */
export function positionLabel(p: { startTick: number; endTick: number }, tempoMap: TempoMap): string {
  const start = tempoMap.formatPosition(p.startTick);
  return p.endTick > p.startTick ? `${start} – ${tempoMap.formatPosition(p.endTick)}` : `Bar ${start}`;
}

/** What the comment is on: "clip Drums · Beat", "track Bass", "whole song". */
export function targetLabel(
  p: Pick<PlacedThread, "trackId" | "clipId" | "detached">,
  tracks: readonly Track[],
  clips: ReadonlyMap<string, MidiClip>,
): string {
  const track = p.trackId ? tracks.find((t) => t.id === p.trackId) : undefined;
  const clip = p.clipId ? clips.get(p.clipId) : undefined;
  if (clip) return `${track?.name ?? "Track"} · ${clip.name || "Clip"}`;
  if (p.detached) return `${track?.name ? `${track.name} · ` : ""}deleted clip`;
  if (track) return track.name;
  return "Whole song";
}
