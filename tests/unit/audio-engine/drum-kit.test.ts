import { describe, expect, it } from "vitest";
import { DRUM_MAP } from "@bandspace/model";
import { DRUM_PIECES, drumPieceForPitch } from "@bandspace/audio-engine/pure";

describe("drum kit", () => {
  it("plays every pitch of the model's DRUM_MAP, and the named kit pieces on their GM pitches", () => {
    for (const { pitch, name } of DRUM_MAP) expect(drumPieceForPitch(pitch), `${pitch} ${name}`).not.toBeNull();
    expect([36, 38, 42, 46, 41, 45, 48, 49, 51].map(drumPieceForPitch)).toEqual([
      "kick",
      "snare",
      "closedHat",
      "openHat",
      "lowTom",
      "midTom",
      "highTom",
      "crash",
      "ride",
    ]);
    expect(new Set(DRUM_MAP.map((d) => drumPieceForPitch(d.pitch)))).toEqual(new Set(DRUM_PIECES));
    expect(drumPieceForPitch(60)).toBeNull();
  });
});
