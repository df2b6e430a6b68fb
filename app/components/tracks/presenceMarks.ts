import type { PresenceUser } from "../../lib/collab/SessionConnection";
import type { RemoteMark } from "../timeline/ClipLane";

/** The bandmates (not me) who selected each track, for the track headers' outlines. */
export function tracksSelectedByOthers(people: readonly PresenceUser[]): Map<string, PresenceUser[]> {
  const map = new Map<string, PresenceUser[]>();
  for (const p of people) {
    if (p.isLocal || !p.selectedTrackId) continue;
    map.set(p.selectedTrackId, [...(map.get(p.selectedTrackId) ?? []), p]);
  }
  return map;
}

/**
 * Who (not me) has each clip selected — the clip itself, or notes inside it (someone editing the clip). The
 * first person wins when several have the same clip.
 */
export function clipsSelectedByOthers(people: readonly PresenceUser[]): Map<string, RemoteMark> {
  const map = new Map<string, RemoteMark>();
  for (const p of people) {
    if (p.isLocal || !p.selection) continue;
    const s = p.selection;
    const ids = s.kind === "clip" ? s.ids : s.kind === "notes" && s.clipId ? [s.clipId] : [];
    for (const id of ids) if (!map.has(id)) map.set(id, { color: p.color, name: p.name });
  }
  return map;
}
