import * as Y from "yjs";
import type { Awareness } from "y-protocols/awareness";
import { parseAwarenessUser } from "../collab/identity";
import type { TextSelection } from "./binding";

/** The awareness field a person's caret in a song-sheet text lives in. */
export const TEXT_CARET_FIELD = "textCaret";

export type SectionTextField = "lyrics" | "chords";

/**
 * What each client publishes under `textCaret` while a section text has focus: which text, and the selection
 * as Y.RelativePosition JSON (so it stays on the same characters whatever others type before it).
 */
export interface TextCaretState {
  sectionId: string;
  field: SectionTextField;
  anchor: unknown;
  head: unknown;
}

/** A bandmate's caret/selection in one text, resolved to indices of the local copy. */
export interface RemoteCaret {
  clientId: number;
  name: string;
  color: string;
  anchor: number;
  head: number;
}

/** Publishes (or with null clears) the local caret in `ytext`; a no-op when nothing changed. */
export function publishTextCaret(
  awareness: Awareness,
  ytext: Y.Text,
  sectionId: string,
  field: SectionTextField,
  selection: TextSelection | null,
): void {
  const current = (awareness.getLocalState() ?? {})[TEXT_CARET_FIELD] as TextCaretState | null | undefined;
  if (!selection) {
    // Only clear our own text's caret: focus may already have moved to another field that published.
    if (current && current.sectionId === sectionId && current.field === field) {
      awareness.setLocalStateField(TEXT_CARET_FIELD, null);
    }
    return;
  }
  const next: TextCaretState = {
    sectionId,
    field,
    anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, selection.anchor)),
    head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, selection.head)),
  };
  if (current && JSON.stringify(current) === JSON.stringify(next)) return;
  awareness.setLocalStateField(TEXT_CARET_FIELD, next);
}

function resolve(json: unknown, ytext: Y.Text): number | null {
  if (typeof json !== "object" || json === null) return null;
  try {
    const rel = Y.createRelativePositionFromJSON(json);
    const abs = Y.createAbsolutePositionFromRelativePosition(rel, ytext.doc!);
    // Null while the update that made the position has not arrived yet; another type = a stale caret.
    if (!abs || abs.type !== ytext) return null;
    return Math.max(0, Math.min(abs.index, ytext.length));
  } catch {
    return null;
  }
}

/** Everyone else's caret in this text (one per client), by name for a stable drawing order. */
export function readRemoteCarets(
  awareness: Awareness,
  ytext: Y.Text,
  sectionId: string,
  field: SectionTextField,
): RemoteCaret[] {
  const out: RemoteCaret[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const caret = (state as Record<string, unknown>)[TEXT_CARET_FIELD] as Partial<TextCaretState> | null | undefined;
    if (!caret || typeof caret !== "object" || caret.sectionId !== sectionId || caret.field !== field) continue;
    const user = parseAwarenessUser((state as Record<string, unknown>).user);
    if (!user) continue;
    const head = resolve(caret.head, ytext);
    if (head === null) continue;
    const anchor = resolve(caret.anchor, ytext) ?? head;
    out.push({ clientId, name: user.name, color: user.color, anchor, head });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.clientId - b.clientId);
}

/**
 * A subscribable view of the remote carets in one text, for `useSyncExternalStore`: recomputed when awareness
 * changes and when the text changes (indices move as people type).
 */
export function createRemoteCaretStore(
  awareness: Awareness,
  ytext: Y.Text,
  sectionId: string,
  field: SectionTextField,
): { get: () => RemoteCaret[]; subscribe: (listener: () => void) => () => void } {
  let snapshot: RemoteCaret[] = readRemoteCarets(awareness, ytext, sectionId, field);
  let key = JSON.stringify(snapshot);
  const listeners = new Set<() => void>();
  const recompute = () => {
    const next = readRemoteCarets(awareness, ytext, sectionId, field);
    const nextKey = JSON.stringify(next);
    if (nextKey === key) return;
    key = nextKey;
    snapshot = next;
    for (const l of [...listeners]) l();
  };
  const onText = () => recompute();
  return {
    get: () => snapshot,
    subscribe(listener) {
      if (listeners.size === 0) {
        awareness.on("change", recompute);
        ytext.observe(onText);
        recompute();
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          awareness.off("change", recompute);
          ytext.unobserve(onText);
        }
      };
    },
  };
}
