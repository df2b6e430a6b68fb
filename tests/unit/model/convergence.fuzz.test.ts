import * as Y from "yjs";
import { describe, expect, it, vi } from "vitest";
import {
  PITCH_CLASS_NAMES,
  SONG_FIELDS,
  TRACK_COLORS,
  TRACK_FIELDS,
  addTrack,
  checkSongInvariants,
  deleteTrack,
  listTracks,
  moveTrack,
  readSong,
  renameTrack,
  repairSongDoc,
  setKey,
  setSongTitle,
  setTempo,
  setTimeSignature,
  setTrackColor,
  type Origin,
} from "@bandspace/model";
import { makeRng, type Rng } from "./helpers/doc-spy";
import { FuzzNetwork, type Peer } from "./helpers/fuzz-network";
import { arrangementReaderProblems, arrangementSnapshot, randomArrangementEdit } from "./helpers/arrangement-fuzz";
import { editingReaderProblems, editingSnapshot, randomEditingEdit } from "./helpers/editing-fuzz";
import { mixReaderProblems, mixSnapshot, randomMixEdit } from "./helpers/mix-fuzz";

/**
 * Seeded convergence fuzz: 3–4 peers make random edits while a lossy, reordering network delivers some of
 * them; at the end everything is delivered and every replica must read the same song and track list, with
 * valid values, and — after any peer runs repairSongDoc — with every stored invariant holding.
 *
 * A failure names its seed. Reproduce one with FUZZ_SEED=<seed>, and pin it below as a named regression.
 */
const SEED_COUNT = Number(process.env.FUZZ_SEEDS ?? 100);
const STEPS = Number(process.env.FUZZ_STEPS ?? 120);

function randomId(rng: Rng): string {
  const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  let id = "";
  for (let i = 0; i < 16; i++) id += alphabet[rng.int(36)];
  return id;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`postcondition failed: ${message}`);
}

const indexOf = (peer: Peer, id: string) => listTracks(peer.doc).findIndex((t) => t.id === id);

/**
 * One random edit on one peer, always a valid call for that peer's current view, followed by a check that
 * the edit did what it says locally. Returns a log line.
 */
function randomEdit(rng: Rng, peer: Peer, origin: Origin): string {
  const doc = peer.doc;
  const tracks = listTracks(doc);
  const track = tracks.length > 0 ? rng.pick(tracks) : null;
  const roll = rng.int(100);
  if (roll < 22 || track === null) {
    const index = rng.chance(0.5) ? undefined : rng.int(tracks.length + 1);
    const t = addTrack(doc, { id: randomId(rng), index, kind: rng.pick(["audio", "instrument"] as const) }, origin);
    check(
      indexOf(peer, t.id) === (index ?? tracks.length),
      `addTrack placed ${t.id} at ${indexOf(peer, t.id)}, not ${index}`,
    );
    return `${peer.name} addTrack ${t.id} @${index ?? "end"}`;
  }
  if (roll < 40) {
    const to = rng.int(tracks.length);
    moveTrack(doc, track.id, to, origin);
    check(indexOf(peer, track.id) === to, `moveTrack left ${track.id} at ${indexOf(peer, track.id)}, not ${to}`);
    const others = (list: typeof tracks) =>
      list
        .filter((t) => t.id !== track.id)
        .map((t) => t.id)
        .join();
    check(others(listTracks(doc)) === others(tracks), "moveTrack reordered other tracks");
    return `${peer.name} moveTrack ${track.id} -> ${to}`;
  }
  if (roll < 50) {
    const name = `T${rng.int(1000)}`;
    renameTrack(doc, track.id, name, origin);
    check(listTracks(doc)[indexOf(peer, track.id)].name === name, "renameTrack");
    return `${peer.name} renameTrack ${track.id} ${name}`;
  }
  if (roll < 57) {
    const color = rng.pick(TRACK_COLORS);
    setTrackColor(doc, track.id, color, origin);
    return `${peer.name} setTrackColor ${track.id} ${color}`;
  }
  if (roll < 66) {
    deleteTrack(doc, track.id, origin);
    check(indexOf(peer, track.id) === -1 && listTracks(doc).length === tracks.length - 1, "deleteTrack");
    return `${peer.name} deleteTrack ${track.id}`;
  }
  if (roll < 74) {
    const bpm = 20 + rng.int(38000) / 100;
    setTempo(doc, bpm, origin);
    return `${peer.name} setTempo ${bpm}`;
  }
  if (roll < 80) {
    const title = `Song ${rng.int(100)}`;
    setSongTitle(doc, title, origin);
    return `${peer.name} setSongTitle ${title}`;
  }
  if (roll < 84) {
    const n = 1 + rng.int(32);
    const d = rng.pick([1, 2, 4, 8, 16, 32]);
    setTimeSignature(doc, n, d, origin);
    return `${peer.name} setTimeSignature ${n}/${d}`;
  }
  if (roll < 88) {
    const key = { tonic: rng.pick(PITCH_CLASS_NAMES), mode: rng.pick(["major", "minor"] as const) };
    setKey(doc, key, origin);
    return `${peer.name} setKey ${key.tonic} ${key.mode}`;
  }
  if (roll < 94) {
    const before = listTracks(doc)
      .map((t) => t.id)
      .join();
    const wrote = repairSongDoc(doc);
    check(
      listTracks(doc)
        .map((t) => t.id)
        .join() === before,
      "repairSongDoc changed the visible order",
    );
    check(checkSongInvariants(doc).length === 0, "repairSongDoc left invariants broken");
    return `${peer.name} repairSongDoc → ${wrote}`;
  }
  // A buggy or malicious peer bypassing the operations: out-of-range tempo, broken or duplicated order keys.
  const kind = rng.int(3);
  doc.transact(() => {
    if (kind === 0) doc.getMap("song").set("tempoBpm", rng.pick([0, 1000, -3, 123.456]));
    else if (kind === 1)
      doc
        .getMap<Y.Map<unknown>>("tracks")
        .get(track.id)!
        .set("order", rng.pick(["", "V0", "!"]));
    else doc.getMap<Y.Map<unknown>>("tracks").get(track.id)!.set("order", rng.pick(tracks).order);
  }, "rogue");
  return `${peer.name} rogue write #${kind} on ${track.id}`;
}

function snapshot(peer: Peer) {
  return {
    song: readSong(peer.doc),
    tracks: listTracks(peer.doc),
    ...arrangementSnapshot(peer.doc),
    ...editingSnapshot(peer.doc),
    mix: mixSnapshot(peer.doc),
  };
}

/** What readers return must satisfy the field specs whatever is stored (unique ids, valid values). */
function readerProblems(peer: Peer): string[] {
  const problems: string[] = [];
  const { song, tracks } = snapshot(peer);
  for (const [name, spec] of Object.entries(SONG_FIELDS)) {
    if (!spec.isValid(song[name as keyof typeof song])) problems.push(`song.${name}`);
  }
  const ids = tracks.map((t) => t.id);
  if (new Set(ids).size !== ids.length) problems.push("duplicate track ids");
  for (const t of tracks) {
    const fields = [
      [TRACK_FIELDS.name, t.name],
      [TRACK_FIELDS.color, t.color],
      [TRACK_FIELDS.kind, t.kind],
      [TRACK_FIELDS.createdAt, t.createdAt],
    ] as const;
    for (const [spec, value] of fields) {
      if (!spec.isValid(value)) problems.push(`track ${t.id}.${spec.key} = ${JSON.stringify(value)}`);
    }
  }
  return [
    ...problems,
    ...arrangementReaderProblems(peer.doc),
    ...editingReaderProblems(peer.doc),
    ...mixReaderProblems(peer.doc),
  ];
}

/**
 * Which edits a run makes: the song and track ops only, or those mixed with arrangement, editing or mixer ops.
 */
export type EditMix = "tracks" | "arrangement" | "editing" | "mixer";

/** Runs one seed; throws with the seed and the tail of the operation log on any failure. */
export function runConvergenceSeed(seed: number, steps = STEPS, mix: EditMix = "tracks"): void {
  const rng = makeRng(seed);
  const net = new FuzzNetwork(3 + rng.int(2), rng);
  const log: string[] = [];
  // Ids the operations make (clips, notes, sections) come from crypto; seed it too so a seed replays exactly.
  const idRng = makeRng(seed ^ 0x51d5);
  const ids = vi
    .spyOn(globalThis.crypto, "getRandomValues")
    .mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      const bytes = array as unknown as Uint8Array;
      for (let i = 0; i < bytes.length; i++) bytes[i] = idRng.int(256);
      return array;
    });
  try {
    for (let step = 0; step < steps; step++) {
      if (rng.chance(0.55)) {
        const i = rng.int(net.peers.length);
        const origin: Origin = { kind: "user", userId: `user${i}` };
        const other = mix !== "tracks" && rng.chance(mix === "editing" || mix === "mixer" ? 0.7 : 0.5);
        log.push(
          !other
            ? randomEdit(rng, net.peers[i], origin)
            : mix === "arrangement"
              ? randomArrangementEdit(rng, net.peers[i], origin, randomId)
              : mix === "editing"
                ? randomEditingEdit(rng, net.peers[i], origin, randomId)
                : randomMixEdit(rng, net.peers[i], origin, randomId),
        );
      } else {
        log.push(net.step());
      }
    }

    net.settle();
    const reference = snapshot(net.peers[0]);
    for (const peer of net.peers) {
      expect(Y.encodeStateVector(peer.doc), `${peer.name} state vector`).toEqual(Y.encodeStateVector(net.peers[0].doc));
      expect(snapshot(peer), `${peer.name} converged`).toEqual(reference);
      expect(readerProblems(peer), `${peer.name} reader output`).toEqual([]);
    }

    // Every peer repairs the same state at once (the worst case); the writes agree, and repair moves nothing.
    for (const peer of net.peers) repairSongDoc(peer.doc);
    net.settle();
    const repaired = snapshot(net.peers[0]);
    expect(repaired.song).toEqual(reference.song);
    const visible = (s: typeof reference) => s.tracks.map(({ order: _order, ...rest }) => rest);
    expect(visible(repaired)).toEqual(visible(reference));
    for (const peer of net.peers) {
      expect(snapshot(peer), `${peer.name} converged after repair`).toEqual(repaired);
      expect(checkSongInvariants(peer.doc), `${peer.name} invariants after repair`).toEqual([]);
      expect(repairSongDoc(peer.doc), `${peer.name} repair is idempotent`).toBe(false);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Convergence fuzz (${mix}) failed for seed ${seed} (reproduce: FUZZ_SEED=${seed} npx vitest run --project unit tests/unit/model/convergence.fuzz.test.ts)\n` +
        `${message}\nlast operations:\n  ${log.slice(-25).join("\n  ")}`,
      { cause: error },
    );
  } finally {
    ids.mockRestore();
  }
}

/**
 * Pinned seeds (120 steps, with the op mix above — re-pin if the generator changes). Each one failed when the
 * named behaviour was broken on purpose while this suite was written, so they guard it even if the seed range
 * of the main loop changes.
 */
describe("convergence fuzz regressions", () => {
  it("seed 1: inserting between tied order keys re-keys the tie inside the op (fails if ops skip the re-key)", () => {
    runConvergenceSeed(1, 120);
  });

  it("seed 2: tied order keys sort by id on every peer (fails if readers drop the id tie-break)", () => {
    runConvergenceSeed(2, 120);
  });

  it("seed 4 (editing): a clip moved off a track that is then deleted keeps playing its take, and repair still fits its window into it (fails if repair or playback look takes up by their track)", () => {
    runConvergenceSeed(4, 120, "editing");
  });

  it("seed 202 (editing): a swipe over a merged, unrepaired comp overlap is not hidden by it (fails if compTake cuts only what readers show)", () => {
    runConvergenceSeed(202, 120, "editing");
  });

  it("seed 4 (mixer): concurrent bus routes that loop are broken by readers and repair alike (fails if readers keep a looping edge)", () => {
    runConvergenceSeed(4, 120, "mixer");
  });
});

describe("convergence fuzz", () => {
  it(`converges for ${process.env.FUZZ_SEED ? `seed ${process.env.FUZZ_SEED}` : `${SEED_COUNT} seeds`}`, () => {
    const seeds = process.env.FUZZ_SEED
      ? [Number(process.env.FUZZ_SEED)]
      : Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
    for (const seed of seeds) runConvergenceSeed(seed);
  });

  it(`converges with arrangement edits (clips, notes, sections, tempo changes, duplicateSection) for ${process.env.FUZZ_SEED ? `seed ${process.env.FUZZ_SEED}` : `${SEED_COUNT} seeds`}`, () => {
    const seeds = process.env.FUZZ_SEED
      ? [Number(process.env.FUZZ_SEED)]
      : Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
    for (const seed of seeds) runConvergenceSeed(seed, STEPS, "arrangement");
  });

  it(`converges with mixer edits (buses, routing, sends, inserts, parameters, automation) for ${process.env.FUZZ_SEED ? `seed ${process.env.FUZZ_SEED}` : `${SEED_COUNT} seeds`}`, () => {
    const seeds = process.env.FUZZ_SEED
      ? [Number(process.env.FUZZ_SEED)]
      : Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
    for (const seed of seeds) runConvergenceSeed(seed, STEPS, "mixer");
  });
});

describe("convergence fuzz with editing and comping (issue 19)", () => {
  it(`converges with clip edits, fades, comps and rogue clip writes for ${process.env.FUZZ_SEED ? `seed ${process.env.FUZZ_SEED}` : `${SEED_COUNT} seeds`}`, () => {
    const seeds = process.env.FUZZ_SEED
      ? [Number(process.env.FUZZ_SEED)]
      : Array.from({ length: SEED_COUNT }, (_, i) => i + 1);
    for (const seed of seeds) runConvergenceSeed(seed, STEPS, "editing");
  });
});
