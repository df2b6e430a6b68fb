import { PeakAccumulator, PeakPyramid } from "@bandspace/dsp";
import { TAKE_SAMPLES_PER_PEAK, type TakeInfo } from "@bandspace/protocol";
import type { TakeRecord } from "../db/types";
import type { JournalRecord, RecoveredJournal, TakeJournal, TakeKey } from "./take-store";

/** A take's key among the live takes of a node. */
export const liveKey = (sessionId: string, takeId: string) => `${sessionId}/${takeId}`;

export interface Chunk {
  frames: number;
  /** Kept until relayed and durable; then the journal is the only copy. */
  pcm: Uint8Array | null;
  record: JournalRecord | null;
  durable: Promise<void>;
  failed: boolean;
}

/** A take being recorded on this node: its chunks, what has been relayed, peaks so far. */
export class LiveTake {
  readonly chunks = new Map<number, Chunk>();
  /** Every seq below is received (and relayed, and fed to the peaks). */
  nextSeq = 0;
  /** Frames of seqs < nextSeq; startFrames[seq] for those. */
  contiguousFrames = 0;
  readonly startFrames: number[] = [];
  /** Every seq below is durable. */
  durableSeq = 0;
  durableFrames = 0;
  receivedFrames = 0;
  readonly peaks: PeakAccumulator;
  /** The multi-resolution peaks of the same contiguous prefix (served by level and bin range). */
  readonly pyramid: PeakPyramid;
  ending: Promise<TakeInfo> | null = null;
  idleTimer: NodeJS.Timeout | null = null;
  /** This node no longer owns the take (handed over, or its lease was lost): appends must stop. */
  retired = false;

  constructor(
    public row: TakeRecord,
    readonly journal: TakeJournal,
  ) {
    this.peaks = new PeakAccumulator(row.channels, TAKE_SAMPLES_PER_PEAK);
    this.pyramid = new PeakPyramid(row.channels);
  }

  /** Feeds one contiguous chunk's PCM to both peak views. */
  feedPeaks(pcm: Uint8Array): void {
    this.peaks.pushBytes(pcm);
    this.pyramid.pushBytes(pcm);
  }

  /** This take among the live takes of a node (and among its link's open takes, across nodes). */
  get liveKey(): string {
    return liveKey(this.row.sessionId, this.row.takeId);
  }

  get key(): TakeKey {
    return { sessionId: this.row.sessionId, storageKey: this.row.storageKey };
  }

  /**
   * Rebuilds a take's state from its journal (after a restart, or on the node that takes it over): received
   * chunks, the contiguous prefix and its peaks (by reading the journal once), and the bytes of chunks past a gap
   * (relayed once the gap is filled; at most TAKE_SEQ_WINDOW of them).
   */
  static async fromJournal(row: TakeRecord, rec: RecoveredJournal): Promise<LiveTake> {
    const take = new LiveTake(row, rec.journal);
    for (const r of rec.records) {
      if (take.chunks.has(r.seq)) continue;
      take.chunks.set(r.seq, { frames: r.frames, pcm: null, record: r, durable: Promise.resolve(), failed: false });
      take.receivedFrames += r.frames;
    }
    while (take.chunks.has(take.nextSeq)) {
      const c = take.chunks.get(take.nextSeq)!;
      take.feedPeaks(await rec.journal.read(c.record!.offset, c.record!.length));
      take.startFrames.push(take.contiguousFrames);
      take.contiguousFrames += c.frames;
      take.nextSeq++;
    }
    take.durableSeq = take.nextSeq;
    take.durableFrames = take.contiguousFrames;
    for (const [seq, c] of take.chunks)
      if (seq > take.nextSeq) c.pcm = await rec.journal.read(c.record!.offset, c.record!.length);
    return take;
  }
}
