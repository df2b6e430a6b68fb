"use client";

import {
  FADE_CURVES,
  setAudioClipFades,
  setAudioClipGain,
  setCrossfadeLaw,
  type AudioClip,
  type FadeCurve,
} from "@bandspace/model";
import { useStudio } from "../studio/StudioContext";
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
  const edit = useEditStep();
  const actions = useEditActions();
  const mod = isMac() ? "⌘" : "Ctrl+";
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
