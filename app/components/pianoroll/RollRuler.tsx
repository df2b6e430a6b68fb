"use client";

import type { TempoMap } from "@bandspace/model";
import { barLabelEvery, type RollScale } from "./geometry";
import styles from "./PianoRoll.module.css";

/** Where a repeating grid line (every `period` song ticks) first falls in a clip starting at `clipStartTick`. */
export function gridOffsetPx(period: number, clipStartTick: number, ppt: number): number {
  return ((period - (clipStartTick % period)) % period) * ppt;
}

/** The roll's bar ruler: song bar numbers over the clip (thinned out when zoomed out), the clip's end, a playhead. */
export function RollRuler({
  map,
  clipStartTick,
  clipLengthTicks,
  totalTicks,
  scale,
  headRef,
}: {
  map: TempoMap;
  clipStartTick: number;
  clipLengthTicks: number;
  totalTicks: number;
  scale: RollScale;
  headRef: React.RefObject<HTMLDivElement | null>;
}) {
  const { ppt } = scale;
  // The meter where the clip starts sets the ruler's ticks; bar numbers follow every meter change.
  const meter = map.meterAt(clipStartTick);
  const tpbar = meter.ticksPerBar;
  const tpb = meter.ticksPerBeat;
  const barPx = tpbar * ppt;
  const gridW = Math.round(totalTicks * ppt);
  const firstBar = Math.floor(map.ticksToBar(clipStartTick));
  const lastBar = Math.ceil(map.ticksToBar(clipStartTick + totalTicks));
  const every = barLabelEvery(barPx);
  const labels = [];
  for (let bar = firstBar; bar <= lastBar; bar++) {
    if ((bar - 1) % every !== 0) continue;
    const x = (map.barToTicks(bar) - clipStartTick) * ppt;
    if (x < -1 || x > gridW) continue;
    labels.push(
      <span key={bar} className={styles.barNumber} style={{ left: x }}>
        {bar}
      </span>,
    );
  }
  return (
    <div
      className={styles.ruler}
      style={{
        backgroundSize: `${barPx}px 100%, ${tpb * ppt}px 35%`,
        backgroundPosition: `${gridOffsetPx(tpbar, clipStartTick, ppt)}px 0, ${gridOffsetPx(tpb, clipStartTick, ppt)}px 100%`,
      }}
    >
      {labels}
      <div className={styles.clipEndMarker} style={{ left: clipLengthTicks * ppt }} title="Clip end" />
      <div ref={headRef} className={styles.rulerPlayhead} style={{ display: "none" }} />
    </div>
  );
}
