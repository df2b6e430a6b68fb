"use client";

import { useEffect, useState } from "react";
import { listCompSegments, listTakeFlags, type CompSegment, type TakeFlag } from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";

/** A track's comp segments (ordered, never overlapping), re-read after every change to the song doc. */
export function useCompSegments(trackId: string): CompSegment[] {
  const { connection } = useStudio();
  const doc = connection.songDoc;
  const [segments, setSegments] = useState<CompSegment[]>(() => listCompSegments(doc, trackId));
  useEffect(() => {
    let last = JSON.stringify(listCompSegments(doc, trackId));
    setSegments(JSON.parse(last) as CompSegment[]);
    // Comp segments have no observer of their own; reading them is cheap and only done while the lanes are open.
    const read = () => {
      const next = listCompSegments(doc, trackId);
      const key = JSON.stringify(next);
      if (key === last) return;
      last = key;
      setSegments(next);
    };
    doc.on("afterTransaction", read);
    return () => doc.off("afterTransaction", read);
  }, [doc, trackId]);
  return segments;
}

/** Flagged (starred) takes, from the comments doc. */
export function useTakeFlags(): Map<string, TakeFlag> {
  const { connection } = useStudio();
  const doc = connection.commentsDoc;
  const [flags, setFlags] = useState(() => listTakeFlags(doc));
  useEffect(() => {
    const read = () => setFlags(listTakeFlags(doc));
    read();
    doc.on("afterTransaction", read);
    return () => doc.off("afterTransaction", read);
  }, [doc]);
  return flags;
}
