"use client";

import { useMemo } from "react";
import {
  SECTION_PRESETS,
  addSection,
  deleteSection,
  duplicateSection,
  setLoopRange,
  snapTicks,
  updateSection,
  type Section,
} from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { useEditActions } from "./useEditActions";

const DEFAULT_SECTION_BARS = 8;

export interface TimelineActions {
  /** Adds a section called `name` at the playhead (snapped to its bar), up to 8 bars or the next section. */
  addSectionAtPlayhead: (name: string) => Section | undefined;
  /** The preset a new section gets when drawn on the marker lane: the first preset not used yet. */
  nextSectionName: () => string;
  renameSection: (id: string, name: string) => void;
  recolorSection: (id: string, color: string) => void;
  loopSection: (id: string) => void;
  seekToSection: (id: string) => void;
  /** `[` / `]`: the playhead to the previous / next section start. */
  jumpSection: (dir: -1 | 1) => void;
  deleteSelection: () => void;
  duplicateSelection: () => void;
  openClip: (id: string) => void;
}

/** Arrangement operations shared by menus, buttons and keyboard shortcuts. */
export function useTimelineActions(): TimelineActions {
  const { connection, edit, canEditSong } = useStudio();
  const { transport, ui, view } = useArrangementContext();
  // Clips of both kinds (MIDI and audio) are edited in one place.
  const clipEdits = useEditActions();

  return useMemo<TimelineActions>(() => {
    const arr = () => connection.arrangement.get();
    const actions: TimelineActions = {
      nextSectionName() {
        const used = new Set(arr().sections.map((s) => s.name));
        return SECTION_PRESETS.find((p) => !used.has(p)) ?? "Verse";
      },
      addSectionAtPlayhead(name) {
        const { tempoMap, sections } = arr();
        const start = snapTicks(transport.positionTick(), "bar", tempoMap, "floor");
        const next = sections.find((s) => s.startTick > start);
        const maxLen = DEFAULT_SECTION_BARS * tempoMap.ticksPerBar;
        const lengthTicks = next ? Math.max(tempoMap.ticksPerBar, Math.min(maxLen, next.startTick - start)) : maxLen;
        const section = edit((doc, origin) => addSection(doc, { name, startTick: start, lengthTicks }, origin));
        if (section) {
          ui.select({ kind: "section", ids: [section.id] });
          view.reveal(section.startTick);
        }
        return section;
      },
      renameSection(id, name) {
        const trimmed = name.trim();
        const current = arr().sections.find((s) => s.id === id);
        if (!trimmed || !current || current.name === trimmed) return;
        edit((doc, origin) => updateSection(doc, id, { name: trimmed }, origin));
      },
      recolorSection(id, color) {
        edit((doc, origin) => updateSection(doc, id, { color }, origin));
      },
      loopSection(id) {
        const s = arr().sections.find((x) => x.id === id);
        if (!s) return;
        if (canEditSong)
          edit((doc, origin) =>
            setLoopRange(doc, { startTick: s.startTick, endTick: s.startTick + s.lengthTicks }, origin),
          );
        transport.setLoop(true);
        transport.seek(s.startTick);
      },
      seekToSection(id) {
        const s = arr().sections.find((x) => x.id === id);
        if (!s) return;
        transport.seek(s.startTick);
        view.reveal(s.startTick);
      },
      jumpSection(dir) {
        const { sections, tempoMap } = arr();
        if (sections.length === 0) return;
        const pos = transport.positionTick();
        // While playing, "previous" skips the section we just entered if we're barely into it.
        const slack = transport.playing ? tempoMap.ticksPerBeat : 1;
        const starts = [...new Set(sections.map((s) => s.startTick))].sort((a, b) => a - b);
        const target =
          dir > 0 ? starts.find((t) => t > pos + 1) : [...starts].reverse().find((t) => t < pos - slack + 1);
        const tick = target ?? (dir < 0 ? 0 : null);
        if (tick === null || tick === undefined) return;
        transport.seek(tick);
        view.reveal(tick);
      },
      deleteSelection() {
        const sel = ui.get().selection;
        if (!sel) return;
        if (sel.kind === "clip") return clipEdits.deleteSelection();
        const ids = sel.ids.filter((id) => arr().sections.some((s) => s.id === id));
        edit((doc, origin) => ids.forEach((id) => deleteSection(doc, id, origin)));
        ui.select(null);
      },
      duplicateSelection() {
        const sel = ui.get().selection;
        if (!sel) return;
        if (sel.kind === "clip") clipEdits.duplicateSelection();
        else {
          // Last first, so each copy's shift doesn't move sections still to be copied.
          const ids = arr()
            .sections.filter((s) => sel.ids.includes(s.id))
            .sort((a, b) => b.startTick - a.startTick)
            .map((s) => s.id);
          const created = edit((doc, origin) => ids.map((id) => duplicateSection(doc, id, origin).id));
          if (created && created.length > 0) ui.select({ kind: "section", ids: created });
        }
      },
      openClip(id) {
        ui.set({ openClipId: id });
        // Opening the editor is a gesture: start audio now so clicking notes sounds at once.
        void transport.ensureEngine();
      },
    };
    return actions;
  }, [connection, edit, canEditSong, transport, ui, view, clipEdits]);
}
