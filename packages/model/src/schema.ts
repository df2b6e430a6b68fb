/**
 * The shape of Bandspace's collaborative documents, in one place.
 *
 * Song doc (one per session, DocKind "song"):
 *   meta    Y.Map  { schemaVersion: number }
 *   song    Y.Map  { title: string, tempoBpm: number,
 *                    timeSignature: { numerator, denominator }   (one plain value, see below)
 *                    key: { tonic, mode } }                      (one plain value)
 *   tracks  Y.Map  trackId → Y.Map { name, color, kind, order, createdAt,
 *                    instrument }                                (v2; instrument tracks only)
 *                    + inputChannels (audio tracks: 1 | 2, absent = mono; track-input-fields.ts, no version bump)
 *   tempoChanges Y.Map  the tempo map (v3; arrangement-fields TEMPO_CHANGE_SPEC):
 *                "t<tick>" → { bpm, ramp }           tempo reached at that tick, instantly or by a linear ramp
 *                "m<bar>"  → { numerator, denominator } meter from that bar on
 *                (v2 had bar ("2", "17" …) → bpm; migrated by v2-to-v3-tempo-at-any-tick)
 *   sections     Y.Map  sectionId → Y.Map { name, color, startTick, lengthTicks,
 *                                           lyrics: Y.Text, chords: Y.Text }      (v2)
 *   clips        Y.Map  clipId → Y.Map { trackId, name, startTick, lengthTicks, pedal? (v3, CLIP_PEDAL_FIELD),
 *                                        notes: Y.Map noteId → Y.Map { pitch, startTick, durationTicks, velocity } } (v2)
 *   transport    Y.Map  { loopRange: { startTick, endTick } }    (v2; one plain value)
 *   takes        Y.Map  takeId → Y.Map { trackId, groupId, passIndex, startTick, sampleRate, channels, frames, … }
 *   audioClips   Y.Map  clipId → Y.Map { trackId, groupId, takeId, startTick, offsetFrames, lengthFrames, gainDb }
 *                (issue #4, absent roots read as empty so no schema version bump; see takes/fields.ts)
 *                + fadeInFrames, fadeOutFrames, fadeInCurve, fadeOutCurve, crossfadeLaw (issue 19, absent = none)
 *   compSegments Y.Map segmentId → Y.Map { trackId, groupId, takeId, startTick, endTick, crossfadeTicks }
 *                (issue 19; absent fields and root read as "no fades, no comp", so v2 documents read unchanged
 *                and no version bump is needed — another branch takes v3 for its own migration)
 *
 * Musical time (sections, clips, notes, loop, tempo changes) is in ticks, PPQ = 960 per quarter note;
 * note starts are relative to their clip. Seconds come only from TempoMap (timeline/tempo-map.ts).
 *
 * Comments doc (one per session, DocKind "comments" — apart so the server can let comment links write it alone):
 *   meta      Y.Map  { schemaVersion: number }
 *   comments  Y.Map  threadId → Y.Map { authorId, authorName, text, createdAt, editedAt, versionId,
 *                       anchor: { startTick, endTick, trackId, clipId, clipOffsetTicks }   (one plain value)
 *                       mentions: [{ userId, name }]                                       (one plain value)
 *                       resolved: { byId, byName, at } | null                              (one plain value)
 *                       reactions: Y.Map "<reaction>:<userId>" → name
 *                       replies:   Y.Map replyId → Y.Map { authorId, authorName, text, createdAt, editedAt,
 *                                                          mentions, reactions: Y.Map } }
 *             (v1 comments had { authorName, text, atSeconds, createdAt } only; readers still show them)
 *
 * Why this layout:
 * - One Y.Map per entity keyed by a random id: concurrent edits to different fields of one track merge,
 *   concurrent adds never collide, and a delete beats a concurrent rename (the rename lands in a deleted map).
 * - Order is a fractional key field, not a Y.Array position: a move is one field write, so two peers moving
 *   different tracks both win, and moving one track twice concurrently is last-writer-wins — never a duplicate.
 * - Time signature and key are each ONE plain value, not two fields: peers setting 3/4 and 6/8 at once must
 *   end on one of those, never on a 3/8 nobody chose. The loop range likewise (never an end before a start).
 * - Clips live in one root map with a `trackId` field, not inside their track: moving a clip to another track
 *   is one field write. deleteTrack deletes the track's clips in the same transaction; a clip added concurrently
 *   to a track someone deleted (an "orphan": its trackId names no instrument track) is skipped by readers and
 *   deleted by repair. Notes are a Y.Map per clip, one Y.Map per note, so concurrent note edits merge.
 * - Tempo changes are keyed by bar, so two peers setting a change at the same bar end on one of them.
 * - Song fields that were never set are absent and readers supply the default. initSongDoc deliberately does
 *   not write defaults: a default written by a peer that has not synced yet is a concurrent write that can win
 *   last-writer-wins over a title the band already chose.
 * - Field keys are stable. To retire a field, mark its spec `deprecated` and stop writing it; never reuse a key.
 *
 * Invariant policy (INVARIANTS below): readers TOLERATE — they clamp or default every invalid stored value and
 * order ties by id, so every peer renders the same list from the same state without writing anything.
 * `repairSongDoc` NORMALIZES — a deterministic, idempotent rewrite any editor peer may run (origin "repair");
 * identical states yield identical writes, so peers repairing at once converge. Track operations re-key tied or
 * invalid order keys inside their own transaction when they need room between them.
 */
export const SCHEMA_VERSION = 3;
export const COMMENTS_SCHEMA_VERSION = 2;

/** Root type names. Never rename: they are the document's wire format. */
export const ROOT = {
  meta: "meta",
  song: "song",
  tracks: "tracks",
  comments: "comments",
  tempoChanges: "tempoChanges",
  sections: "sections",
  clips: "clips",
  transport: "transport",
  /** Recorded takes and the audio clips that play them (issue #4; takes/fields.ts). */
  takes: "takes",
  audioClips: "audioClips",
  /** Comp choices: which take plays where on a track's take lanes (issue 19; edit/comp-fields.ts). */
  compSegments: "compSegments",
  /** The mix beyond each track's fader (issue #17; mix/fields.ts): buses, insert effects, sends, automation,
   * the master strip. Absent roots read as empty (no schema version bump). */
  buses: "buses",
  inserts: "inserts",
  sends: "sends",
  automation: "automation",
  mixMaster: "mixMaster",
} as const;

export const META_KEYS = { schemaVersion: "schemaVersion" } as const;

export const LIMITS = {
  titleMaxLength: 120,
  tempoMinBpm: 20,
  tempoMaxBpm: 400,
  /** Tempo is stored rounded to this step (BPM; v2 stored 0.01, which moved imported MIDI tempos). */
  tempoStepBpm: 0.000001,
  timeSignatureMaxNumerator: 32,
  timeSignatureDenominators: [1, 2, 4, 8, 16, 32] as readonly number[],
  trackNameMaxLength: 60,
  commentTextMaxLength: 2000,
  authorNameMaxLength: 60,
  /** Replies one thread may hold. */
  commentRepliesMax: 500,
  /** People one comment or reply may @mention. */
  commentMentionsMax: 20,
  /** Largest tick any position or end may have (≈ 14 hours of 4/4 at 120 BPM). */
  maxTick: 100_000_000,
  /** Tempo changes may sit at bars 2..9999 (bar 1 is the song tempo). */
  tempoChangeMaxBar: 9999,
  sectionNameMaxLength: 40,
  clipNameMaxLength: 60,
  pitchMin: 0,
  pitchMax: 127,
  velocityMin: 1,
  velocityMax: 127,
  /** Track fader range (dB) and the step it is stored at. */
  volumeMinDb: -60,
  volumeMaxDb: 6,
  volumeStepDb: 0.1,
  /** Pan is -1 (left) … 1 (right), stored at this step. */
  panStep: 0.01,
  /** Input trim of a strip (dB). */
  trimMinDb: -24,
  trimMaxDb: 24,
  busNameMaxLength: 40,
  /** Insert slots per strip. */
  insertsMax: 16,
  /** Breakpoints one automation lane may hold. */
  automationPointsMax: 10_000,
} as const;

/** The invariants of a song doc that readers guarantee and `repairSongDoc` restores. Checked by `checkSongInvariants`. */
export const INVARIANTS = [
  { id: "schema-version", text: "meta.schemaVersion, once set, is an integer ≤ SCHEMA_VERSION this client knows." },
  { id: "song-title", text: "song.title, if set, is one trimmed line of 1..120 characters." },
  { id: "song-tempo", text: "song.tempoBpm, if set, is a finite number in 20..400 BPM, rounded to 0.000001." },
  {
    id: "song-time-signature",
    text: "song.timeSignature, if set, is { numerator: integer 1..32, denominator: 1|2|4|8|16|32 }.",
  },
  { id: "song-key", text: "song.key, if set, is { tonic: one of the 17 PITCH_CLASS_NAMES, mode: major|minor }." },
  { id: "track-entry", text: "Every tracks entry is a Y.Map (its key is the track id)." },
  {
    id: "track-fields",
    text: "Every track has a valid name (1..60, one line), #rrggbb colour, kind, and createdAt ≥ 0.",
  },
  { id: "track-order", text: "Every track's order is a valid fractional key and no two tracks share one." },
  {
    id: "track-instrument",
    text: "Every instrument track has an instrument from INSTRUMENTS; audio tracks have none (absent or null).",
  },
  {
    id: "track-input",
    text: "A track's inputChannels, if set, is 1 (mono) or 2 (stereo); absent reads as mono.",
  },
  {
    id: "track-mix",
    text: "A track's volumeDb, if set, is a number in -60..6 rounded to 0.1; pan, if set, is in -1..1 rounded to 0.01; mute, if set, is a boolean.",
  },
  {
    id: "mix-fields",
    text: "Every bus, insert, send and automation lane is a Y.Map whose fields are valid (names, dB in range, booleans, effect ids from EFFECTS, each stored parameter within its spec's range and step).",
  },
  {
    id: "mix-references",
    text: "Every insert, send and lane belongs to a strip that exists (a track, a bus or the master); sends go to existing buses; orphans are deleted.",
  },
  { id: "insert-order", text: "The inserts of one strip have valid, distinct fractional order keys (a total order)." },
  {
    id: "mix-routing",
    text: "Outputs and sends form no cycle: a strip's output is the master or an existing bus other than itself, and no chain of outputs and sends leads back to where it started.",
  },
  {
    id: "automation-points",
    text: "Every breakpoint is { tick: integer 0..maxTick, value within its target's range, shape linear|curve|step, tension -1..1 }; lanes read ordered by (tick, id).",
  },
  {
    id: "tempo-change",
    text: 'Every tempoChanges key is "t<tick>" (1..maxTick) with { bpm: valid tempo, ramp: boolean }, "m<bar>" (2..9999) with a valid time signature, or a v2 bar 2..9999 with a valid tempo; no leading zeros.',
  },
  { id: "section-entry", text: "Every sections entry is a Y.Map with lyrics and chords Y.Texts." },
  {
    id: "section-fields",
    text: "Every section has a valid name (1..40, one line), #rrggbb colour, startTick 0..maxTick and lengthTicks ≥ 1 (integers).",
  },
  {
    id: "clip-entry",
    text: "Every clips entry is a Y.Map with a notes Y.Map, on an existing instrument track (orphans are deleted).",
  },
  {
    id: "clip-fields",
    text: "Every clip has a valid name (1..60, one line), startTick 0..maxTick and lengthTicks ≥ 1 (integers).",
  },
  {
    id: "note-fields",
    text: "Every note is a Y.Map with integer pitch 0..127, startTick ≥ 0, durationTicks ≥ 1, velocity 1..127.",
  },
  {
    id: "loop-range",
    text: "transport.loopRange, if set, is { startTick, endTick } with integers 0 ≤ startTick < endTick ≤ maxTick.",
  },
  // editing and comping (issue 19; edit/)
  {
    id: "audio-clip-entry",
    text: "Every audioClips entry is a Y.Map on an existing audio track, naming a valid take id (orphans are deleted).",
  },
  {
    id: "audio-clip-fields",
    text: "Every audio clip has valid ids, startTick 0..maxTick, offsetFrames ≥ 0, lengthFrames ≥ 1, gainDb −60..12; edit fields, if set, are valid.",
  },
  {
    id: "audio-clip-window",
    text: "An audio clip's offset and length lie within its take: offsetFrames + lengthFrames ≤ the take's frames.",
  },
  {
    id: "audio-clip-fades",
    text: "An audio clip's fades fit it: fadeInFrames + fadeOutFrames ≤ lengthFrames.",
  },
  {
    id: "audio-clip-pieces",
    text: "Pieces of one take at one alignment on one track do not overlap (no audio plays twice over itself).",
  },
  {
    id: "comp-segments",
    text: "Every comp segment plays a take of its own recording on its audio track, startTick < endTick, and a recording's segments do not overlap.",
  },
] as const;
export type InvariantId = (typeof INVARIANTS)[number]["id"];
