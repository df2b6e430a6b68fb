import type { TempoMap } from "@bandspace/model";
import type { Seconds, Ticks } from "../units";
import { beatsInWindow } from "./beats";
import type { NoteIndex, ScheduledNote } from "./note-index";
import { PlaybackTimeline, type LoopSpan, type TimelineSegment } from "./timeline";

/** What the scheduler drives: instruments and the metronome (the engine), or a recorder in tests. */
export interface SchedulerTarget {
  /** Play `note` at context time `at`. */
  note: (note: ScheduledNote, at: Seconds) => void;
  /** A metronome click at context time `at`. */
  click: (at: Seconds, downbeat: boolean) => void;
  /** Each stretch of the timeline handed over (automation is scheduled on AudioParams from it). */
  segment?: (seg: TimelineSegment) => void;
}

export interface SchedulerOptions {
  /** How far ahead of the context clock notes are handed to Web Audio (at least; see maxLookAhead). */
  lookAhead: Seconds;
  /**
   * Ceiling of the adaptive look-ahead. When the clock ticks arrive late (a busy main thread: a heavy React
   * render, GC, a loaded machine), the window grows to twice the longest recent gap between ticks, so the
   * next stall does not make notes late; it shrinks back as ticks become regular again. A longer window
   * only delays when an edit is heard, never what is heard.
   */
  maxLookAhead: Seconds;
  /** Schedule only when at least this much new time can be covered (0: on every tick). */
  minWindow: Seconds;
  /**
   * Notes that would start more than this far in the past (the clock outran a stalled main thread) are not
   * played at their time: a held note with most of its length still ahead is started now instead (chased, as a
   * DAW does when playback starts in the middle of a note), a short one whose moment has passed is dropped.
   */
  maxLateness: Seconds;
}

export interface StartOptions {
  /** Context time at which the timeline starts (after any count-in). */
  at: Seconds;
  /** Timeline second to start from. */
  fromSeconds: Seconds;
  loop: LoopSpan | null;
  /** Stop scheduling at this timeline second (exclusive; offline renders). */
  untilSeconds?: Seconds;
}

export interface SchedulerStats {
  windows: number;
  notes: number;
  clicks: number;
  dropped: number;
  /** Late notes started now with the rest of their length (see maxLateness). */
  chased: number;
}

/** Per tick: at 40 ticks/s a stall's effect on the look-ahead halves in about 1.7 s. */
const STALL_DECAY = 0.99;

/**
 * A late note is chased when at least this share of its length is still ahead: a pad chord that starts 300 ms
 * into a two-second bar is heard almost whole, where dropping it would silence the bar; a sixteenth that is
 * half over would only sound as a flam out of time, so it is dropped.
 */
const CHASE_MIN_REMAINING_SHARE = 0.5;

/**
 * The look-ahead scheduler: on every clock tick it hands Web Audio the notes (and metronome clicks) of the
 * context-time window [scheduled-until, now + lookAhead), with exact times from the TempoMap and the loop's
 * pass arithmetic (`PlaybackTimeline`). A window that crosses the loop end also schedules the loop start of the
 * next pass. What was handed over stays handed over: a tempo or loop change re-anchors from the point scheduling
 * has reached, and note edits are picked up by the windows after that point (the next pass, in a loop).
 * Pure — no audio — so Node tests drive it with a fake clock.
 */
export class LookAheadScheduler {
  /**
   * lookAhead 0.25 s (Tone.js's "balanced" figure; it was 0.1): the adaptive window protects only from the second
   * stall on, so the first one must fit in the base window. A listener's page under load stalled for more than
   * 0.15 s (0.1 + maxLateness) and dropped a bandmate's new note at the bar it was written for; a quarter second
   * covers such stalls and delays only when an edit made during playback is heard, not what is heard.
   */
  static readonly defaults: SchedulerOptions = { lookAhead: 0.25, maxLookAhead: 1, minWindow: 0, maxLateness: 0.05 };
  readonly options: Readonly<SchedulerOptions>;
  metronome = false;
  readonly stats: SchedulerStats = { windows: 0, notes: 0, clicks: 0, dropped: 0, chased: 0 };
  private timeline: PlaybackTimeline | null = null;
  private cursor: Seconds = 0;
  private until: Seconds = Infinity;
  private lastTickAt: Seconds | null = null;
  /** The longest recent gap between ticks, decaying (see maxLookAhead). */
  private stall: Seconds = 0;
  /** Timelines by the context time they took over, for reading the position at any recent time. */
  private history: { from: Seconds; timeline: PlaybackTimeline; map: TempoMap }[] = [];

  constructor(
    private readonly notes: NoteIndex,
    private map: TempoMap,
    private readonly target: SchedulerTarget,
    options: Partial<SchedulerOptions> = {},
  ) {
    this.options = { ...LookAheadScheduler.defaults, ...options };
  }

  get running(): boolean {
    return this.timeline !== null;
  }

  get tempoMap(): TempoMap {
    return this.map;
  }

  /** Context time up to which everything has been handed to Web Audio. */
  get scheduledUntil(): Seconds {
    return this.cursor;
  }

  get current(): PlaybackTimeline | null {
    return this.timeline;
  }

  start(opts: StartOptions): void {
    this.timeline = new PlaybackTimeline(opts.at, opts.fromSeconds, opts.loop);
    this.cursor = opts.at;
    this.until = opts.untilSeconds ?? Infinity;
    this.history = [{ from: -Infinity, timeline: this.timeline, map: this.map }];
    this.lastTickAt = null;
  }

  /** The look-ahead in force now (grown by late ticks, see `maxLookAhead`). */
  get lookAhead(): Seconds {
    const { lookAhead, maxLookAhead } = this.options;
    return Math.max(lookAhead, Math.min(maxLookAhead, 2 * this.stall));
  }

  stop(): void {
    this.timeline = null;
    this.history = [];
  }

  /**
   * Schedules up to `now + lookAhead`, or up to `now + ahead` when that is further (the engine hands over more
   * before work it knows will keep the main thread busy). Returns how many events were handed over.
   */
  tick(now: Seconds, ahead: Seconds = 0): number {
    const timeline = this.timeline;
    if (!timeline) return 0;
    if (this.lastTickAt !== null && now > this.lastTickAt)
      this.stall = Math.max(now - this.lastTickAt, this.stall * STALL_DECAY);
    this.lastTickAt = now;
    const horizon = now + Math.max(this.lookAhead, Math.min(ahead, this.options.maxLookAhead));
    if (horizon - this.cursor < Math.max(this.options.minWindow, 1e-9)) return 0;
    const from = this.cursor;
    this.cursor = horizon;
    this.stats.windows++;
    let events = 0;
    for (const seg of timeline.segments(from, horizon)) {
      const to = Math.min(seg.to, this.until);
      if (!(to > seg.from)) continue;
      this.target.segment?.({ ...seg, to });
      for (const n of this.notes.window(this.map, seg.from, to)) {
        const at = seg.passCtx + (n.time - seg.passStart);
        if (at < now - this.options.maxLateness) {
          const remaining = at + n.duration - now;
          if (remaining >= CHASE_MIN_REMAINING_SHARE * n.duration) {
            this.target.note({ ...n, time: n.time + (now - at), duration: remaining }, now);
            events++;
            this.stats.chased++;
          } else {
            this.stats.dropped++;
          }
          continue;
        }
        this.target.note(n, at);
        events++;
        this.stats.notes++;
      }
      if (this.metronome) {
        for (const b of beatsInWindow(this.map, seg.from, to)) {
          this.target.click(seg.passCtx + (b.time - seg.passStart), b.downbeat);
          events++;
          this.stats.clicks++;
        }
      }
    }
    this.prune(now);
    return events;
  }

  /**
   * Context time of the first note (or metronome click) not handed over yet, or null when none will come.
   * An offline render asks it to know which pauses it can skip: a tick that would hand over no note needs no
   * pause (its automation can be handed over early). Conservative where it cannot tell cheaply: with the
   * metronome on or while looping it answers "now" (the cursor).
   */
  nextNoteAt(): Seconds | null {
    const timeline = this.timeline;
    if (!timeline) return null;
    if (this.metronome || timeline.loopLength > 0) return this.cursor;
    const from = timeline.secondsAt(this.cursor);
    // One tick of margin below, as in NoteIndex.window: an earlier answer only costs a pause.
    const tick = this.notes.firstStartAtOrAfter(Math.floor(this.map.secondsToTicks(from)) - 1);
    if (tick === null) return null;
    const seconds = this.map.ticksToSeconds(tick);
    if (seconds >= this.until) return null;
    return Math.max(this.cursor, timeline.ctxTimeOf(seconds, 0));
  }

  /**
   * A new TempoMap and/or loop range: re-anchor where scheduling has reached, keeping the musical position
   * (the tick) there. Everything already scheduled stays as it is.
   */
  retime(map: TempoMap, loop: LoopSpan | null): void {
    const timeline = this.timeline;
    if (!timeline) {
      this.map = map;
      return;
    }
    const at = Math.max(this.cursor, timeline.anchorCtx);
    const seconds = timeline.secondsAt(at);
    const newSeconds = map === this.map ? seconds : map.ticksToSeconds(this.map.secondsToTicks(seconds));
    if (this.until !== Infinity && map !== this.map)
      this.until = map.ticksToSeconds(this.map.secondsToTicks(this.until));
    this.map = map;
    this.timeline = new PlaybackTimeline(at, newSeconds, loop);
    this.cursor = at;
    this.history.push({ from: at, timeline: this.timeline, map });
  }

  /** Timeline seconds heard at context time `now` (under the TempoMap in force then). */
  positionSeconds(now: Seconds): Seconds | null {
    const entry = this.entryAt(now);
    return entry ? entry.timeline.secondsAt(now) : null;
  }

  /** Position in (fractional) ticks at context time `now`; null when stopped. */
  positionTick(now: Seconds): Ticks | null {
    const entry = this.entryAt(now);
    return entry ? entry.map.secondsToTicks(entry.timeline.secondsAt(now)) : null;
  }

  private entryAt(now: Seconds) {
    let found = this.history[0];
    for (const e of this.history) {
      if (e.from <= now) found = e;
      else break;
    }
    return found ?? null;
  }

  private prune(now: Seconds): void {
    // Keep the entry in force a second ago and everything after it.
    while (this.history.length > 1 && this.history[1].from <= now - 1) this.history.shift();
  }
}
