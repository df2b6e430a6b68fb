"use client";

import { useEffect, useState } from "react";
import {
  getAudioClip,
  listAudioClips,
  listTakeLanes,
  observeTakes,
  type AudioClip,
  type TakeLane,
  type TakesChange,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";

export interface TrackAudio {
  clips: AudioClip[];
  lanes: TakeLane[];
}

const sameClip = (a: AudioClip, b: AudioClip) => (Object.keys(a) as (keyof AudioClip)[]).every((k) => a[k] === b[k]);

/**
 * A fresh read that keeps the previous objects where nothing changed, so memoised clip blocks skip re-rendering:
 * a bandmate moving one clip re-renders that clip, not its 47 neighbours.
 */
function reuse(prev: TrackAudio, next: TrackAudio): TrackAudio {
  const byId = new Map(prev.clips.map((c) => [c.id, c]));
  const clips = next.clips.map((c) => {
    const old = byId.get(c.id);
    return old && sameClip(old, c) ? old : c;
  });
  const laneKey = (l: TakeLane) => JSON.stringify(l);
  const oldLanes = new Map(prev.lanes.map((l) => [laneKey(l), l]));
  const lanes = next.lanes.map((l) => oldLanes.get(laneKey(l)) ?? l);
  const unchanged =
    clips.length === prev.clips.length &&
    clips.every((c, i) => c === prev.clips[i]) &&
    lanes.length === prev.lanes.length &&
    lanes.every((l, i) => l === prev.lanes[i]);
  return unchanged ? prev : { clips, lanes };
}

/**
 * A track's audio clips and take lanes, re-read when takes or this track's audio clips change (never on other
 * edits, nor on other tracks' clips: with 24 tracks × 48 clips every track re-reading on every clip edit was most
 * of a remote edit's time to reach the screen).
 */
export function useTrackAudio(trackId: string): TrackAudio {
  const { connection } = useStudio();
  const doc = connection.songDoc;
  const [value, setValue] = useState<TrackAudio>(() => ({
    clips: listAudioClips(doc, trackId),
    lanes: listTakeLanes(doc, trackId),
  }));
  useEffect(() => {
    let mine = new Set<string>();
    const read = () => {
      const fresh = { clips: listAudioClips(doc, trackId), lanes: listTakeLanes(doc, trackId) };
      mine = new Set(fresh.clips.map((c) => c.id));
      setValue((prev) => reuse(prev, fresh));
    };
    const onChange = (change: TakesChange) => {
      // A clip of this track changed, left it or joined it; takes (lanes) are few and change rarely: re-read.
      if (
        change.takes.length > 0 ||
        change.audioClips.some((id) => mine.has(id) || getAudioClip(doc, id)?.trackId === trackId)
      )
        read();
    };
    read();
    return observeTakes(doc, onChange);
  }, [doc, trackId]);
  return value;
}
