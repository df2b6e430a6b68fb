"use client";

import { useState, type DragEvent as ReactDragEvent } from "react";
import { snapTicks } from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { isMidiFile, useMidiImport } from "../timeline/useMidiImport";

/**
 * MIDI files dragged over the timeline: a drop line on the bar they would land on, and an import there on
 * drop (a viewer sees "Read-only" and the drop is refused by the import).
 */
export function useMidiDrop(lanesViewportRef: React.RefObject<HTMLDivElement | null>) {
  const { connection, canEditSong } = useStudio();
  const { view } = useArrangementContext();
  const importMidi = useMidiImport();
  const [dropTick, setDropTick] = useState<number | null>(null);

  const dropTickAt = (clientX: number) => {
    const lanes = lanesViewportRef.current;
    const x = clientX - (lanes ? lanes.getBoundingClientRect().left : 0);
    return Math.max(0, snapTicks(view.xToTick(x), "bar", connection.arrangement.get().tempoMap, "floor"));
  };

  const handlers = {
    onDragOver: (e: ReactDragEvent<HTMLDivElement>) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = canEditSong ? "copy" : "none";
      const t = dropTickAt(e.clientX);
      setDropTick((prev) => (prev === t ? prev : t));
    },
    onDragLeave: (e: ReactDragEvent<HTMLDivElement>) => {
      if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropTick(null);
    },
    onDrop: (e: ReactDragEvent<HTMLDivElement>) => {
      if (!e.dataTransfer.types.includes("Files")) return;
      e.preventDefault();
      setDropTick(null);
      const files = [...e.dataTransfer.files];
      const file = files.find(isMidiFile) ?? files[0];
      if (file) void importMidi(file, dropTickAt(e.clientX));
    },
  };
  return { dropTick, handlers };
}
