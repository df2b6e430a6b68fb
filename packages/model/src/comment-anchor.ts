import * as Y from "yjs";
import { ModelError } from "./errors";
import { isValidId } from "./ids";
import { LIMITS } from "./schema";
import { getClip } from "./clips";
import { getTrack } from "./tracks";

/**
 * Where a comment points on the timeline. Stored as ONE plain value (like the loop range) so peers never
 * merge half of one anchor with half of another.
 *
 * - `startTick`/`endTick`: ticks from the song start when the comment was made; `endTick === startTick` is a
 *   point, `endTick > startTick` a range.
 * - `trackId`: the track it was made on, or null for the whole song.
 * - `clipId` + `clipOffsetTicks`: pinned to a clip — the pin sits `clipOffsetTicks` after the clip's start
 *   (and on the clip's track), so it moves when someone moves the clip. If the clip is later deleted the
 *   comment falls back to the absolute ticks above.
 */
export interface CommentAnchor {
  startTick: number;
  endTick: number;
  trackId: string | null;
  clipId: string | null;
  /** Start of the anchor relative to the clip's start (may be negative only if the clip was trimmed later). */
  clipOffsetTicks: number | null;
}

/** What the person asked for: a point or a range, on the song, a track or a clip (absolute ticks). */
export interface CommentAnchorInit {
  startTick: number;
  /** Omit (or equal startTick) for a point. */
  endTick?: number;
  trackId?: string | null;
  clipId?: string | null;
}

/** Where an anchor is now, given the current arrangement. */
export interface ResolvedAnchor {
  startTick: number;
  endTick: number;
  trackId: string | null;
  clipId: string | null;
  /** The comment was pinned to a clip that no longer exists (shown at its original place). */
  detached: boolean;
}

/** The clip facts an anchor needs from the song doc. */
export interface AnchorTargets {
  clip: (id: string) => { startTick: number; lengthTicks: number; trackId: string } | null;
  hasTrack: (id: string) => boolean;
}

/** AnchorTargets read from a song doc (validation when creating a comment). */
export function anchorTargetsOf(songDoc: Y.Doc): AnchorTargets {
  return {
    clip: (id) => getClip(songDoc, id),
    hasTrack: (id) => getTrack(songDoc, id) !== null,
  };
}

function isTick(raw: unknown): raw is number {
  return typeof raw === "number" && Number.isInteger(raw) && raw >= 0 && raw <= LIMITS.maxTick;
}

/** Validates a new anchor against the arrangement; clip-pinned anchors record their offset in the clip. */
export function validateAnchor(raw: unknown, targets: AnchorTargets): CommentAnchor {
  if (typeof raw !== "object" || raw === null) {
    throw new ModelError("INVALID_COMMENT_ANCHOR", "A comment must point at a place on the timeline.");
  }
  const init = raw as Partial<CommentAnchorInit>;
  if (!isTick(init.startTick)) {
    throw new ModelError(
      "INVALID_COMMENT_ANCHOR",
      "A comment must point at a whole tick at or after the start of the song.",
    );
  }
  const endTick = init.endTick === undefined ? init.startTick : init.endTick;
  if (!isTick(endTick) || endTick < init.startTick) {
    throw new ModelError("INVALID_COMMENT_ANCHOR", "A comment's range must end at or after where it starts.");
  }
  let trackId: string | null = null;
  let clipId: string | null = null;
  let clipOffsetTicks: number | null = null;
  if (init.clipId !== undefined && init.clipId !== null) {
    const clip = isValidId(init.clipId) ? targets.clip(init.clipId) : null;
    if (!clip) {
      throw new ModelError(
        "COMMENT_ANCHOR_NOT_FOUND",
        "That clip isn't in the arrangement any more, so the comment can't be pinned to it.",
      );
    }
    if (init.trackId !== undefined && init.trackId !== null && init.trackId !== clip.trackId) {
      throw new ModelError("INVALID_COMMENT_ANCHOR", "A comment on a clip must be on that clip's track.");
    }
    clipId = init.clipId;
    trackId = clip.trackId;
    clipOffsetTicks = init.startTick - clip.startTick;
  } else if (init.trackId !== undefined && init.trackId !== null) {
    if (!isValidId(init.trackId) || !targets.hasTrack(init.trackId)) {
      throw new ModelError(
        "COMMENT_ANCHOR_NOT_FOUND",
        "That track isn't in the arrangement any more, so the comment can't be pinned to it.",
      );
    }
    trackId = init.trackId;
  }
  return { startTick: init.startTick, endTick, trackId, clipId, clipOffsetTicks };
}

/** A stored anchor value → a valid anchor, or null if it cannot be read (never throws). */
export function coerceAnchor(raw: unknown): CommentAnchor | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return null;
  const a = raw as Record<string, unknown>;
  if (!isTick(a.startTick)) return null;
  const endTick = isTick(a.endTick) && a.endTick >= a.startTick ? a.endTick : a.startTick;
  const trackId = isValidId(a.trackId) ? a.trackId : null;
  const clipId = isValidId(a.clipId) ? a.clipId : null;
  const offset = a.clipOffsetTicks;
  const clipOffsetTicks =
    clipId && typeof offset === "number" && Number.isInteger(offset) && Math.abs(offset) <= LIMITS.maxTick
      ? offset
      : null;
  return {
    startTick: a.startTick,
    endTick,
    trackId,
    clipId: clipOffsetTicks === null ? null : clipId,
    clipOffsetTicks,
  };
}

/** Where the anchor is in the current arrangement: a clip-pinned anchor follows its clip (start and track). */
export function resolveAnchor(anchor: CommentAnchor, targets: Pick<AnchorTargets, "clip">): ResolvedAnchor {
  const span = anchor.endTick - anchor.startTick;
  if (anchor.clipId !== null && anchor.clipOffsetTicks !== null) {
    const clip = targets.clip(anchor.clipId);
    if (clip) {
      const startTick = Math.max(0, clip.startTick + anchor.clipOffsetTicks);
      return { startTick, endTick: startTick + span, trackId: clip.trackId, clipId: anchor.clipId, detached: false };
    }
    return {
      startTick: anchor.startTick,
      endTick: anchor.endTick,
      trackId: anchor.trackId,
      clipId: null,
      detached: true,
    };
  }
  return {
    startTick: anchor.startTick,
    endTick: anchor.endTick,
    trackId: anchor.trackId,
    clipId: null,
    detached: false,
  };
}
