"use client";

import { useSyncExternalStore } from "react";
import { cleanupStore } from "./cleanupStore";
import { NormalizePanel } from "./NormalizePanel";
import { SilencePreview } from "./SilencePreview";
import { StripSilencePanel } from "./StripSilencePanel";

/** The open clean-up panel (one at a time) and the strip-silence preview; mounted once by the track area. */
export function CleanupPanels() {
  const { panel } = useSyncExternalStore(cleanupStore.subscribe, cleanupStore.get, cleanupStore.get);
  return (
    <>
      {panel?.kind === "strip-silence" && <StripSilencePanel key={panel.clipId} clipId={panel.clipId} />}
      {panel?.kind === "normalize" && <NormalizePanel key={panel.clipId} clipId={panel.clipId} />}
      <SilencePreview />
    </>
  );
}
