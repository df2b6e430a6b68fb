import * as Y from "yjs";
import { describe, expect, it } from "vitest";
import {
  addMidiClip,
  addTrack,
  checkSongInvariants,
  copyMidiClips,
  glueMidiClips,
  listClips,
  listNotes,
  pasteMidiClips,
  splitMidiClip,
} from "@bandspace/model";
import { USER, expectOneTransaction, expectRejected } from "./helpers/doc-spy";

const BAR = 3840;

function setup() {
  const doc = new Y.Doc();
  const keys = addTrack(doc, { kind: "instrument" }, USER).id;
  const bass = addTrack(doc, { kind: "instrument", instrument: "bass" }, USER).id;
  const audio = addTrack(doc, { kind: "audio" }, USER).id;
  const clip = addMidiClip(
    doc,
    {
      trackId: keys,
      startTick: BAR,
      lengthTicks: 2 * BAR,
      notes: [
        { pitch: 60, startTick: 0, durationTicks: 960, velocity: 100 },
        { pitch: 62, startTick: BAR - 480, durationTicks: 960, velocity: 90 }, // held across bar 3
        { pitch: 64, startTick: BAR, durationTicks: 480, velocity: 80 },
      ],
    },
    USER,
  );
  return { doc, keys, bass, audio, clip };
}

/** Every note as [absolute start, pitch, duration]: what plays, whatever the clips. */
const played = (doc: Y.Doc) =>
  listClips(doc)
    .flatMap((c) =>
      listNotes(doc, c.id)
        .filter((n) => n.startTick < c.lengthTicks)
        .map((n) => [c.startTick + n.startTick, n.pitch, Math.min(n.durationTicks, c.lengthTicks - n.startTick)]),
    )
    .sort((a, b) => a[0] - b[0]);

describe("MIDI clip editing", () => {
  it("split keeps every note at its time; a note held across the split is cut there; glue puts it back", () => {
    const { doc, clip } = setup();
    const before = played(doc);
    const { result } = expectOneTransaction(doc, USER, () => splitMidiClip(doc, clip.id, 2 * BAR, USER));
    expect(result.left).toMatchObject({ id: clip.id, startTick: BAR, lengthTicks: BAR });
    expect(result.right).toMatchObject({ startTick: 2 * BAR, lengthTicks: BAR });
    expect(listNotes(doc, result.right.id).map((n) => [n.startTick, n.pitch])).toEqual([[0, 64]]);
    expect(played(doc)).toEqual([
      [BAR, 60, 960],
      [2 * BAR - 480, 62, 480],
      [2 * BAR, 64, 480],
    ]);
    expectRejected(doc, "INVALID_EDIT", () => splitMidiClip(doc, clip.id, BAR, USER));
    const glued = glueMidiClips(doc, [result.right.id, clip.id], USER);
    expect(glued).toMatchObject({ id: clip.id, startTick: BAR, lengthTicks: 2 * BAR });
    expect(listClips(doc)).toHaveLength(1);
    expect(played(doc)).toEqual(before.map((n) => (n[1] === 62 ? [n[0], 62, 480] : n)));
    expect(checkSongInvariants(doc)).toEqual([]);
  });

  it("glue refuses clips on different tracks", () => {
    const { doc, clip, bass } = setup();
    const other = addMidiClip(doc, { trackId: bass, startTick: 0, lengthTicks: BAR }, USER);
    expectRejected(doc, "INVALID_EDIT", () => glueMidiClips(doc, [clip.id, other.id], USER));
  });

  it("copy/paste lands at a tick on another instrument track with the notes in place; not on an audio track", () => {
    const { doc, clip, bass, audio } = setup();
    const board = copyMidiClips(doc, [clip.id]);
    const [pasted] = pasteMidiClips(doc, board, { tick: 8 * BAR, trackId: bass }, USER);
    expect(pasted).toMatchObject({ trackId: bass, startTick: 8 * BAR, lengthTicks: 2 * BAR });
    expect(listNotes(doc, pasted.id).map((n) => [n.startTick, n.pitch])).toEqual(
      listNotes(doc, clip.id).map((n) => [n.startTick, n.pitch]),
    );
    expectRejected(doc, "NOT_AN_INSTRUMENT_TRACK", () => pasteMidiClips(doc, board, { tick: 0, trackId: audio }, USER));
    expectRejected(doc, "INVALID_PITCH", () =>
      pasteMidiClips(
        doc,
        {
          ...board,
          clips: [{ ...board.clips[0], notes: [{ pitch: 300, startTick: 0, durationTicks: 1, velocity: 1 }] }],
        },
        { tick: 0 },
        USER,
      ),
    );
  });
});
