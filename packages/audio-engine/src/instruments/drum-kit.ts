/** The drum kit's pieces and the General MIDI percussion pitches that play them. Pure. */
export type DrumPiece =
  | "kick"
  | "snare"
  | "closedHat"
  | "openHat"
  | "lowTom"
  | "midTom"
  | "highTom"
  | "crash"
  | "ride"
  | "tambourine"
  | "cowbell";

export const DRUM_PIECES: readonly DrumPiece[] = [
  "kick",
  "snare",
  "closedHat",
  "openHat",
  "lowTom",
  "midTom",
  "highTom",
  "crash",
  "ride",
  "tambourine",
  "cowbell",
];

/** GM percussion key → piece. Keys not listed are silent. */
export const DRUM_PIECE_BY_PITCH: Readonly<Record<number, DrumPiece>> = {
  35: "kick", // acoustic bass drum
  36: "kick", // bass drum 1
  37: "snare", // side stick
  38: "snare", // acoustic snare
  39: "snare", // hand clap
  40: "snare", // electric snare
  41: "lowTom", // low floor tom
  43: "lowTom", // high floor tom
  45: "midTom", // low tom
  47: "midTom", // low-mid tom
  48: "highTom", // hi-mid tom
  50: "highTom", // high tom
  42: "closedHat", // closed hi-hat
  44: "closedHat", // pedal hi-hat
  46: "openHat", // open hi-hat
  49: "crash", // crash cymbal 1
  52: "crash", // chinese cymbal
  55: "crash", // splash cymbal
  57: "crash", // crash cymbal 2
  51: "ride", // ride cymbal 1
  53: "ride", // ride bell
  59: "ride", // ride cymbal 2
  54: "tambourine",
  56: "cowbell",
};

export function drumPieceForPitch(pitch: number): DrumPiece | null {
  return DRUM_PIECE_BY_PITCH[pitch] ?? null;
}
