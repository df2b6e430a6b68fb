import type { InstrumentId } from "@bandspace/model";
import type { Context } from "../tone";
import { BassInstrument } from "./bass";
import { DrumsInstrument } from "./drums";
import type { Instrument } from "./instrument";
import { LeadInstrument } from "./lead";
import { PadInstrument } from "./pad";
import { PianoInstrument } from "./piano";

export { ToneInstrument, VoicePool, SILENCE_FADE, type Instrument, type InstrumentOptions, type VoiceSet } from "./instrument";
export { PianoInstrument, pianoVoice, type PianoOptions } from "./piano";
export { BassInstrument, bassVoice, type BassOptions } from "./bass";
export { PadInstrument, padVoice, type PadOptions } from "./pad";
export { LeadInstrument, leadVoice, type LeadOptions } from "./lead";
export { DrumsInstrument, DrumVoices, type DrumsOptions } from "./drums";
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
