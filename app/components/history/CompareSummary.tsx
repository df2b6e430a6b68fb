"use client";

import { describeMixChange, summarizeComparison, type ArrangementComparison, type EntityDiff } from "@bandspace/model";
import styles from "./History.module.css";

/** "What changed between this version and now", as a short summary and the names involved. */
export function CompareSummary({ comparison }: { comparison: ArrangementComparison }) {
  if (comparison.identical) {
    return (
      <p className={styles.same} data-testid="compare-identical">
        The arrangement now is the same as this version.
      </p>
    );
  }
  const names = (d: EntityDiff, noun: string) => [
    ...d.added.map((e) => ({ key: `a${e.id}`, text: `${noun} “${e.name}” added since`, kind: "added" })),
    ...d.removed.map((e) => ({ key: `r${e.id}`, text: `${noun} “${e.name}” removed since`, kind: "removed" })),
    ...d.changed.map((e) => ({
      key: `c${e.id}`,
      text: `${noun} “${e.name}”: ${e.changes.map((c) => c.field).join(", ")} changed`,
      kind: "changed",
    })),
  ];
  const mix = comparison.mixer.map((e) => ({
    key: `m${e.id}`,
    text: `Mix “${e.name}”: ${e.changes.map((c) => describeMixChange(c.field, c.before, c.after)).join(", ")} (version → now)`,
    kind: "changed",
  }));
  const mixDetails = comparison.mixDetails.map((text, i) => ({ key: `x${i}`, text, kind: "changed" }));
  const details = [
    ...names(comparison.tracks, "Track"),
    ...mix,
    ...mixDetails,
    ...names(comparison.sections, "Section"),
    ...names(comparison.clips, "Clip"),
  ];
  return (
    <div data-testid="compare-summary">
      <ul className={styles.summary}>
        {summarizeComparison(comparison).map((line) => (
          <li key={line} data-testid="compare-line">
            {line}
          </li>
        ))}
      </ul>
      {details.length > 0 && (
        <ul className={styles.details}>
          {details.slice(0, 40).map((d) => (
            <li key={d.key} className={styles[d.kind]} data-testid="compare-detail">
              {d.text}
            </li>
          ))}
          {details.length > 40 && <li>…and {details.length - 40} more</li>}
        </ul>
      )}
    </div>
  );
}
