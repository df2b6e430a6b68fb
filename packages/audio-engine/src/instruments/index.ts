import type { InstrumentId } from "@bandspace/model";
import type { Context } from "../tone";
import { BassInstrument } from "./bass";
import { DrumsInstrument } from "./drums";
import type { Instrument } from "./instrument";
import { LeadInstrument } from "./lead";
import { PadInstrument } from "./pad";
import { PianoInstrument } from "./piano";

export { SynthInstrument, CUT_FADE, type Instrument, type InstrumentOptions, type NoteVoice } from "./instrument";
export {
  planEnvelope,
  applyEnvelope,
  expLevel,
  type Adsr,
  type EnvelopeEvent,
  type EnvelopePlan,
  type EnvelopeLevels,
} from "./envelope";
export { PianoInstrument, type PianoOptions } from "./piano";
export { BassInstrument, type BassOptions } from "./bass";
export { PadInstrument, type PadOptions } from "./pad";
export { LeadInstrument, type LeadOptions } from "./lead";
export { DrumsInstrument, whiteNoise, type DrumsOptions } from "./drums";
export { Metronome, type MetronomeOptions } from "./metronome";
export { DRUM_PIECES, DRUM_PIECE_BY_PITCH, drumPieceForPitch, type DrumPiece } from "./drum-kit";

/** The instrument a track's `instrument` id plays, with default options. */
export function createInstrument(id: InstrumentId, context: Context): Instrument {
  switch (id) {
    case "piano":
      return new PianoInstrument(context);
    case "bass":
      return new BassInstrument(context);
    case "pad":
      return new PadInstrument(context);
    case "lead":
      return new LeadInstrument(context);
    case "drums":
      return new DrumsInstrument(context);
  }
  // An id from a newer document than this engine knows: play it on the piano rather than not at all.
  return new PianoInstrument(context);
}
