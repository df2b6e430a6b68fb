import { describe, expect, it } from "vitest";
import type { PresenceUser } from "../../../../app/lib/collab/SessionConnection";
import { wheelIntent } from "../../../../app/components/tracks/wheelIntent";
import { clipsSelectedByOthers, tracksSelectedByOthers } from "../../../../app/components/tracks/presenceMarks";

const wheel = (over: Partial<Parameters<typeof wheelIntent>[0]>) =>
  wheelIntent({
    deltaX: 0,
    deltaY: 0,
    deltaMode: 0,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    inHead: false,
    ...over,
  });

describe("the timeline's wheel", () => {
  it("Ctrl/⌘ + wheel zooms: down zooms out, up zooms in, by the same factor each way", () => {
    const out = wheel({ deltaY: 100, ctrlKey: true });
    const inn = wheel({ deltaY: -100, metaKey: true });
    expect(out.kind).toBe("zoom");
    expect(inn.kind).toBe("zoom");
    if (out.kind !== "zoom" || inn.kind !== "zoom") return;
    expect(out.factor).toBeLessThan(1);
    expect(out.factor * inn.factor).toBeCloseTo(1, 12);
  });

  it("a plain vertical wheel over the lanes is left to the track list's native scroll", () => {
    expect(wheel({ deltaY: 120 })).toEqual({ kind: "native" });
  });

  it("Shift, a sideways swipe, or any wheel over the ruler scrolls time", () => {
    expect(wheel({ deltaY: 120, shiftKey: true })).toEqual({ kind: "scroll-time", dx: 120 });
    expect(wheel({ deltaX: -40, deltaY: 10 })).toEqual({ kind: "scroll-time", dx: -40 });
    expect(wheel({ deltaY: 50, inHead: true })).toEqual({ kind: "scroll-time", dx: 50 });
  });

  it("line and page deltas become pixels", () => {
    expect(wheel({ deltaY: 3, deltaMode: 1, shiftKey: true })).toEqual({ kind: "scroll-time", dx: 48 });
    expect(wheel({ deltaX: 1, deltaMode: 2 })).toEqual({ kind: "scroll-time", dx: 400 });
  });
});

const person = (over: Partial<PresenceUser>): PresenceUser =>
  ({
    userId: "u",
    name: "Ana",
    color: "#f00",
    isLocal: false,
    selectedTrackId: null,
    selection: null,
    ...over,
  }) as PresenceUser;

describe("bandmates' selections on the arrangement", () => {
  const me = person({ userId: "me", isLocal: true, selectedTrackId: "t1", selection: { kind: "clip", ids: ["c1"] } });
  const ana = person({ userId: "a", name: "Ana", color: "#f00", selectedTrackId: "t1" });
  const ben = person({
    userId: "b",
    name: "Ben",
    color: "#0f0",
    selectedTrackId: "t1",
    selection: { kind: "clip", ids: ["c1", "c2"] },
  });
  const cleo = person({
    userId: "c",
    name: "Cleo",
    color: "#00f",
    selection: { kind: "notes", ids: ["n1"], clipId: "c3" },
  });

  it("outlines a track with everyone else who selected it, never with me", () => {
    const byTrack = tracksSelectedByOthers([me, ana, ben]);
    expect(byTrack.get("t1")?.map((p) => p.name)).toEqual(["Ana", "Ben"]);
  });

  it("marks clips selected, and the clip whose notes someone is editing; the first person wins", () => {
    const marks = clipsSelectedByOthers([
      me,
      ben,
      cleo,
      person({ userId: "d", name: "Dee", selection: { kind: "clip", ids: ["c2"] } }),
    ]);
    expect([...marks.keys()].sort()).toEqual(["c1", "c2", "c3"]);
    expect(marks.get("c2")).toEqual({ color: "#0f0", name: "Ben" });
    expect(marks.get("c3")).toEqual({ color: "#00f", name: "Cleo" });
  });
});
