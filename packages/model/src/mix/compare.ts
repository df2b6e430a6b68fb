import type * as Y from "yjs";
import { formatPan, formatVolumeDb } from "../mixer";
import { effectSpec, formatParam } from "./effects";
import { readMix, type MixState, type Strip } from "./read";

/**
 * What changed in the mix between two docs, one line per change, in words a musician reads in the history:
 * "EQ on Bass: Band 2 (Low shelf) gain 0.0 dB → +3.0 dB", "Bass: send to Reverb −12.0 dB → −6.0 dB",
 * "Compressor added on Vocals". Track fader, pan and mute stay in `mixer` (compare.ts); this covers the rest.
 */
export function compareMixes(before: Y.Doc, after: Y.Doc): string[] {
  return diffMixStates(readMix(before), readMix(after));
}

export function diffMixStates(b: MixState, a: MixState): string[] {
  const lines: string[] = [];
  const stripsB = new Map(b.strips.map((s) => [s.id, s]));
  const stripsA = new Map(a.strips.map((s) => [s.id, s]));
  const name = (id: string | null) =>
    id === null ? "Master" : ((stripsA.get(id) ?? stripsB.get(id))?.name ?? "a removed channel");

  for (const s of a.strips) {
    const old = stripsB.get(s.id);
    if (!old) {
      if (s.kind === "bus") lines.push(`Bus “${s.name}” added`);
      continue;
    }
    if (s.kind !== "track") stripLevelChanges(old, s, lines);
    if (old.trim !== s.trim) lines.push(`${s.name}: trim ${formatVolumeDb(old.trim)} → ${formatVolumeDb(s.trim)}`);
    if (old.phase !== s.phase) lines.push(`${s.name}: phase ${s.phase ? "inverted" : "normal"}`);
    if (old.output !== s.output) lines.push(`${s.name}: output ${name(old.output)} → ${name(s.output)}`);
    if (old.soloSafe !== s.soloSafe) lines.push(`${s.name}: solo-safe ${s.soloSafe ? "on" : "off"}`);
  }
  for (const s of b.strips) if (s.kind === "bus" && !stripsA.has(s.id)) lines.push(`Bus “${s.name}” removed`);

  const insertsB = new Map([...b.inserts.values()].flat().map((i) => [i.id, i]));
  const insertsA = new Map([...a.inserts.values()].flat().map((i) => [i.id, i]));
  for (const [stripId, list] of a.inserts) {
    list.forEach((ins, slot) => {
      const spec = effectSpec(ins.effect);
      const where = `${spec.name} on ${name(stripId)}`;
      const old = insertsB.get(ins.id);
      if (!old) return void lines.push(`${spec.name} added on ${name(stripId)}`);
      if (old.bypass !== ins.bypass) lines.push(`${where} ${ins.bypass ? "bypassed" : "back in"}`);
      const oldSlot = b.inserts.get(old.strip)?.findIndex((i) => i.id === ins.id) ?? -1;
      if (oldSlot !== slot || old.strip !== ins.strip) lines.push(`${where} moved to slot ${slot + 1}`);
      for (const p of spec.params) {
        if (old.params[p.id] !== ins.params[p.id]) {
          lines.push(`${where}: ${p.label} ${formatParam(p, old.params[p.id])} → ${formatParam(p, ins.params[p.id])}`);
        }
      }
    });
  }
  for (const ins of insertsB.values()) {
    if (!insertsA.has(ins.id)) lines.push(`${effectSpec(ins.effect).name} removed from ${name(ins.strip)}`);
  }

  const sendsB = new Map([...b.sends.values()].flat().map((s) => [s.id, s]));
  const sendsA = new Map([...a.sends.values()].flat().map((s) => [s.id, s]));
  for (const s of sendsA.values()) {
    const old = sendsB.get(s.id);
    const where = `${name(s.from)}: send to ${name(s.to)}`;
    if (!old) lines.push(`${where} added (${formatVolumeDb(s.levelDb)}, ${s.pre ? "pre" : "post"}-fader)`);
    else {
      if (old.levelDb !== s.levelDb)
        lines.push(`${where} ${formatVolumeDb(old.levelDb)} → ${formatVolumeDb(s.levelDb)}`);
      if (old.pre !== s.pre) lines.push(`${where} now ${s.pre ? "pre" : "post"}-fader`);
    }
  }
  for (const s of sendsB.values()) if (!sendsA.has(s.id)) lines.push(`${name(s.from)}: send to ${name(s.to)} removed`);

  const lanesB = new Map(b.lanes.map((l) => [l.key, l]));
  const lanesA = new Map(a.lanes.map((l) => [l.key, l]));
  for (const l of a.lanes) {
    const old = lanesB.get(l.key);
    const what = `${name(l.strip)}: ${l.target.split(":")[0]} automation`;
    if (!old) lines.push(`${what} added (${l.points.length} points)`);
    else if (JSON.stringify(old.points) !== JSON.stringify(l.points) || old.enabled !== l.enabled) {
      lines.push(`${what} changed (${old.points.length} → ${l.points.length} points${l.enabled ? "" : ", off"})`);
    }
  }
  for (const l of b.lanes)
    if (!lanesA.has(l.key)) lines.push(`${name(l.strip)}: ${l.target.split(":")[0]} automation removed`);
  return lines;
}

function stripLevelChanges(old: Strip, s: Strip, lines: string[]): void {
  if (old.volumeDb !== s.volumeDb)
    lines.push(`${s.name}: volume ${formatVolumeDb(old.volumeDb)} → ${formatVolumeDb(s.volumeDb)}`);
  if (old.pan !== s.pan) lines.push(`${s.name}: pan ${formatPan(old.pan)} → ${formatPan(s.pan)}`);
  if (old.mute !== s.mute) lines.push(`${s.name}: ${s.mute ? "muted" : "unmuted"}`);
}
