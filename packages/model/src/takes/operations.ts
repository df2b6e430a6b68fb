import * as Y from "yjs";
import { ModelError } from "../errors";
import { transactAs, type Origin } from "../origin";
import { entityAt, setIfChanged, type EntityMap } from "../roots";
import { validateEnd, validateTick } from "../arrangement-validate";
import { randomId } from "../ids";
import { AUDIO_CLIP_FIELDS, TAKE_FIELDS, TAKE_LIMITS, isEntityId, isTakeId } from "./fields";
import {
  audioClipEntries,
  audioClipsMap,
  compareAudioClips,
  compareTakes,
  findTake,
  NO_FADES,
  requireAudioClip,
  requireAudioTrack,
  takeEntries,
  takesMap,
  type AudioClip,
  type Take,
} from "./store";

/** Operations on recorded takes and audio clips: each validates first, then writes in one transaction. */

export interface RecordedTakeInit {
  /** The id the take has on the server (take:start). */
  takeId: string;
  trackId: string;
  /** One recording's id: every pass of a loop recording shares it; default: the take id (a single take). */
  groupId?: string;
  passIndex?: number;
  startTick: number;
  sampleRate: number;
  channels: 1 | 2;
  frames: number;
  latencyMs?: number;
  createdBy?: string;
  createdAt?: number;
}

export interface TakeLane {
  groupId: string;
  /** The audio clip playing this recording (null if someone deleted it: the takes stay listed). */
  clipId: string | null;
  activeTakeId: string | null;
  /** One per pass, by pass index. */
  takes: Take[];
}

function invalid(message: string): never {
  throw new ModelError("INVALID_TAKE", message);
}

function validateInit(init: RecordedTakeInit): Required<RecordedTakeInit> {
  if (typeof init !== "object" || init === null)
    invalid("A take needs an id, a track, a position and its audio format.");
  if (!isTakeId(init.takeId)) invalid("A take id is 16–32 lower-case letters or digits.");
  const groupId = init.groupId ?? init.takeId;
  if (!isEntityId(groupId)) invalid("A recording id is 1–64 letters, digits, _ or -.");
  const passIndex = init.passIndex ?? 0;
  if (!TAKE_FIELDS.passIndex.isValid(passIndex))
    invalid(`A loop pass is a whole number 0..${TAKE_LIMITS.maxPassIndex}.`);
  const startTick = validateTick(init.startTick, "The take's start");
  if (!TAKE_FIELDS.sampleRate.isValid(init.sampleRate))
    invalid(`Takes are recorded at ${TAKE_LIMITS.sampleRates.join(", ")} Hz (got ${String(init.sampleRate)}).`);
  if (!TAKE_FIELDS.channels.isValid(init.channels)) invalid("A take is mono or stereo.");
  if (!TAKE_FIELDS.frames.isValid(init.frames))
    invalid("A take holds at least one sample frame and at most 30 minutes.");
  const latencyMs = init.latencyMs ?? 0;
  if (!TAKE_FIELDS.latencyMs.isValid(latencyMs)) invalid("The latency must be a number of milliseconds within ±2000.");
  const createdBy = init.createdBy ?? "";
  if (!TAKE_FIELDS.createdBy.isValid(createdBy)) invalid("The recorder's name is one line of at most 60 characters.");
  const createdAt = init.createdAt ?? Date.now();
  if (!TAKE_FIELDS.createdAt.isValid(createdAt)) invalid("The take's time must be a whole number of milliseconds.");
  return { ...init, groupId, passIndex, startTick, latencyMs, createdBy, createdAt };
}

function validateGain(raw: unknown): number {
  if (!AUDIO_CLIP_FIELDS.gainDb.isValid(raw)) {
    throw new ModelError(
      "INVALID_GAIN",
      `Clip gain is from ${TAKE_LIMITS.minGainDb} to +${TAKE_LIMITS.maxGainDb} dB (got ${String(raw)}).`,
    );
  }
  return Math.round(raw * 10) / 10;
}

function validateFrames(raw: unknown, min: number, what: string): number {
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < min || raw > TAKE_LIMITS.maxFrames) {
    throw new ModelError(
      "INVALID_LENGTH",
      `${what} must be a whole number of samples from ${min} (got ${String(raw)}).`,
    );
  }
  return raw;
}

export function listTakes(doc: Y.Doc, trackId?: string): Take[] {
  return takeEntries(doc, trackId)
    .map((e) => e.take)
    .sort(compareTakes);
}

export function getTake(doc: Y.Doc, takeId: string): Take | null {
  return findTake(doc, takeId);
}

export function listAudioClips(doc: Y.Doc, trackId?: string): AudioClip[] {
  return audioClipEntries(doc, trackId)
    .map((e) => e.clip)
    .sort(compareAudioClips);
}

export function getAudioClip(doc: Y.Doc, id: string): AudioClip | null {
  try {
    return requireAudioClip(doc, id).clip;
  } catch {
    return null;
  }
}

/** A track's take lanes: one entry per recording, its passes in order and which one plays. */
export function listTakeLanes(doc: Y.Doc, trackId: string): TakeLane[] {
  const groups = new Map<string, TakeLane>();
  for (const take of listTakes(doc, trackId)) {
    let lane = groups.get(take.groupId);
    if (!lane)
      groups.set(take.groupId, (lane = { groupId: take.groupId, clipId: null, activeTakeId: null, takes: [] }));
    lane.takes.push(take);
  }
  for (const clip of listAudioClips(doc, trackId)) {
    const lane = groups.get(clip.groupId);
    if (lane && lane.clipId === null) {
      lane.clipId = clip.id;
      lane.activeTakeId = clip.takeId;
    }
  }
  for (const lane of groups.values()) lane.takes.sort((a, b) => a.passIndex - b.passIndex || (a.id < b.id ? -1 : 1));
  return [...groups.values()].sort(
    (a, b) => (a.takes[0]?.createdAt ?? 0) - (b.takes[0]?.createdAt ?? 0) || (a.groupId < b.groupId ? -1 : 1),
  );
}

function writeFields(map: EntityMap, fields: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
}

/**
 * Registers a finished take (the server said "complete") and makes it audible: the first take of a recording
 * gets a new audio clip spanning it; a later loop pass joins that clip's take lanes and becomes the active take
 * (the newest pass plays, as in most DAWs) — unless a newer pass of it finished first. Adding the same take again changes nothing (a reloaded page may
 * finish a take twice). Returns the take and the clip playing its recording.
 */
export function addRecordedTake(doc: Y.Doc, init: RecordedTakeInit, origin: Origin): { take: Take; clip: AudioClip } {
  const v = validateInit(init);
  const trackId = requireAudioTrack(doc, v.trackId);
  validateEnd(v.startTick, 1, "The take");
  const existing = entityAt(takesMap(doc), v.takeId);
  if (existing) {
    const take = findTake(doc, v.takeId);
    if (!take || take.trackId !== trackId)
      throw new ModelError("DUPLICATE_TAKE", "A take with this id is already on another track.");
    const clip = listAudioClips(doc, trackId).find((c) => c.groupId === take.groupId);
    if (clip) return { take, clip };
  }
  let clipId = "";
  transactAs(doc, origin, () => {
    if (!existing) {
      const map: EntityMap = new Y.Map<unknown>();
      takesMap(doc).set(v.takeId, map);
      const f = TAKE_FIELDS;
      writeFields(map, {
        [f.trackId.key]: trackId,
        [f.groupId.key]: v.groupId,
        [f.passIndex.key]: v.passIndex,
        [f.startTick.key]: v.startTick,
        [f.sampleRate.key]: v.sampleRate,
        [f.channels.key]: v.channels,
        [f.frames.key]: v.frames,
        [f.latencyMs.key]: v.latencyMs,
        [f.createdBy.key]: v.createdBy,
        [f.createdAt.key]: v.createdAt,
      });
    }
    const clip = audioClipEntries(doc).find((e) => e.clip.trackId === trackId && e.clip.groupId === v.groupId);
    if (clip) {
      // The newest pass plays: passes can finish out of order (the last, short pass before the one before it), so
      // a pass takes over only from an older one.
      const playing = findTake(doc, clip.clip.takeId);
      if (!playing || playing.passIndex <= v.passIndex) setIfChanged(clip.map, AUDIO_CLIP_FIELDS.takeId.key, v.takeId);
      clipId = clip.clip.id;
    } else {
      clipId = insertAudioClip(doc, {
        trackId,
        groupId: v.groupId,
        takeId: v.takeId,
        startTick: v.startTick,
        offsetFrames: 0,
        lengthFrames: v.frames,
        gainDb: 0,
      });
    }
  });
  return { take: findTake(doc, v.takeId)!, clip: requireAudioClip(doc, clipId).clip };
}

/** Writes a new audio clip entry (inside the caller's transaction); edit fields at their defaults are not written. */
export function insertAudioClip(
  doc: Y.Doc,
  fields: Omit<AudioClip, "id" | keyof typeof NO_FADES> & Partial<Pick<AudioClip, keyof typeof NO_FADES>>,
): string {
  const id = randomId();
  const map: EntityMap = new Y.Map<unknown>();
  audioClipsMap(doc).set(id, map);
  const f = AUDIO_CLIP_FIELDS;
  writeFields(map, {
    [f.trackId.key]: fields.trackId,
    [f.groupId.key]: fields.groupId,
    [f.takeId.key]: fields.takeId,
    [f.startTick.key]: fields.startTick,
    [f.offsetFrames.key]: fields.offsetFrames,
    [f.lengthFrames.key]: fields.lengthFrames,
    [f.gainDb.key]: fields.gainDb,
  });
  for (const key of Object.keys(NO_FADES) as (keyof typeof NO_FADES)[]) {
    const value = fields[key];
    if (value !== undefined && value !== NO_FADES[key]) map.set(f[key].key, value);
  }
  return id;
}

/** Another clip playing an existing take (e.g. a second copy of a chorus take), by default all of it at its own position. */
export function addAudioClip(
  doc: Y.Doc,
  init: { takeId: string; startTick?: number; offsetFrames?: number; lengthFrames?: number; gainDb?: number },
  origin: Origin,
): AudioClip {
  const take = typeof init?.takeId === "string" ? findTake(doc, init.takeId) : null;
  if (!take) throw new ModelError("TAKE_NOT_FOUND", "That take is not in this session any more.");
  const startTick = init.startTick === undefined ? take.startTick : validateTick(init.startTick, "The clip's start");
  const offsetFrames =
    init.offsetFrames === undefined ? 0 : validateFrames(init.offsetFrames, 0, "The clip's offset into the take");
  if (offsetFrames >= take.frames)
    throw new ModelError("INVALID_LENGTH", "The clip must start before the end of its take.");
  const lengthFrames =
    init.lengthFrames === undefined
      ? take.frames - offsetFrames
      : validateFrames(init.lengthFrames, 1, "The clip's length");
  const gainDb = init.gainDb === undefined ? 0 : validateGain(init.gainDb);
  let id = "";
  transactAs(doc, origin, () => {
    id = insertAudioClip(doc, {
      trackId: take.trackId,
      groupId: take.groupId,
      takeId: take.id,
      startTick,
      offsetFrames,
      lengthFrames,
      gainDb,
    });
  });
  return requireAudioClip(doc, id).clip;
}

/** Picks which pass of its recording a clip plays (take lanes / comping). */
export function setActiveTake(doc: Y.Doc, clipId: string, takeId: string, origin: Origin): void {
  const { clip, map } = requireAudioClip(doc, clipId);
  const take = findTake(doc, takeId);
  if (!take) throw new ModelError("TAKE_NOT_FOUND", "That take is not in this session any more.");
  if (take.groupId !== clip.groupId || take.trackId !== clip.trackId) {
    throw new ModelError(
      "TAKE_NOT_IN_GROUP",
      "That take belongs to another recording; pick one of this clip's passes.",
    );
  }
  transactAs(doc, origin, () => setIfChanged(map, AUDIO_CLIP_FIELDS.takeId.key, takeId));
}

export function moveAudioClip(doc: Y.Doc, clipId: string, to: { startTick?: number }, origin: Origin): void {
  const { clip, map } = requireAudioClip(doc, clipId);
  const startTick = to?.startTick === undefined ? clip.startTick : validateTick(to.startTick, "The clip's start");
  validateEnd(startTick, 1, "The clip");
  transactAs(doc, origin, () => setIfChanged(map, AUDIO_CLIP_FIELDS.startTick.key, startTick));
}

/** Trims which frames of the take the clip plays. */
export function trimAudioClip(
  doc: Y.Doc,
  clipId: string,
  range: { offsetFrames?: number; lengthFrames?: number },
  origin: Origin,
): void {
  const { clip, map } = requireAudioClip(doc, clipId);
  const offsetFrames =
    range?.offsetFrames === undefined
      ? clip.offsetFrames
      : validateFrames(range.offsetFrames, 0, "The clip's offset into the take");
  const lengthFrames =
    range?.lengthFrames === undefined ? clip.lengthFrames : validateFrames(range.lengthFrames, 1, "The clip's length");
  transactAs(doc, origin, () => {
    setIfChanged(map, AUDIO_CLIP_FIELDS.offsetFrames.key, offsetFrames);
    setIfChanged(map, AUDIO_CLIP_FIELDS.lengthFrames.key, lengthFrames);
  });
}

export function setAudioClipGain(doc: Y.Doc, clipId: string, gainDb: number, origin: Origin): void {
  const { map } = requireAudioClip(doc, clipId);
  const value = validateGain(gainDb);
  transactAs(doc, origin, () => setIfChanged(map, AUDIO_CLIP_FIELDS.gainDb.key, value));
}

/** Deletes the clip; its takes stay in the take lanes (the audio is the band's, an undo brings it back). */
export function deleteAudioClip(doc: Y.Doc, clipId: string, origin: Origin): void {
  requireAudioClip(doc, clipId);
  transactAs(doc, origin, () => audioClipsMap(doc).delete(clipId));
}
