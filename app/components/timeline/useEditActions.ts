"use client";

import { useMemo } from "react";
import {
  audioClipEndTick,
  copyAudioClips,
  copyMidiClips,
  deleteAudioClips,
  deleteClip,
  duplicateAudioClips,
  duplicateClip,
  getAudioClip,
  getTake,
  getTrack,
  glueAudioClips,
  glueMidiClips,
  gridTicks,
  moveAudioClipTo,
  moveClip,
  pasteAudioClips,
  pasteMidiClips,
  quantizeAudioClipStarts,
  splitAudioClip,
  splitMidiClip,
  toggleAudioClipsReversed,
} from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { nudgeTicks } from "./editGestures";
import { useEditStep } from "./useEditStep";

export interface EditActions {
  /** Selected clip ids split by kind (ids no longer in the doc are dropped). */
  selected: () => { midi: string[]; audio: string[] };
  deleteSelection: () => void;
  duplicateSelection: () => void;
  /** S: every selected clip that spans the playhead is cut there. Returns false when none does. */
  splitSelectionAtPlayhead: () => boolean;
  /** The split tool: cuts one clip at a tick. */
  splitAt: (clipId: string, tick: number) => void;
  glueSelection: () => void;
  copySelection: () => void;
  /** Ctrl/⌘+V: at the playhead, on `trackId` when it is of the copied kind, else on the tracks copied from. */
  pasteAtPlayhead: (trackId: string | null) => void;
  /** Arrow keys: the selection by one grid step. */
  nudgeSelection: (dir: -1 | 1) => void;
  /** Shift+R: reverses the selected audio clips (reversed ones play forwards again). False when none is selected. */
  reverseSelection: () => boolean;
  /** Q: the selected audio clips' starts to the grid (the beat when snapping is off). False when none is selected. */
  quantizeSelection: () => boolean;
}

/**
 * The clip edits of issue 19 behind keys, menus and the split tool. Each user action is exactly one undo step of
 * its author (`step`), and every change goes through a model operation; the model refuses what is invalid and the
 * studio's `edit` shows its message.
 */
export function useEditActions(): EditActions {
  const { connection } = useStudio();
  const { ui, transport } = useArrangementContext();
  const step = useEditStep();

  return useMemo<EditActions>(() => {
    const doc = connection.songDoc;
    const arr = () => connection.arrangement.get();
    const selected = () => {
      const sel = ui.get().selection;
      if (sel?.kind !== "clip") return { midi: [], audio: [] };
      return {
        midi: sel.ids.filter((id) => arr().clips.has(id)),
        audio: sel.ids.filter((id) => getAudioClip(doc, id) !== null),
      };
    };
    const audioEnd = (id: string) => {
      const clip = getAudioClip(doc, id);
      const take = clip && getTake(doc, clip.takeId);
      return clip && take ? audioClipEndTick(arr().tempoMap, clip, take) : -1;
    };
    const selectIds = (ids: string[]) => ui.select(ids.length > 0 ? { kind: "clip", ids } : null);

    const actions: EditActions = {
      selected,
      deleteSelection() {
        const { midi, audio } = selected();
        step((d, o) => {
          midi.forEach((id) => deleteClip(d, id, o));
          if (audio.length > 0) deleteAudioClips(d, audio, o);
        });
        if (midi.includes(ui.get().openClipId ?? "")) ui.set({ openClipId: null });
        ui.select(null);
      },
      duplicateSelection() {
        const { midi, audio } = selected();
        const created = step((d, o) => [
          ...midi.map((id) => duplicateClip(d, id, o).id),
          ...(audio.length > 0 ? duplicateAudioClips(d, audio, o).map((c) => c.id) : []),
        ]);
        if (created) selectIds(created);
      },
      splitSelectionAtPlayhead() {
        const at = Math.round(transport.positionTick());
        const { midi, audio } = selected();
        const midiHit = midi.filter((id) => {
          const c = arr().clips.get(id)!;
          return c.startTick < at && c.startTick + c.lengthTicks > at;
        });
        const audioHit = audio.filter((id) => getAudioClip(doc, id)!.startTick < at && audioEnd(id) > at);
        if (midiHit.length + audioHit.length === 0) return false;
        const rights = step((d, o) => [
          ...midiHit.map((id) => splitMidiClip(d, id, at, o).right.id),
          ...audioHit.map((id) => splitAudioClip(d, id, at, o).right.id),
        ]);
        if (rights) selectIds(rights);
        return true;
      },
      splitAt(clipId, tick) {
        const at = Math.round(tick);
        const right = step((d, o) =>
          arr().clips.has(clipId)
            ? splitMidiClip(d, clipId, at, o).right.id
            : splitAudioClip(d, clipId, at, o).right.id,
        );
        if (right) selectIds([right]);
      },
      glueSelection() {
        const { midi, audio } = selected();
        const glued = step((d, o) => [
          ...(midi.length > 1 ? [glueMidiClips(d, midi, o).id] : []),
          ...(audio.length > 1 ? [glueAudioClips(d, audio, o).id] : []),
        ]);
        if (glued && glued.length > 0) selectIds(glued);
      },
      copySelection() {
        const { midi, audio } = selected();
        if (midi.length + audio.length === 0) return;
        ui.clipboard = {
          midi: midi.length > 0 ? copyMidiClips(doc, midi) : null,
          audio: audio.length > 0 ? copyAudioClips(doc, audio) : null,
        };
      },
      pasteAtPlayhead(trackId) {
        const board = ui.clipboard;
        if (!board) return;
        const tick = Math.max(0, Math.round(transport.positionTick()));
        const kind = trackId ? (getTrack(doc, trackId)?.kind ?? null) : null;
        const pasted = step((d, o) => [
          ...(board.midi
            ? pasteMidiClips(d, board.midi, { tick, trackId: kind === "instrument" ? trackId! : undefined }, o)
            : []
          ).map((c) => c.id),
          ...(board.audio
            ? pasteAudioClips(d, board.audio, { tick, trackId: kind === "audio" ? trackId! : undefined }, o)
            : []
          ).map((c) => c.id),
        ]);
        if (pasted) selectIds(pasted);
      },
      nudgeSelection(dir) {
        const { midi, audio } = selected();
        if (midi.length + audio.length === 0) return;
        const { tempoMap } = arr();
        const grid = ui.get().snap;
        const delta = nudgeTicks(dir, grid === "off" ? null : gridTicks(grid, tempoMap), tempoMap.ticksPerBeat);
        const starts = [
          ...midi.map((id) => arr().clips.get(id)!.startTick),
          ...audio.map((id) => getAudioClip(doc, id)!.startTick),
        ];
        // The selection keeps its shape: it stops at the song start as one block.
        const shift = Math.max(delta, -Math.min(...starts));
        if (shift === 0) return;
        step((d, o) => {
          for (const id of midi) moveClip(d, id, { startTick: arr().clips.get(id)!.startTick + shift }, o);
          for (const id of audio) moveAudioClipTo(d, id, { startTick: getAudioClip(d, id)!.startTick + shift }, o);
        });
      },
      reverseSelection() {
        const { audio } = selected();
        if (audio.length === 0) return false;
        step((d, o) => toggleAudioClipsReversed(d, audio, o));
        return true;
      },
      quantizeSelection() {
        const { audio } = selected();
        if (audio.length === 0) return false;
        const grid = ui.get().snap;
        step((d, o) => quantizeAudioClipStarts(d, audio, grid === "off" ? "beat" : grid, o));
        return true;
      },
    };
    return actions;
  }, [connection, step, ui, transport]);
}
