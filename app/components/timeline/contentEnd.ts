import { audioContentEndTick } from "@bandspace/model";
import type { SessionConnection } from "../../lib/collab/SessionConnection";

/**
 * Where the timeline's content ends (ticks): MIDI clips and sections (the arrangement view), the loop range, and
 * audio clips (read from the song doc: the arrangement view holds no audio). Zoom to fit and the scroll range use it.
 */
export function timelineEndTick(connection: SessionConnection): number {
  const a = connection.arrangement.get();
  return Math.max(a.contentEndTick, a.loop.endTick, audioContentEndTick(connection.songDoc, a.tempoMap));
}

/** The span zoom to fit shows: from the song start to the content's end (at least eight bars). */
export function fitEndTick(connection: SessionConnection): number {
  return Math.max(timelineEndTick(connection), connection.arrangement.get().tempoMap.ticksPerBar * 8);
}
