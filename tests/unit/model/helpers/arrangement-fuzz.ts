import * as Y from "yjs";
import {
  INSTRUMENTS,
  LIMITS,
  NOTE_FIELDS,
  SECTION_FIELDS,
  CLIP_FIELDS,
  addMidiClip,
  addNotes,
  addSection,
  addTrack,
  deleteClip,
  deleteNotes,
  deleteSection,
  duplicateClip,
  duplicateSection,
  getSectionText,
  listClips,
  listNotes,
  listSections,
  listTempoChanges,
  listMeterChanges,
  setMeterChange,
  removeMeterChange,
  listTracks,
  moveClip,
  moveNotes,
  quantizeNotes,
  readLoopRange,
  removeTempoChange,
  resizeClip,
  setLoopRange,
  setTempoChange,
  setTrackInstrument,
  updateNotes,
  updateSection,
  type NoteInit,
  type Origin,
} from "@bandspace/model";
import type { Rng } from "./doc-spy";
import type { Peer } from "./fuzz-network";

/**
 * Random arrangement edits for the convergence fuzz (clips, notes, sections with texts, tempo changes,
 * duplicateSection, instruments, loop range, and rogue raw writes). Every call is valid for the peer's current
 * view; positions stay within a few hundred bars so duplication never runs out of timeline.
 */
const BAR = 3840;

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`postcondition failed: ${message}`);
}

function randomNote(rng: Rng): NoteInit {
  return {
    pitch: rng.int(128),
    startTick: rng.int(4 * BAR),
    durationTicks: 1 + rng.int(2 * BAR),
    velocity: 1 + rng.int(127),
  };
}

export function randomArrangementEdit(rng: Rng, peer: Peer, origin: Origin, trackId: (rng: Rng) => string): string {
  const doc = peer.doc;
  const instrumentTracks = listTracks(doc).filter((t) => t.kind === "instrument");
  const clips = listClips(doc);
  const sections = listSections(doc);
  const clip = clips.length > 0 ? rng.pick(clips) : null;
  const section = sections.length > 0 ? rng.pick(sections) : null;
  const roll = rng.int(100);
  const p = peer.name;

  // A rogue write can stretch a clip to the end of the timeline; the band shortens it before anything else.
  const huge = clips.find((c) => c.startTick + c.lengthTicks > 1000 * BAR);
  if (huge) {
    resizeClip(doc, huge.id, { lengthTicks: BAR }, origin);
    return `${p} resizeClip ${huge.id} back to one bar`;
  }
  if (instrumentTracks.length === 0 || roll < 4) {
    const t = addTrack(doc, { id: trackId(rng), kind: "instrument", instrument: rng.pick(INSTRUMENTS).id }, origin);
    return `${p} addTrack instrument ${t.id}`;
  }
  if (roll < 16 || clip === null) {
    const track = rng.pick(instrumentTracks);
    const notes = Array.from({ length: rng.int(4) }, () => randomNote(rng));
    const c = addMidiClip(
      doc,
      { trackId: track.id, startTick: rng.int(64) * BAR, lengthTicks: (1 + rng.int(4)) * BAR, notes },
      origin,
    );
    check(listNotes(doc, c.id).length === notes.length, "addMidiClip notes");
    return `${p} addMidiClip ${c.id} on ${track.id}`;
  }
  if (roll < 22) {
    const to = rng.chance(0.5)
      ? { startTick: rng.int(64) * BAR + rng.int(960) }
      : { trackId: rng.pick(instrumentTracks).id };
    moveClip(doc, clip.id, to, origin);
    return `${p} moveClip ${clip.id} ${JSON.stringify(to)}`;
  }
  if (roll < 26) {
    const end = clip.startTick + clip.lengthTicks;
    const edges = rng.chance(0.5)
      ? { lengthTicks: 1 + rng.int(4 * BAR) }
      : { startTick: Math.max(0, end - 1 - rng.int(2 * BAR)) };
    resizeClip(doc, clip.id, edges, origin);
    return `${p} resizeClip ${clip.id} ${JSON.stringify(edges)}`;
  }
  if (roll < 30) {
    deleteClip(doc, clip.id, origin);
    check(!listClips(doc).some((c) => c.id === clip.id), "deleteClip");
    return `${p} deleteClip ${clip.id}`;
  }
  if (roll < 33) {
    const copy = duplicateClip(doc, clip.id, origin);
    return `${p} duplicateClip ${clip.id} → ${copy.id}`;
  }
  const notes = listNotes(doc, clip.id);
  if (roll < 42 || notes.length === 0) {
    const added = addNotes(
      doc,
      clip.id,
      Array.from({ length: 1 + rng.int(3) }, () => randomNote(rng)),
      origin,
    );
    return `${p} addNotes ${clip.id} ×${added.length}`;
  }
  const picked = notes.filter(() => rng.chance(0.5));
  const ids = (picked.length > 0 ? picked : [notes[0]]).map((n) => n.id);
  const chosen = notes.filter((n) => ids.includes(n.id));
  if (roll < 48) {
    const minPitch = Math.min(...chosen.map((n) => n.pitch));
    const maxPitch = Math.max(...chosen.map((n) => n.pitch));
    const pitch = -minPitch + rng.int(127 - maxPitch + minPitch + 1);
    const ticks = -Math.min(...chosen.map((n) => n.startTick)) + rng.int(BAR);
    moveNotes(doc, clip.id, ids, { ticks, pitch }, origin);
    return `${p} moveNotes ${clip.id} ${ids.length} by ${ticks}/${pitch}`;
  }
  if (roll < 52) {
    updateNotes(
      doc,
      clip.id,
      ids.map((id) => ({ id, velocity: 1 + rng.int(127), durationTicks: 1 + rng.int(BAR) })),
      origin,
    );
    return `${p} updateNotes ${clip.id} ${ids.length}`;
  }
  if (roll < 55) {
    deleteNotes(doc, clip.id, ids, origin);
    return `${p} deleteNotes ${clip.id} ${ids.length}`;
  }
  if (roll < 57) {
    quantizeNotes(doc, clip.id, rng.chance(0.5) ? null : ids, rng.pick([240, 480, 960]), origin);
    return `${p} quantizeNotes ${clip.id}`;
  }
  if (roll < 65 || section === null) {
    const s = addSection(
      doc,
      {
        name: rng.pick(["Verse", "Chorus", "Bridge"]),
        startTick: rng.int(64) * BAR,
        lengthTicks: (1 + rng.int(8)) * BAR,
      },
      origin,
    );
    return `${p} addSection ${s.id}`;
  }
  if (roll < 69) {
    const patch = rng.chance(0.5)
      ? { startTick: rng.int(64) * BAR }
      : { name: `Part ${rng.int(10)}`, lengthTicks: (1 + rng.int(8)) * BAR };
    updateSection(doc, section.id, patch, origin);
    return `${p} updateSection ${section.id} ${JSON.stringify(patch)}`;
  }
  if (roll < 72) {
    deleteSection(doc, section.id, origin);
    return `${p} deleteSection ${section.id}`;
  }
  if (roll < 77) {
    const before = listSections(doc).length;
    const copy = duplicateSection(doc, section.id, origin);
    check(
      listSections(doc).length === before + 1 && copy.startTick === section.startTick + section.lengthTicks,
      "duplicateSection",
    );
    return `${p} duplicateSection ${section.id} → ${copy.id}`;
  }
  if (roll < 82) {
    const text = getSectionText(doc, section.id, rng.pick(["lyrics", "chords"] as const));
    if (text.doc !== doc) return `${p} text of ${section.id} is detached`;
    doc.transact(() => text.insert(rng.int(text.length + 1), rng.pick(["la ", "Am ", "| G "])), origin);
    return `${p} type into ${section.id}`;
  }
  if (roll < 87) {
    const bar = 2 + rng.int(40);
    const which = rng.int(4);
    if (which === 0) {
      if (rng.chance(0.7)) setTempoChange(doc, { bar, bpm: 20 + rng.int(38000) / 100 }, origin);
      else removeTempoChange(doc, bar, origin);
      return `${p} tempo change at bar ${bar}`;
    }
    if (which === 1) {
      // Mid-bar, instant or ramp.
      const tick = 1 + rng.int(40 * BAR);
      if (rng.chance(0.7)) setTempoChange(doc, { tick, bpm: 20 + rng.int(38000) / 100, ramp: rng.chance(0.5) }, origin);
      else removeTempoChange(doc, { tick }, origin);
      return `${p} tempo change at tick ${tick}`;
    }
    if (rng.chance(0.7))
      setMeterChange(doc, { bar, numerator: 1 + rng.int(12), denominator: rng.pick([2, 4, 8, 16]) }, origin);
    else removeMeterChange(doc, bar, origin);
    return `${p} meter change at bar ${bar}`;
  }
  if (roll < 90) {
    setTrackInstrument(doc, rng.pick(instrumentTracks).id, rng.pick(INSTRUMENTS).id, origin);
    return `${p} setTrackInstrument`;
  }
  if (roll < 93) {
    const startTick = rng.int(32) * BAR;
    setLoopRange(doc, { startTick, endTick: startTick + (1 + rng.int(8)) * BAR }, origin);
    return `${p} setLoopRange`;
  }
  // A buggy or malicious peer: out-of-range notes, orphaned or broken clips, bad tempo keys, missing texts.
  const kind = rng.int(6);
  doc.transact(() => {
    const clipMap = doc.getMap<Y.Map<unknown>>("clips").get(clip.id)!;
    if (kind === 0)
      (clipMap.get("notes") as Y.Map<Y.Map<unknown>>)
        .get(ids[0])
        ?.set(rng.pick([NOTE_FIELDS.pitch.key, NOTE_FIELDS.velocity.key]), rng.pick([-4, 300, 2.5, "x"]));
    else if (kind === 1) clipMap.set(CLIP_FIELDS.trackId.key, rng.pick(["nosuchtrack000", 5]));
    else if (kind === 2) clipMap.set(CLIP_FIELDS.lengthTicks.key, rng.pick([0, -1, 1e12]));
    else if (kind === 3)
      doc
        .getMap("tempoChanges")
        .set(
          rng.pick(["01", "1", "x", "5", "t0", "t07", "t960", "m1", "m3"]),
          rng.pick([1000, "fast", 90, { bpm: 90 }, { bpm: 1e4, ramp: true }, { numerator: 7, denominator: 3 }]),
        );
    else if (kind === 4)
      doc
        .getMap<Y.Map<unknown>>("sections")
        .get(section.id)
        ?.delete(rng.pick(["lyrics", "chords"]));
    else doc.getMap<Y.Map<unknown>>("sections").get(section.id)?.set(SECTION_FIELDS.startTick.key, -BAR);
  }, "rogue");
  return `${p} rogue arrangement write #${kind}`;
}

/** Everything the arrangement readers return, for convergence comparison. */
export function arrangementSnapshot(doc: Y.Doc) {
  return {
    tempoChanges: listTempoChanges(doc),
    meters: listMeterChanges(doc),
    loop: readLoopRange(doc),
    clips: listClips(doc).map((c) => ({ ...c, notes: listNotes(doc, c.id) })),
    sections: listSections(doc).map((s) => ({
      ...s,
      lyrics: getSectionText(doc, s.id, "lyrics").toString(),
      chords: getSectionText(doc, s.id, "chords").toString(),
    })),
  };
}

/** Reader output must satisfy the field specs whatever is stored. */
export function arrangementReaderProblems(doc: Y.Doc): string[] {
  const problems: string[] = [];
  const snap = arrangementSnapshot(doc);
  for (const t of listTracks(doc)) {
    if ((t.kind === "instrument") !== (t.instrument !== null))
      problems.push(`track ${t.id}.instrument = ${t.instrument}`);
  }
  for (const c of snap.tempoChanges)
    if (!(c.tick >= 1 && c.bar > 1 && c.bpm >= LIMITS.tempoMinBpm && c.bpm <= LIMITS.tempoMaxBpm))
      problems.push(`tempo change ${JSON.stringify(c)}`);
  for (const c of snap.clips) {
    if (!CLIP_FIELDS.startTick.isValid(c.startTick) || !CLIP_FIELDS.lengthTicks.isValid(c.lengthTicks))
      problems.push(`clip ${c.id}`);
    for (const n of c.notes) {
      for (const spec of Object.values(NOTE_FIELDS)) {
        if (!spec.isValid(n[spec.key as keyof typeof n]))
          problems.push(`note ${n.id}.${spec.key} = ${n[spec.key as keyof typeof n]}`);
      }
    }
  }
  for (const s of snap.sections) {
    for (const spec of Object.values(SECTION_FIELDS)) {
      if (!spec.isValid(s[spec.key as keyof typeof s])) problems.push(`section ${s.id}.${spec.key}`);
    }
  }
  if (!(snap.loop.startTick >= 0 && snap.loop.endTick > snap.loop.startTick)) problems.push("loop range");
  return problems;
}
