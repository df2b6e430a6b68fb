import { CLIP_PEDAL_FIELD, TEMPO_CHANGE_SPEC } from "./arrangement-fields";
import * as Y from "yjs";
import { LIMITS } from "./schema";
import { isSingleLine } from "./fields";
import type { InvariantViolation } from "./invariants";
import { tracksMap, tempoChangesMap, sectionsMap, clipsMap, transportMap } from "./roots";

/**
 * The arrangement invariants of schema.ts, checked directly against the stored values (written apart from
 * the field specs and repair on purpose, so tests can use it as an oracle).
 */
const INSTRUMENTS = new Set(["piano", "bass", "pad", "lead", "drums"]);
const isInt = (v: unknown, min: number, max: number) =>
  typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
const isColor = (v: unknown) => typeof v === "string" && /^#[0-9a-f]{6}$/.test(v);
/** `instanceof Y.Map` narrows to `Y.Map<any>`; the invariants read untrusted values, so narrow to unknown. */
const isMap = (v: unknown): v is Y.Map<unknown> => v instanceof Y.Map;
const json = (v: unknown) => (v instanceof Y.AbstractType ? v.constructor.name : JSON.stringify(v));

export function checkArrangementInvariants(doc: Y.Doc, out: InvariantViolation[]): void {
  const instrumentTracks = new Set<string>();
  tracksMap(doc).forEach((value, id) => {
    if (!isMap(value)) return;
    const instrument = value.get("instrument");
    if (value.get("kind") === "instrument") {
      instrumentTracks.add(id);
      if (!INSTRUMENTS.has(instrument as string)) {
        out.push({
          invariant: "track-instrument",
          message: `instrument track ${id} has instrument ${json(instrument)}`,
        });
      }
    } else if (instrument !== undefined && instrument !== null) {
      out.push({ invariant: "track-instrument", message: `audio track ${id} has instrument ${json(instrument)}` });
    }
    const volume = value.get("volumeDb");
    if (
      volume !== undefined &&
      !(typeof volume === "number" && volume >= -60 && volume <= 6 && Math.round(volume * 10) / 10 === volume)
    ) {
      out.push({ invariant: "track-mix", message: `track ${id}.volumeDb is ${json(volume)}` });
    }
    const pan = value.get("pan");
    if (
      pan !== undefined &&
      !(typeof pan === "number" && pan >= -1 && pan <= 1 && Math.round(pan * 100) / 100 === pan)
    ) {
      out.push({ invariant: "track-mix", message: `track ${id}.pan is ${json(pan)}` });
    }
    const mute = value.get("mute");
    if (mute !== undefined && typeof mute !== "boolean")
      out.push({ invariant: "track-mix", message: `track ${id}.mute is ${json(mute)}` });
    const inputChannels = value.get("inputChannels");
    if (inputChannels !== undefined && inputChannels !== 1 && inputChannels !== 2)
      out.push({ invariant: "track-input", message: `track ${id}.inputChannels is ${json(inputChannels)}` });
  });

  tempoChangesMap(doc).forEach((value, key) => {
    const parsed = TEMPO_CHANGE_SPEC.parseKey(key);
    const ok =
      parsed !== null &&
      (parsed.kind === "tempo"
        ? TEMPO_CHANGE_SPEC.isValidTempo(value)
        : parsed.kind === "meter"
          ? TEMPO_CHANGE_SPEC.meterOf(value) !== null
          : TEMPO_CHANGE_SPEC.isValidBpm(value));
    if (!ok) out.push({ invariant: "tempo-change", message: `tempoChanges[${JSON.stringify(key)}] = ${json(value)}` });
  });

  sectionsMap(doc).forEach((value, id) => {
    if (!isMap(value)) {
      out.push({ invariant: "section-entry", message: `sections.${id} is not a Y.Map` });
      return;
    }
    for (const key of ["lyrics", "chords"]) {
      if (!(value.get(key) instanceof Y.Text))
        out.push({ invariant: "section-entry", message: `section ${id}.${key} is ${json(value.get(key))}` });
    }
    const bad: string[] = [];
    if (!isSingleLine(value.get("name"), LIMITS.sectionNameMaxLength)) bad.push("name");
    if (!isColor(value.get("color"))) bad.push("color");
    if (!isInt(value.get("startTick"), 0, LIMITS.maxTick)) bad.push("startTick");
    if (!isInt(value.get("lengthTicks"), 1, LIMITS.maxTick)) bad.push("lengthTicks");
    if (value.get("pedal") !== undefined && !CLIP_PEDAL_FIELD.isValid(value.get("pedal"))) bad.push("pedal");
    for (const key of bad)
      out.push({ invariant: "section-fields", message: `section ${id}.${key} is ${json(value.get(key))}` });
  });

  clipsMap(doc).forEach((value, id) => {
    if (!isMap(value)) {
      out.push({ invariant: "clip-entry", message: `clips.${id} is not a Y.Map` });
      return;
    }
    if (!instrumentTracks.has(value.get("trackId") as string)) {
      out.push({
        invariant: "clip-entry",
        message: `clip ${id} is on ${json(value.get("trackId"))}, not an instrument track`,
      });
    }
    const bad: string[] = [];
    if (!isSingleLine(value.get("name"), LIMITS.clipNameMaxLength)) bad.push("name");
    if (!isInt(value.get("startTick"), 0, LIMITS.maxTick)) bad.push("startTick");
    if (!isInt(value.get("lengthTicks"), 1, LIMITS.maxTick)) bad.push("lengthTicks");
    if (value.get("pedal") !== undefined && !CLIP_PEDAL_FIELD.isValid(value.get("pedal"))) bad.push("pedal");
    for (const key of bad)
      out.push({ invariant: "clip-fields", message: `clip ${id}.${key} is ${json(value.get(key))}` });
    const notes = value.get("notes");
    if (!isMap(notes)) {
      out.push({ invariant: "clip-entry", message: `clip ${id}.notes is ${json(notes)}` });
      return;
    }
    notes.forEach((note, noteId) => {
      if (!isMap(note)) {
        out.push({ invariant: "note-fields", message: `clip ${id} note ${noteId} is not a Y.Map` });
        return;
      }
      const ok =
        isInt(note.get("pitch"), 0, 127) &&
        isInt(note.get("startTick"), 0, LIMITS.maxTick) &&
        isInt(note.get("durationTicks"), 1, LIMITS.maxTick) &&
        isInt(note.get("velocity"), 1, 127);
      if (!ok)
        out.push({
          invariant: "note-fields",
          message: `clip ${id} note ${noteId} is ${JSON.stringify(note.toJSON())}`,
        });
    });
  });

  const loop = transportMap(doc).get("loopRange");
  if (loop !== undefined) {
    const { startTick, endTick } = (typeof loop === "object" && loop !== null ? loop : {}) as {
      startTick?: unknown;
      endTick?: unknown;
    };
    if (!(
      isInt(startTick, 0, LIMITS.maxTick) &&
      isInt(endTick, 0, LIMITS.maxTick) &&
      (startTick as number) < (endTick as number)
    )) {
      out.push({ invariant: "loop-range", message: `transport.loopRange is ${json(loop)}` });
    }
  }
}
