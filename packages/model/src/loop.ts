import type * as Y from "yjs";
import { LOOP_RANGE_FIELD, type LoopRange } from "./arrangement-fields";
import { validateTick } from "./arrangement-validate";
import { ModelError } from "./errors";
import { transactAs, type Origin } from "./origin";
import { setIfChanged, transportMap } from "./roots";
import { readSong } from "./song";
import { PPQ } from "./timeline/tempo-map";

export type { LoopRange } from "./arrangement-fields";

/**
 * The band's shared loop range (root "transport", one plain value so concurrent edits never mix a start of
 * one with an end of another). Loop on/off, metronome, count-in and the playhead are per person.
 */
export function readLoopRange(doc: Y.Doc): LoopRange {
  const { numerator, denominator } = readSong(doc).timeSignature;
  const ticksPerBar = ((PPQ * 4) / denominator) * numerator;
  return LOOP_RANGE_FIELD.coerce(transportMap(doc).get(LOOP_RANGE_FIELD.key), { ticksPerBar });
}

export function setLoopRange(doc: Y.Doc, range: LoopRange, origin: Origin): void {
  const startTick = validateTick(range?.startTick, "The loop start");
  const endTick = validateTick(range.endTick, "The loop end");
  if (endTick <= startTick) throw new ModelError("INVALID_LENGTH", "The loop must end after it starts.");
  transactAs(doc, origin, () => setIfChanged(transportMap(doc), LOOP_RANGE_FIELD.key, { startTick, endTick }));
}
