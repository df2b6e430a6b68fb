"use client";

import { useMemo, type PointerEvent as ReactPointerEvent } from "react";
import { EQ_BANDS } from "@bandspace/model";
import { cascadeMagnitudeDb, designBiquad, logFrequencies } from "@bandspace/dsp";
import styles from "./Inserts.module.css";

const W = 420;
const H = 150;
const F_MIN = 20;
const F_MAX = 20000;
const DB = 24;
const RATE = 48000;
const x = (f: number) => (Math.log(f / F_MIN) / Math.log(F_MAX / F_MIN)) * W;
const y = (db: number) => H / 2 - (db / DB) * (H / 2);
const fAt = (px: number) => F_MIN * Math.pow(F_MAX / F_MIN, Math.min(1, Math.max(0, px / W)));
const dbAt = (py: number) => Math.max(-DB, Math.min(DB, ((H / 2 - py) / (H / 2)) * DB));

/**
 * The EQ's response drawn from the same biquad design the engine plays (packages/dsp), with a point per
 * active band: drag it sideways for frequency and up/down for gain (passes: frequency only).
 */
export function EqCurve({
  params,
  readOnly,
  onChange,
}: {
  params: Readonly<Record<string, number>>;
  readOnly: boolean;
  onChange: (paramId: string, value: number) => void;
}) {
  const path = useMemo(() => {
    const coeffs = EQ_BANDS.filter((b) => params[`b${b.band}On`] >= 0.5).map((b) =>
      designBiquad(
        {
          kind: b.kind,
          frequency: params[`b${b.band}Freq`],
          gainDb: params[`b${b.band}Gain`] ?? 0,
          q: params[`b${b.band}Q`] ?? 0.7071,
        },
        RATE,
      ),
    );
    return logFrequencies(F_MIN, F_MAX, 200)
      .map(
        (f, i) =>
          `${i ? "L" : "M"}${x(f).toFixed(1)},${y(Math.max(-DB, Math.min(DB, cascadeMagnitudeDb(coeffs, f, RATE)))).toFixed(1)}`,
      )
      .join(" ");
  }, [params]);

  const drag = (band: number, hasGain: boolean) => (e: ReactPointerEvent<SVGCircleElement>) => {
    if (readOnly || e.button !== 0) return;
    e.preventDefault();
    const svg = e.currentTarget.ownerSVGElement!;
    const move = (ev: PointerEvent) => {
      const r = svg.getBoundingClientRect();
      const px = ((ev.clientX - r.left) / r.width) * W;
      const py = ((ev.clientY - r.top) / r.height) * H;
      onChange(`b${band}Freq`, fAt(px));
      if (hasGain) onChange(`b${band}Gain`, dbAt(py));
    };
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  return (
    <svg className={styles.eq} viewBox={`0 0 ${W} ${H}`} role="img" aria-label="EQ response" data-testid="eq-curve">
      {[100, 1000, 10000].map((f) => (
        <line key={f} x1={x(f)} x2={x(f)} y1={0} y2={H} className={styles.eqGrid} />
      ))}
      {[-12, 0, 12].map((d) => (
        <line key={d} x1={0} x2={W} y1={y(d)} y2={y(d)} className={styles.eqGrid} />
      ))}
      <path d={path} className={styles.eqPath} data-testid="eq-path" />
      {EQ_BANDS.filter((b) => params[`b${b.band}On`] >= 0.5).map((b) => {
        const hasGain = b.kind !== "highpass" && b.kind !== "lowpass";
        return (
          <circle
            key={b.band}
            cx={x(params[`b${b.band}Freq`])}
            cy={y(hasGain ? params[`b${b.band}Gain`] : 0)}
            r={6}
            className={styles.eqPoint}
            data-testid={`eq-band-${b.band}`}
            onPointerDown={drag(b.band, hasGain)}
          >
            <title>{`${b.label}: drag to move`}</title>
          </circle>
        );
      })}
    </svg>
  );
}
