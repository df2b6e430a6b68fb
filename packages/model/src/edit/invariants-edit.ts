import * as Y from "yjs";
import type { InvariantViolation } from "../invariants";
import { LIMITS } from "../schema";
import { readTempoMap } from "../tempo-changes";

/**
 * The editing invariants of schema.ts (issue 19), checked against stored values directly — written apart from the
 * operations and repair on purpose, so tests use it as an oracle for both.
 */
const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const isMap = (v: unknown): v is Y.Map<unknown> => v instanceof Y.Map;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TAKE_ID = /^[a-z0-9]{16,32}$/;
const CURVES = ["linear", "equal-power", "s-curve", "exponential"];
const LAWS = ["equal-power", "equal-gain"];

export function checkEditInvariants(doc: Y.Doc, out: InvariantViolation[]): void {
  const audioTracks = new Set<string>();
  doc.getMap<unknown>("tracks").forEach((t, id) => {
    if (isMap(t) && t.get("kind") === "audio") audioTracks.add(id);
  });
  const takes = new Map<string, { trackId: unknown; groupId: unknown; frames: number; sampleRate: number }>();
  doc.getMap<unknown>("takes").forEach((t, id) => {
    if (isMap(t))
      takes.set(id, {
        trackId: t.get("trackId"),
        groupId: t.get("groupId"),
        frames: t.get("frames") as number,
        sampleRate: t.get("sampleRate") as number,
      });
  });
  const tempo = readTempoMap(doc);
  const pieces = new Map<string, { id: string; from: number; to: number }[]>();
  doc.getMap<unknown>("audioClips").forEach((c, id) => {
    if (!isMap(c)) return out.push({ invariant: "audio-clip-entry", message: `audioClips.${id} is not a Y.Map` });
    const trackId = c.get("trackId");
    const takeId = c.get("takeId");
    if (typeof trackId !== "string" || !audioTracks.has(trackId) || typeof takeId !== "string" || !TAKE_ID.test(takeId))
      return out.push({
        invariant: "audio-clip-entry",
        message: `audio clip ${id} on ${String(trackId)}/${String(takeId)}`,
      });
    const offset = c.get("offsetFrames");
    const length = c.get("lengthFrames");
    const start = c.get("startTick");
    const gain = c.get("gainDb");
    const fields =
      ID.test(String(c.get("groupId"))) &&
      isInt(start, 0, LIMITS.maxTick) &&
      isInt(offset, 0, Number.MAX_SAFE_INTEGER) &&
      isInt(length, 1, Number.MAX_SAFE_INTEGER) &&
      typeof gain === "number" &&
      gain >= -60 &&
      gain <= 12 &&
      [c.get("fadeInFrames"), c.get("fadeOutFrames")].every((f) => f === undefined || isInt(f, 0, Infinity)) &&
      [c.get("fadeInCurve"), c.get("fadeOutCurve")].every((f) => f === undefined || CURVES.includes(f as string)) &&
      (c.get("crossfadeLaw") === undefined || LAWS.includes(c.get("crossfadeLaw") as string)) &&
      (c.get("reversed") === undefined || typeof c.get("reversed") === "boolean");
    if (!fields) return out.push({ invariant: "audio-clip-fields", message: `audio clip ${id} has an invalid field` });
    const fades = ((c.get("fadeInFrames") as number) ?? 0) + ((c.get("fadeOutFrames") as number) ?? 0);
    if (fades > length)
      out.push({
        invariant: "audio-clip-fades",
        message: `audio clip ${id}: fades ${fades} > length ${String(length)}`,
      });
    const take = takes.get(takeId);
    if (!take) return;
    if (offset + length > take.frames)
      out.push({ invariant: "audio-clip-window", message: `audio clip ${id} runs past its take (${take.frames})` });
    // Reversed pieces align on the take frame one past their window (where a split leaves them both).
    const startFrame = Math.round(tempo.ticksToSeconds(start) * take.sampleRate);
    const reversed = c.get("reversed") === true;
    const anchor = reversed ? startFrame + offset + length : startFrame - offset;
    const key = `${trackId}/${takeId}/${reversed ? "r" : "f"}/${anchor}`;
    pieces.set(key, [...(pieces.get(key) ?? []), { id, from: offset, to: offset + length }]);
  });
  for (const list of pieces.values()) {
    list.sort((a, b) => a.from - b.from);
    for (let i = 1; i < list.length; i++)
      if (list[i].from < list[i - 1].to)
        out.push({
          invariant: "audio-clip-pieces",
          message: `audio clips ${list[i - 1].id} and ${list[i].id} overlap`,
        });
  }
  const ranges = new Map<string, { id: string; start: number; end: number }[]>();
  doc.getMap<unknown>("compSegments").forEach((s, id) => {
    if (!isMap(s)) return out.push({ invariant: "comp-segments", message: `compSegments.${id} is not a Y.Map` });
    const take = takes.get(String(s.get("takeId")));
    const start = s.get("startTick");
    const end = s.get("endTick");
    const ok =
      take !== undefined &&
      audioTracks.has(String(s.get("trackId"))) &&
      take.trackId === s.get("trackId") &&
      take.groupId === s.get("groupId") &&
      isInt(start, 0, LIMITS.maxTick) &&
      isInt(end, 1, LIMITS.maxTick) &&
      start < end &&
      isInt(s.get("crossfadeTicks"), 0, 3840);
    if (!ok) return out.push({ invariant: "comp-segments", message: `comp segment ${id} is invalid` });
    const key = `${String(s.get("trackId"))}/${String(s.get("groupId"))}`;
    ranges.set(key, [...(ranges.get(key) ?? []), { id, start: start, end: end }]);
  });
  for (const list of ranges.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++)
      if (list[i].start < list[i - 1].end)
        out.push({ invariant: "comp-segments", message: `comp segments ${list[i - 1].id} and ${list[i].id} overlap` });
  }
}
