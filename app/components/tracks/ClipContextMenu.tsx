"use client";

import { setLoopRange, type MidiClip } from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { ContextMenu } from "../common/ContextMenu";
import { useTimelineActions } from "../timeline/useTimelineActions";

const isMac = () => typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform);

/** A clip's right-click menu: open, loop, comment, duplicate, delete (editing items disabled for viewers). */
export function ClipContextMenu({
  clip,
  at,
  onClose,
}: {
  clip: MidiClip;
  at: { x: number; y: number };
  onClose: () => void;
}) {
  const { connection, canEditSong, edit } = useStudio();
  const { ui, transport } = useArrangementContext();
  const timelineActions = useTimelineActions();
  const mod = isMac() ? "⌘" : "Ctrl+";
  const range = { startTick: clip.startTick, endTick: clip.startTick + clip.lengthTicks };
  return (
    <ContextMenu
      at={at}
      label={`Clip ${clip.name}`}
      testId="clip-menu"
      onClose={onClose}
      items={[
        {
          label: canEditSong ? "Open in editor" : "Open (read-only)",
          onSelect: () => timelineActions.openClip(clip.id),
          shortcut: "Dbl-click",
          testId: "clip-menu-open",
        },
        {
          label: "Loop this clip",
          testId: "clip-menu-loop",
          onSelect: () => {
            if (canEditSong) edit((doc, origin) => setLoopRange(doc, range, origin));
            transport.setLoop(true);
            transport.seek(clip.startTick);
          },
        },
        {
          label: "Add comment",
          testId: "clip-menu-comment",
          disabled: !connection.canWrite("comments"),
          onSelect: () => ui.set({ commentsPanelOpen: true, commentDraft: { ...range, clipId: clip.id } }),
        },
        {
          label: "Duplicate",
          onSelect: () => timelineActions.duplicateSelection(),
          disabled: !canEditSong,
          shortcut: `${mod}D`,
          testId: "clip-menu-duplicate",
        },
        {
          label: "Delete",
          onSelect: () => timelineActions.deleteSelection(),
          disabled: !canEditSong,
          shortcut: "Del",
          danger: true,
          testId: "clip-menu-delete",
        },
      ]}
    />
  );
}
