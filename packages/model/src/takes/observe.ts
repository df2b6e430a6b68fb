import type * as Y from "yjs";
import { transactionOrigin, type Origin } from "../origin";
import { audioClipsMap, takesMap } from "./store";

/** What one transaction changed in recorded audio: take ids and audio clip ids added, removed or updated. */
export interface TakesChange {
  origin: Origin | null;
  local: boolean;
  takes: string[];
  audioClips: string[];
}

/** Calls `onChange` once per transaction that touched takes or audio clips (from event keys, never a walk). */
export function observeTakes(doc: Y.Doc, onChange: (change: TakesChange) => void): () => void {
  const takes = takesMap(doc);
  const clips = audioClipsMap(doc);
  const pending = new WeakMap<Y.Transaction, { takes: Set<string>; clips: Set<string> }>();
  const entry = (tr: Y.Transaction) => {
    let e = pending.get(tr);
    if (!e) pending.set(tr, (e = { takes: new Set(), clips: new Set() }));
    return e;
  };
  const collect =
    (root: Y.Map<unknown>, pick: (e: { takes: Set<string>; clips: Set<string> }) => Set<string>) =>
    (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, tr: Y.Transaction) => {
      const ids = pick(entry(tr));
      for (const event of events) {
        if (event.target === root) event.changes.keys.forEach((_c, id) => ids.add(id));
        else if (typeof event.path[0] === "string") ids.add(event.path[0]);
      }
    };
  const onTakes = collect(takes, (e) => e.takes);
  const onClips = collect(clips, (e) => e.clips);
  const onAfter = (tr: Y.Transaction) => {
    const e = pending.get(tr);
    if (!e) return;
    pending.delete(tr);
    onChange({
      origin: transactionOrigin(tr),
      local: tr.local,
      takes: [...e.takes].sort(),
      audioClips: [...e.clips].sort(),
    });
  };
  takes.observeDeep(onTakes);
  clips.observeDeep(onClips);
  doc.on("afterTransaction", onAfter);
  return () => {
    takes.unobserveDeep(onTakes);
    clips.unobserveDeep(onClips);
    doc.off("afterTransaction", onAfter);
  };
}
