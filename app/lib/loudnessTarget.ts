"use client";

import { useSyncExternalStore } from "react";
import { z } from "zod";
import { LOUDNESS_TARGETS, resolveLoudnessTarget, type LoudnessTargetChoice } from "@bandspace/dsp";
import { ValueStore, jsonEqual } from "./collab/store";

/**
 * The loudness target this person works to: one choice shared by the master view (drawn on its meter) and the
 * Export dialog (its Match target), kept in localStorage. The targets themselves are defined once, in
 * packages/dsp (LOUDNESS_TARGETS). It is a listening preference, like solo — each bandmate picks their own.
 */
export const LOUDNESS_TARGET_KEY = "bandspace:loudness-target";

const Choice = z.object({
  id: z.enum(["none", "custom", ...LOUDNESS_TARGETS.map((t) => t.id)] as [string, ...string[]]),
  customLufs: z.number().finite().min(-60).max(0),
  customCeilingDbtp: z.number().finite().min(-20).max(0),
});

const DEFAULT: LoudnessTargetChoice = { id: "streaming", customLufs: -14, customCeilingDbtp: -1 };

function load(): LoudnessTargetChoice {
  try {
    const parsed = Choice.safeParse(JSON.parse(window.localStorage.getItem(LOUDNESS_TARGET_KEY) ?? "null"));
    return parsed.success ? (parsed.data as LoudnessTargetChoice) : DEFAULT;
  } catch {
    return DEFAULT;
  }
}

let store: ValueStore<LoudnessTargetChoice> | null = null;
function targetStore(): ValueStore<LoudnessTargetChoice> {
  if (!store) {
    store = new ValueStore<LoudnessTargetChoice>(typeof window === "undefined" ? DEFAULT : load(), jsonEqual);
    if (typeof window !== "undefined")
      window.addEventListener("storage", (e) => e.key === LOUDNESS_TARGET_KEY && store!.set(load()));
  }
  return store;
}

export function setLoudnessTarget(patch: Partial<LoudnessTargetChoice>): void {
  const s = targetStore();
  s.update((prev) => ({ ...prev, ...patch }));
  try {
    window.localStorage.setItem(LOUDNESS_TARGET_KEY, JSON.stringify(s.get()));
  } catch {
    // Storage blocked: the choice holds for this page view.
  }
}

/** The choice and what it resolves to (null for "no target"). */
export function useLoudnessTarget(): {
  choice: LoudnessTargetChoice;
  target: { lufs: number; ceilingDbtp: number } | null;
} {
  const s = targetStore();
  const choice = useSyncExternalStore(s.subscribe, s.get, () => DEFAULT);
  return { choice, target: resolveLoudnessTarget(choice) };
}
