"use client";

import { useEffect, useState } from "react";
import { listAudioClips, listTakeLanes, observeTakes, type AudioClip, type TakeLane } from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";

export interface TrackAudio {
  clips: AudioClip[];
  lanes: TakeLane[];
}

/** A track's audio clips and take lanes, re-read when takes or audio clips change (never on other edits). */
export function useTrackAudio(trackId: string): TrackAudio {
  const { connection } = useStudio();
  const doc = connection.songDoc;
  const [value, setValue] = useState<TrackAudio>(() => ({
    clips: listAudioClips(doc, trackId),
    lanes: listTakeLanes(doc, trackId),
  }));
  useEffect(() => {
    const read = () => setValue({ clips: listAudioClips(doc, trackId), lanes: listTakeLanes(doc, trackId) });
    read();
    return observeTakes(doc, read);
  }, [doc, trackId]);
  return value;
}
