import type * as Y from "yjs";
import { ModelError } from "./errors";
import { TRACK_FIELDS } from "./fields";
import { TRACK_INSTRUMENT_FIELD, type InstrumentId } from "./arrangement-fields";
import { validateInstrument } from "./arrangement-validate";
import { transactAs, type Origin } from "./origin";
import { setIfChanged } from "./roots";
import { requireTrack } from "./tracks";

export type { InstrumentId } from "./arrangement-fields";

/** The built-in instruments an instrument track can play, in menu order. */
export const INSTRUMENTS: readonly { id: InstrumentId; name: string }[] = [
  { id: "piano", name: "Piano" },
  { id: "bass", name: "Bass" },
  { id: "pad", name: "Pad" },
  { id: "lead", name: "Lead" },
  { id: "drums", name: "Drums" },
];

/**
 * General MIDI program (0-based) written for each instrument in exported MIDI files; drums use channel 10
 * (index 9) and program 0 (Standard Kit).
 */
export const GM_PROGRAMS: Readonly<Record<InstrumentId, number>> = {
  piano: 0, // Acoustic Grand Piano
  bass: 33, // Electric Bass (finger)
  pad: 89, // Pad 2 (warm)
  lead: 80, // Lead 1 (square)
  drums: 0,
};

/** The instrument for a GM program (0..127) on a melodic channel, by GM family. */
export function instrumentForProgram(program: number): InstrumentId {
  if (program >= 32 && program <= 39) return "bass";
  if ((program >= 16 && program <= 23) || (program >= 40 && program <= 55) || (program >= 88 && program <= 103))
    return "pad"; // organ, strings, ensemble, synth pad, synth fx
  if (program >= 56 && program <= 87) return "lead"; // brass, reed, pipe, synth lead
  return "piano"; // piano, chromatic percussion, guitar, ethnic, percussive, sound effects
}

/** General MIDI percussion (channel 10) notes the drum instrument plays, low to high. */
export const DRUM_MAP: readonly { pitch: number; name: string }[] = [
  { pitch: 35, name: "Kick 2" },
  { pitch: 36, name: "Kick" },
  { pitch: 37, name: "Side stick" },
  { pitch: 38, name: "Snare" },
  { pitch: 39, name: "Clap" },
  { pitch: 40, name: "Snare 2" },
  { pitch: 41, name: "Low floor tom" },
  { pitch: 42, name: "Closed hi-hat" },
  { pitch: 43, name: "High floor tom" },
  { pitch: 44, name: "Pedal hi-hat" },
  { pitch: 45, name: "Low tom" },
  { pitch: 46, name: "Open hi-hat" },
  { pitch: 47, name: "Low-mid tom" },
  { pitch: 48, name: "Hi-mid tom" },
  { pitch: 49, name: "Crash" },
  { pitch: 50, name: "High tom" },
  { pitch: 51, name: "Ride" },
  { pitch: 52, name: "China" },
  { pitch: 53, name: "Ride bell" },
  { pitch: 54, name: "Tambourine" },
  { pitch: 55, name: "Splash" },
  { pitch: 56, name: "Cowbell" },
  { pitch: 57, name: "Crash 2" },
  { pitch: 59, name: "Ride 2" },
];

/** Changes what an instrument track plays. Audio tracks have no instrument: NOT_AN_INSTRUMENT_TRACK. */
export function setTrackInstrument(doc: Y.Doc, trackId: string, instrument: InstrumentId, origin: Origin): void {
  const value = validateInstrument(instrument);
  const map = requireTrack(doc, trackId);
  if (TRACK_FIELDS.kind.coerce(map.get(TRACK_FIELDS.kind.key)) !== "instrument") {
    throw new ModelError(
      "NOT_AN_INSTRUMENT_TRACK",
      "That is an audio track; only instrument tracks have an instrument.",
    );
  }
  transactAs(doc, origin, () => setIfChanged(map, TRACK_INSTRUMENT_FIELD.key, value));
}
