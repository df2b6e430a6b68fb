import * as Y from "yjs";
import {
  CLIP_FIELDS,
  CLIP_PEDAL_FIELD,
  CLIP_NOTES_KEY,
  LOOP_RANGE_FIELD,
  NOTE_FIELDS,
  SECTION_FIELDS,
  SECTION_TEXT_KEYS,
  TEMPO_CHANGE_SPEC,
  TRACK_INSTRUMENT_FIELD,
} from "./arrangement-fields";
import { SONG_FIELDS, TRACK_FIELDS } from "./fields";
import { TRACK_MIX_FIELDS } from "./mixer-fields";
import { TRACK_INPUT_CHANNELS_FIELD } from "./track-input-fields";
import { clipsMap, sectionsMap, songMap, tempoChangesMap, tracksMap, transportMap, type EntityMap } from "./roots";
import type { RepairWrite } from "./repair";
import { PPQ } from "./timeline/tempo-map";

/**
 * The arrangement part of planSongRepair (schema v2): same contract — deterministic, idempotent, and it only
 * makes stored values what readers already show. Orphan clips (whose trackId names no instrument track, e.g.
 * a clip added while someone deleted its track) are deleted: readers already skip them. Run repair on a peer
 * that is in sync with the server (as the song page does), so a clip whose track has not arrived yet is not
 * mistaken for an orphan.
 */
export function planArrangementRepair(doc: Y.Doc, writes: RepairWrite[]): void {
  const instrumentTracks = new Set<string>();
  tracksMap(doc).forEach((value, id) => {
    if (!(value instanceof Y.Map)) return;
    const map = value as EntityMap;
    const kind = TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key));
    if (kind === "instrument") instrumentTracks.add(id);
    const raw = map.get(TRACK_INSTRUMENT_FIELD.key);
    if (!TRACK_INSTRUMENT_FIELD.isValidFor(raw, kind)) {
      writes.push(
        kind === "instrument"
          ? {
              map,
              key: TRACK_INSTRUMENT_FIELD.key,
              value: TRACK_INSTRUMENT_FIELD.coerce(raw, kind),
              reason: `track ${id}.instrument invalid`,
            }
          : { map, key: TRACK_INSTRUMENT_FIELD.key, delete: true, reason: `audio track ${id} has an instrument` },
      );
    }
    const inputRaw = map.get(TRACK_INPUT_CHANNELS_FIELD.key);
    if (inputRaw !== undefined && !TRACK_INPUT_CHANNELS_FIELD.isValid(inputRaw)) {
      // Absent reads as mono, which is what readers already show for an unusable value.
      writes.push({
        map,
        key: TRACK_INPUT_CHANNELS_FIELD.key,
        delete: true,
        reason: `track ${id}.inputChannels invalid`,
      });
    }
    // Mix fields are optional: only a present, unusable value is rewritten (to what readers already show).
    for (const spec of Object.values(TRACK_MIX_FIELDS)) {
      const mixRaw = map.get(spec.key);
      if (mixRaw !== undefined && !spec.isValid(mixRaw)) {
        writes.push({ map, key: spec.key, value: spec.coerce(mixRaw), reason: `track ${id}.${spec.key} invalid` });
      }
    }
  });

  const tempoChanges = tempoChangesMap(doc);
  tempoChanges.forEach((value, key) => {
    const parsed = TEMPO_CHANGE_SPEC.parseKey(key);
    const unusable = () =>
      writes.push({ map: tempoChanges, key, delete: true, reason: `tempoChanges.${key} unusable` });
    if (parsed === null) unusable();
    else if (parsed.kind === "tempo") {
      const tempo = TEMPO_CHANGE_SPEC.tempoOf(value);
      if (tempo === null) unusable();
      else if (!TEMPO_CHANGE_SPEC.isValidTempo(value))
        writes.push({ map: tempoChanges, key, value: tempo, reason: `tempoChanges.${key} out of range` });
    } else if (parsed.kind === "meter") {
      if (TEMPO_CHANGE_SPEC.meterOf(value) === null) unusable();
    } else {
      // A v2 entry that arrived after the migration (bar → bpm): kept as is; readers place it at its bar.
      const bpm = TEMPO_CHANGE_SPEC.bpmOf(value);
      if (bpm === null) unusable();
      else if (!TEMPO_CHANGE_SPEC.isValidBpm(value))
        writes.push({ map: tempoChanges, key, value: bpm, reason: `tempoChanges.${key} out of range` });
    }
  });

  const sections = sectionsMap(doc);
  sections.forEach((value, id) => {
    if (!(value instanceof Y.Map)) {
      writes.push({ map: sections, key: id, delete: true, reason: `sections.${id} is not a Y.Map` });
      return;
    }
    const map = value as EntityMap;
    for (const spec of Object.values(SECTION_FIELDS)) fieldWrite(writes, map, spec, id, "section");
    for (const key of Object.values(SECTION_TEXT_KEYS)) {
      const raw = map.get(key);
      if (!(raw instanceof Y.Text)) {
        writes.push({
          map,
          key,
          value: new Y.Text(typeof raw === "string" ? raw : ""),
          reason: `section ${id}.${key} is not a Y.Text`,
        });
      }
    }
  });

  const clips = clipsMap(doc);
  clips.forEach((value, id) => {
    if (!(value instanceof Y.Map)) {
      writes.push({ map: clips, key: id, delete: true, reason: `clips.${id} is not a Y.Map` });
      return;
    }
    const map = value as EntityMap;
    if (!instrumentTracks.has(CLIP_FIELDS.trackId.coerce(map.get(CLIP_FIELDS.trackId.key)))) {
      writes.push({ map: clips, key: id, delete: true, reason: `clip ${id} is on no instrument track` });
      return;
    }
    for (const spec of [CLIP_FIELDS.name, CLIP_FIELDS.startTick, CLIP_FIELDS.lengthTicks])
      fieldWrite(writes, map, spec, id, "clip");
    const pedal = map.get(CLIP_PEDAL_FIELD.key);
    if (pedal !== undefined && !CLIP_PEDAL_FIELD.isValid(pedal)) {
      writes.push({
        map,
        key: CLIP_PEDAL_FIELD.key,
        value: CLIP_PEDAL_FIELD.coerce(pedal),
        reason: `clip ${id}.pedal invalid`,
      });
    }
    const notes = map.get(CLIP_NOTES_KEY);
    if (!(notes instanceof Y.Map)) {
      writes.push({ map, key: CLIP_NOTES_KEY, value: new Y.Map<unknown>(), reason: `clip ${id}.notes is not a Y.Map` });
      return;
    }
    (notes as Y.Map<unknown>).forEach((note, noteId) => {
      if (!(note instanceof Y.Map)) {
        writes.push({
          map: notes as Y.Map<unknown>,
          key: noteId,
          delete: true,
          reason: `clip ${id} note ${noteId} is not a Y.Map`,
        });
        return;
      }
      for (const spec of Object.values(NOTE_FIELDS)) fieldWrite(writes, note as EntityMap, spec, noteId, "note");
    });
  });

  const transport = transportMap(doc);
  const loop = transport.get(LOOP_RANGE_FIELD.key);
  if (loop !== undefined && !LOOP_RANGE_FIELD.isValid(loop)) {
    const { numerator, denominator } = SONG_FIELDS.timeSignature.coerce(
      songMap(doc).get(SONG_FIELDS.timeSignature.key),
    );
    const ticksPerBar = ((PPQ * 4) / denominator) * numerator;
    writes.push({
      map: transport,
      key: LOOP_RANGE_FIELD.key,
      value: LOOP_RANGE_FIELD.coerce(loop, { ticksPerBar }),
      reason: "transport.loopRange invalid",
    });
  }
}

interface AnySpec {
  key: string;
  isValid: (raw: unknown) => boolean;
  coerce: (raw: unknown, ctx: { id: string }) => unknown;
}

function fieldWrite(writes: RepairWrite[], map: EntityMap, spec: AnySpec, id: string, what: string): void {
  const raw = map.get(spec.key);
  if (!spec.isValid(raw))
    writes.push({ map, key: spec.key, value: spec.coerce(raw, { id }), reason: `${what} ${id}.${spec.key} invalid` });
}
