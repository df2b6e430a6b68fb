/**
 * @bandspace/model — the only code that touches Y types. Views, the audio engine and the server read with
 * the `read*`/`list*` functions and change documents only through the operations here, each one
 * validated first and applied as exactly one `doc.transact` with an Origin.
 */
export { SCHEMA_VERSION, COMMENTS_SCHEMA_VERSION, ROOT, LIMITS, INVARIANTS, type InvariantId } from "./schema";
export { ModelError, MODEL_ERROR_CODES, isModelError, type ModelErrorCode } from "./errors";
export { isOrigin, transactionOrigin, type Origin, type OriginKind } from "./origin";
export { createUndoManager, asOneUndoStep, UNDO_CAPTURE_MS } from "./undo";
export {
  PITCH_CLASS_NAMES,
  KEY_MODES,
  DEFAULT_KEY,
  formatKey,
  parseKey,
  isMusicalKey,
  pitchClassNumber,
  type PitchClassName,
  type KeyMode,
  type MusicalKey,
} from "./musical-key";
export {
  TRACK_COLORS,
  TRACK_KINDS,
  SONG_FIELDS,
  TRACK_FIELDS,
  COMMENT_FIELDS,
  DEFAULT_TITLE,
  DEFAULT_TEMPO_BPM,
  DEFAULT_TIME_SIGNATURE,
  type FieldSpec,
  type TimeSignature,
  type TrackKind,
} from "./fields";
export { keyBetween, keysBetween, isValidOrderKey, compareByOrderThenId } from "./fractional-index";
export { initSongDoc, readSchemaVersion, SONG_MIGRATIONS, type Migration } from "./migrations";
export { readSong, setSongTitle, setTempo, setTimeSignature, setKey, type SongSheet } from "./song";
export {
  listTracks,
  getTrack,
  addTrack,
  renameTrack,
  setTrackColor,
  moveTrack,
  deleteTrack,
  type Track,
  type AddTrackInit,
} from "./tracks";
export { TRACK_INPUT_CHANNELS_FIELD, type TrackInputChannels } from "./track-input-fields";
export { setTrackInputChannels } from "./track-input";
export { TRACK_MIX_FIELDS, DEFAULT_TRACK_MIX, readTrackMix, type TrackMix } from "./mixer-fields";
export {
  setTrackVolume,
  setTrackPan,
  setTrackMute,
  formatVolumeDb,
  formatPan,
  describeMixChange,
  faderPosition,
  faderDb,
} from "./mixer";
export { repairSongDoc, planSongRepair, type RepairWrite } from "./repair";
export { checkSongInvariants, type InvariantViolation } from "./invariants";
export { observeSong, type SongChange } from "./observe";
export {
  initCommentsDoc,
  addComment,
  addReply,
  editCommentText,
  deleteComment,
  deleteReply,
  setCommentResolved,
  toggleCommentReaction,
  listComments,
  getComment,
  observeComments,
  filterComments,
  countUnread,
  latestCommentTime,
  type CommentAuthor,
  type AddCommentInit,
  type AddReplyInit,
  type CommentFilter,
} from "./comments";
export {
  COMMENT_REACTIONS,
  REACTION_EMOJI,
  type CommentReaction,
  type CommentMention,
  type CommentMessage,
  type CommentThread,
  type ReactionSummary,
} from "./comment-read";
export {
  anchorTargetsOf,
  resolveAnchor,
  validateAnchor,
  type AnchorTargets,
  type CommentAnchor,
  type CommentAnchorInit,
  type ResolvedAnchor,
} from "./comment-anchor";

// ── arrangement (issue #3; docs/arrangement-contract.md) ──────────────────────────────────────────────
export {
  PPQ,
  TempoMap,
  type TempoChange,
  type TempoChangeInit,
  type TempoSegment,
  type TempoMapInit,
  type MusicalPosition,
  type MeterChange,
  type MeterSegment,
} from "./timeline/tempo-map";
export { MeterMap } from "./timeline/meter-map";
export { SNAP_GRIDS, gridTicks, snapTicks, type SnapGrid } from "./timeline/snap";
export {
  listTempoChanges,
  setTempoChange,
  removeTempoChange,
  moveTempoChange,
  listMeterChanges,
  setMeterChange,
  removeMeterChange,
  moveMeterChange,
  replaceTempoMap,
  readTempoMap,
} from "./tempo-changes";
export {
  SECTION_PRESETS,
  listSections,
  addSection,
  updateSection,
  deleteSection,
  getSectionText,
  type Section,
} from "./sections";
export {
  INSTRUMENTS,
  DRUM_MAP,
  GM_PROGRAMS,
  instrumentForProgram,
  setTrackInstrument,
  type InstrumentId,
} from "./instruments";
export {
  listClips,
  getClip,
  addMidiClip,
  moveClip,
  resizeClip,
  renameClip,
  deleteClip,
  duplicateClip,
  setClipPedal,
  type MidiClip,
  type Note,
  type NoteInit,
  type AddMidiClipInit,
} from "./clips";
export { listNotes, addNotes, updateNotes, moveNotes, deleteNotes, quantizeNotes } from "./notes";
export { readLoopRange, setLoopRange, type LoopRange } from "./loop";
export { observeArrangement, type ArrangementChange } from "./observe-arrangement";
export {
  SECTION_FIELDS,
  CLIP_FIELDS,
  NOTE_FIELDS,
  TRACK_INSTRUMENT_FIELD,
  TEMPO_CHANGE_SPEC,
  CLIP_PEDAL_FIELD,
  LOOP_RANGE_FIELD,
  type PedalRange,
  INSTRUMENT_IDS,
  type SectionTextField,
} from "./arrangement-fields";
export { duplicateSection } from "./duplicate-section";
export { parseChord, parseChordLine, type Chord, type ChordToken } from "./chords";
export {
  importMidiFile,
  MAX_IMPORT_NOTES,
  NOTES_PER_TRANSACTION,
  MidiDamageError,
  describeImportReport,
  type ImportMidiOptions,
  type MidiImportReport,
} from "./midi/import";
export { exportMidiFile, RAMP_STEP_TICKS } from "./midi/export";
export { readSmf, type SmfFile, type SmfEvent } from "./midi/smf-read";

// ── recording (issue #4): takes, take lanes and the audio clips that play them ─────────────────────────
export * from "./takes/index";
// ── review and history ───────────────────────────────────────────────────────────────────────────────
export {
  compareArrangements,
  summarizeComparison,
  type ArrangementComparison,
  type EntityDiff,
  type EntityRef,
  type ChangedEntity,
  type FieldChange,
} from "./compare";
export { referencedTakeIds, revertUpdate, docContent, CLIP_TAKE_ID_KEY } from "./versions";
export { randomId, randomSecret, base64url, isValidId, ID_LENGTH, ID_PATTERN } from "./ids";
// editing and comping (issue 19)
export * from "./edit/index";
// ── trust boundaries (issue #16): the rules the server applies to every document write ───────────────
export * from "./write-rules/index";
export { repairCommentsDoc } from "./comments-repair";

// The mixer (issue #17): effects as data, buses, inserts, sends, routing, automation.
export * from "./mix";
