"use client";

import {
  FADE_CURVES,
  quantizeAudioClipStarts,
  setAudioClipFades,
  setAudioClipGain,
  setCrossfadeLaw,
  toggleAudioClipsReversed,
  type AudioClip,
  type FadeCurve,
} from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { cleanupStore } from "../cleanup/cleanupStore";
import { ContextMenu, type ContextMenuItem } from "../common/ContextMenu";
import { useEditActions } from "../timeline/useEditActions";
import { useEditStep } from "../timeline/useEditStep";

const isMac = () => typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform);

const CURVE_NAMES: Record<FadeCurve, string> = {
  linear: "Linear",
  "equal-power": "Equal power",
  "s-curve": "S-curve",
  exponential: "Exponential",
};

/**
 * An audio clip's right-click menu: the fade curves (in and out), the crossfade law where it starts over another
 * clip, split/glue/duplicate/copy/delete and gain reset. Editing items are disabled for viewers.
 */
export function AudioClipMenu({
  clip,
  at,
  onClose,
}: {
  clip: AudioClip;
  at: { x: number; y: number };
  onClose: () => void;
}) {
  const { canEditSong } = useStudio();
  const { ui } = useArrangementContext();
  const edit = useEditStep();
  const actions = useEditActions();
  const mod = isMac() ? "⌘" : "Ctrl+";
  /** The selected audio clips when this clip is one of them, else this clip alone (what a right-click means). */
  const selectedOr = (id: string) => {
    const audio = actions.selected().audio;
    return audio.includes(id) ? audio : [id];
  };
  const curveItems = (which: "in" | "out"): ContextMenuItem[] =>
    FADE_CURVES.map((curve) => {
      const current = which === "in" ? clip.fadeInCurve : clip.fadeOutCurve;
      return {
        label: `Fade ${which}: ${CURVE_NAMES[curve]}${current === curve ? " ✓" : ""}`,
        disabled: !canEditSong,
        testId: `audio-menu-fade-${which}-${curve}`,
        onSelect: () =>
          edit((doc, origin) =>
            setAudioClipFades(doc, clip.id, which === "in" ? { fadeInCurve: curve } : { fadeOutCurve: curve }, origin),
          ),
      };
    });
  return (
    <ContextMenu
      at={at}
      label="Audio clip"
      testId="audio-clip-menu"
      onClose={onClose}
      items={[
        ...curveItems("in"),
        ...curveItems("out"),
        ...(["equal-power", "equal-gain"] as const).map((law) => ({
          label: `Crossfade: ${law === "equal-power" ? "equal power" : "equal gain (correlated)"}${clip.crossfadeLaw === law ? " ✓" : ""}`,
          disabled: !canEditSong,
          testId: `audio-menu-crossfade-${law}`,
          onSelect: () => edit((doc, origin) => setCrossfadeLaw(doc, clip.id, law, origin)),
        })),
        {
          label: "Split at playhead",
          shortcut: "S",
          disabled: !canEditSong,
          testId: "audio-menu-split",
          onSelect: () => actions.splitSelectionAtPlayhead(),
        },
        {
          label: "Glue selected",
          shortcut: "G",
          disabled: !canEditSong,
          testId: "audio-menu-glue",
          onSelect: () => actions.glueSelection(),
        },
        {
          label: "Strip silence…",
          disabled: !canEditSong,
          testId: "audio-menu-strip-silence",
          onSelect: () => cleanupStore.open("strip-silence", clip.id),
        },
        {
          label: "Normalize…",
          disabled: !canEditSong,
          testId: "audio-menu-normalize",
          onSelect: () => cleanupStore.open("normalize", clip.id),
        },
        {
          label: clip.reversed ? "Play forwards" : "Reverse",
          shortcut: "⇧R",
          disabled: !canEditSong,
          testId: "audio-menu-reverse",
          onSelect: () => edit((doc, origin) => toggleAudioClipsReversed(doc, selectedOr(clip.id), origin)),
        },
        {
          label: "Quantize start to grid",
          shortcut: "Q",
          disabled: !canEditSong,
          testId: "audio-menu-quantize",
          onSelect: () => {
            const snap = ui.get().snap;
            edit((doc, origin) =>
              quantizeAudioClipStarts(doc, selectedOr(clip.id), snap === "off" ? "beat" : snap, origin),
            );
          },
        },
        {
          label: "Reset gain (0 dB)",
          disabled: !canEditSong || clip.gainDb === 0,
          testId: "audio-menu-gain-reset",
          onSelect: () => edit((doc, origin) => setAudioClipGain(doc, clip.id, 0, origin)),
        },
        { label: "Copy", shortcut: `${mod}C`, testId: "audio-menu-copy", onSelect: () => actions.copySelection() },
        {
          label: "Duplicate",
          shortcut: `${mod}D`,
          disabled: !canEditSong,
          testId: "audio-menu-duplicate",
          onSelect: () => actions.duplicateSelection(),
        },
        {
          label: "Delete",
          shortcut: "Del",
          danger: true,
          disabled: !canEditSong,
          testId: "audio-menu-delete",
          onSelect: () => actions.deleteSelection(),
        },
      ]}
    />
  );
}
