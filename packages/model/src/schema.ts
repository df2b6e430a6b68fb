/**
 * The shape of Bandspace's collaborative documents, in one place.
 *
 * Song doc (one per session, DocKind "song"):
 *   meta    Y.Map  { schemaVersion: number }
 *   song    Y.Map  { title: string, tempoBpm: number,
 *                    timeSignature: { numerator, denominator }   (one plain value, see below)
 *                    key: { tonic, mode } }                      (one plain value)
 *   tracks  Y.Map  trackId → Y.Map { name, color, kind, order, createdAt }
 *
 * Comments doc (one per session, DocKind "comments" — apart so the server can let comment links write it alone):
 *   meta      Y.Map  { schemaVersion: number }
 *   comments  Y.Map  commentId → Y.Map { authorName, text, atSeconds, createdAt }
 *
 * Why this layout:
 * - One Y.Map per entity keyed by a random id: concurrent edits to different fields of one track merge,
 *   concurrent adds never collide, and a delete beats a concurrent rename (the rename lands in a deleted map).
 * - Order is a fractional key field, not a Y.Array position: a move is one field write, so two peers moving
 *   different tracks both win, and moving one track twice concurrently is last-writer-wins — never a duplicate.
 * - Time signature and key are each ONE plain value, not two fields: peers setting 3/4 and 6/8 at once must
 *   end on one of those, never on a 3/8 nobody chose.
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
export const SCHEMA_VERSION = 1;
export const COMMENTS_SCHEMA_VERSION = 1;

/** Root type names. Never rename: they are the document's wire format. */
export const ROOT = {
  meta: "meta",
  song: "song",
  tracks: "tracks",
  comments: "comments",
} as const;

export const META_KEYS = { schemaVersion: "schemaVersion" } as const;

export const LIMITS = {
  titleMaxLength: 120,
  tempoMinBpm: 20,
  tempoMaxBpm: 400,
  /** Tempo is stored rounded to this step (BPM). */
  tempoStepBpm: 0.01,
  timeSignatureMaxNumerator: 32,
  timeSignatureDenominators: [1, 2, 4, 8, 16, 32] as readonly number[],
  trackNameMaxLength: 60,
  commentTextMaxLength: 2000,
  authorNameMaxLength: 60,
} as const;

/** The invariants of a song doc that readers guarantee and `repairSongDoc` restores. Checked by `checkSongInvariants`. */
export const INVARIANTS = [
  { id: "schema-version", text: "meta.schemaVersion, once set, is an integer ≤ SCHEMA_VERSION this client knows." },
  { id: "song-title", text: "song.title, if set, is one trimmed line of 1..120 characters." },
  { id: "song-tempo", text: "song.tempoBpm, if set, is a finite number in 20..400 BPM, rounded to 0.01." },
  { id: "song-time-signature", text: "song.timeSignature, if set, is { numerator: integer 1..32, denominator: 1|2|4|8|16|32 }." },
  { id: "song-key", text: "song.key, if set, is { tonic: one of the 17 PITCH_CLASS_NAMES, mode: major|minor }." },
  { id: "track-entry", text: "Every tracks entry is a Y.Map (its key is the track id)." },
  { id: "track-fields", text: "Every track has a valid name (1..60, one line), #rrggbb colour, kind, and createdAt ≥ 0." },
  { id: "track-order", text: "Every track's order is a valid fractional key and no two tracks share one." },
] as const;
export type InvariantId = (typeof INVARIANTS)[number]["id"];
