import type { CSSProperties } from "react";
import { keyRowsBackground, type RollScale } from "./geometry";
import { gridOffsetPx } from "./RollRuler";

const ROW_COLOURS = {
  white: "#191c21",
  black: "#131519",
  line: "rgba(255,255,255,0.028)",
  octave: "rgba(255,255,255,0.10)",
};

/**
 * The grid drawn as CSS backgrounds (no element per line): bar, beat and (when at least 6 px apart) sub-beat
 * lines aligned to the song's grid, over shaded key rows.
 */
export function rollBackground(args: {
  scale: RollScale;
  ticksPerBar: number;
  ticksPerBeat: number;
  stepTicks: number;
  clipStartTick: number;
}): Pick<CSSProperties, "backgroundImage" | "backgroundSize" | "backgroundPosition"> {
  const { scale, ticksPerBar, ticksPerBeat, stepTicks, clipStartTick } = args;
  const { ppt } = scale;
  const line = (alpha: number) => `linear-gradient(to right, rgba(255,255,255,${alpha}) 1px, transparent 1px)`;
  const layers = [
    {
      image: line(0.16),
      size: `${ticksPerBar * ppt}px 100%`,
      pos: `${gridOffsetPx(ticksPerBar, clipStartTick, ppt)}px 0`,
    },
    {
      image: line(0.075),
      size: `${ticksPerBeat * ppt}px 100%`,
      pos: `${gridOffsetPx(ticksPerBeat, clipStartTick, ppt)}px 0`,
    },
  ];
  if (stepTicks < ticksPerBeat && stepTicks * ppt >= 6) {
    layers.push({
      image: line(0.03),
      size: `${stepTicks * ppt}px 100%`,
      pos: `${gridOffsetPx(stepTicks, clipStartTick, ppt)}px 0`,
    });
  }
  const rows = keyRowsBackground(scale.rowH, ROW_COLOURS);
  layers.push({ image: rows.image, size: rows.size, pos: "0 0" });
  return {
    backgroundImage: layers.map((l) => l.image).join(", "),
    backgroundSize: layers.map((l) => l.size).join(", "),
    backgroundPosition: layers.map((l) => l.pos).join(", "),
  };
}
