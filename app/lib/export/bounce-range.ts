/** What a bounce covers: the whole track (its clips, plus release and effect tails) or its selected clips. */
import type * as Y from "yjs";
import { listAudioClips, listClips } from "@bandspace/model";
import { SONG_TAIL_SECONDS, selectionSpan, type ExportRange, type TimelineSelection } from "./range";

export type BounceRangeKind = "track" | "selection";

export function bounceRange(
  doc: Y.Doc,
  trackId: string,
  kind: BounceRangeKind,
  selection: TimelineSelection,
): ExportRange | null {
  const onTrack = [...listClips(doc, trackId).map((c) => c.id), ...listAudioClips(doc, trackId).map((c) => c.id)];
  if (kind === "selection") {
    // Only the selected clips that are on this track.
    const ids = selection?.kind === "clip" ? selection.ids.filter((id) => onTrack.includes(id)) : [];
    const span = selectionSpan(doc, { kind: "clip", ids });
    return span ? { ...span, tailSeconds: 0 } : null;
  }
  const span = selectionSpan(doc, { kind: "clip", ids: onTrack });
  return span ? { ...span, tailSeconds: SONG_TAIL_SECONDS } : null;
}
