import type { AudioClipboard, CommentAnchorInit, CommentFilter, MidiClipboard, SnapGrid } from "@bandspace/model";
import { ValueStore, jsonEqual } from "../../lib/collab/store";

export type ArrangementSelection = { kind: "clip" | "section"; ids: string[] } | null;

export interface ArrangementUIState {
  snap: SnapGrid;
  /** Selected clips or sections (tracks are selected separately, in the track list). */
  selection: ArrangementSelection;
  /** The person (user id) whose playhead the view follows, or null. */
  followUserId: string | null;
  /** The clip open in the bottom editor dock. */
  openClipId: string | null;
  /** Notes selected in the clip editor (shown to bandmates instead of the clip selection while set). */
  noteSelection: { clipId: string; ids: string[] } | null;
  /** The "Lyrics & chords" side panel. */
  songPanelOpen: boolean;
  dockHeight: number;
  /** The timeline comments side panel. */
  commentsPanelOpen: boolean;
  commentFilter: CommentFilter;
  /** The thread shown expanded in the comments panel (and highlighted on the timeline). */
  activeCommentId: string | null;
  /** Where a comment being written will be pinned (C, a clip's menu), or null. */
  commentDraft: CommentAnchorInit | null;
  /** Words the new comment starts with (a comment on a saved export names it), or "". */
  commentDraftText: string;
  /** Audio tracks whose take lanes are shown under them (a view choice: yours alone). */
  takeLanesOpen: string[];
  /** The mixer dock (under the timeline) and its height. */
  mixerOpen: boolean;
  mixerHeight: number;
  /** The master view (master chain and loudness meter, under the timeline; Alt+M) and its height. */
  masterOpen: boolean;
  masterHeight: number;
  /** The timeline's tool: the pointer (select, move, trim…) or the split tool (a click cuts a clip there). */
  tool: "pointer" | "split";
}

const PREFS_KEY = "bandspace:arrangement-ui";
export const DOCK_MIN = 160;
export const DOCK_DEFAULT = 300;
export const MIXER_DEFAULT = 440;
export const MASTER_DEFAULT = 360;

function loadPrefs(): Partial<ArrangementUIState> {
  try {
    const raw = JSON.parse(window.localStorage.getItem(PREFS_KEY) ?? "null") as Record<string, unknown> | null;
    if (!raw) return {};
    const out: Partial<ArrangementUIState> = {};
    if (typeof raw.snap === "string" && ["bar", "beat", "1/8", "1/16", "off"].includes(raw.snap))
      out.snap = raw.snap as SnapGrid;
    if (typeof raw.dockHeight === "number" && raw.dockHeight >= DOCK_MIN) out.dockHeight = raw.dockHeight;
    if (typeof raw.songPanelOpen === "boolean") out.songPanelOpen = raw.songPanelOpen;
    if (typeof raw.mixerHeight === "number" && raw.mixerHeight >= DOCK_MIN) out.mixerHeight = raw.mixerHeight;
    if (typeof raw.masterHeight === "number" && raw.masterHeight >= DOCK_MIN) out.masterHeight = raw.masterHeight;
    return out;
  } catch {
    return {};
  }
}

/** Per-person arrangement UI state shared by the toolbar, timeline, presence list and dock panels. */
export class ArrangementUI {
  readonly store = new ValueStore<ArrangementUIState>(
    {
      snap: "beat",
      selection: null,
      followUserId: null,
      openClipId: null,
      noteSelection: null,
      songPanelOpen: false,
      dockHeight: DOCK_DEFAULT,
      commentsPanelOpen: false,
      commentFilter: "open",
      activeCommentId: null,
      commentDraft: null,
      commentDraftText: "",
      takeLanesOpen: [],
      mixerOpen: false,
      mixerHeight: MIXER_DEFAULT,
      masterOpen: false,
      masterHeight: MASTER_DEFAULT,
      tool: "pointer",
    },
    jsonEqual,
  );

  constructor() {
    if (typeof window !== "undefined") this.store.update((s) => ({ ...s, ...loadPrefs() }));
  }

  /** Clips copied with Ctrl/⌘+C (plain data; kept out of the store, which compares by JSON). */
  clipboard: { audio: AudioClipboard | null; midi: MidiClipboard | null } | null = null;

  get = () => this.store.get();
  subscribe = (l: () => void) => this.store.subscribe(l);

  set(patch: Partial<ArrangementUIState>): void {
    this.store.update((s) => ({ ...s, ...patch }));
    if (
      "snap" in patch ||
      "dockHeight" in patch ||
      "songPanelOpen" in patch ||
      "mixerHeight" in patch ||
      "masterHeight" in patch
    ) {
      const { snap, dockHeight, songPanelOpen, mixerHeight, masterHeight } = this.store.get();
      try {
        window.localStorage.setItem(
          PREFS_KEY,
          JSON.stringify({ snap, dockHeight, songPanelOpen, mixerHeight, masterHeight }),
        );
      } catch {
        // storage blocked
      }
    }
  }

  select(selection: ArrangementSelection): void {
    this.set({ selection: selection && selection.ids.length > 0 ? selection : null });
  }

  /** Adds/removes ids of one kind (Shift/Ctrl-click); a different kind replaces the selection. */
  toggle(kind: "clip" | "section", id: string): void {
    const cur = this.store.get().selection;
    if (!cur || cur.kind !== kind) return this.select({ kind, ids: [id] });
    const ids = cur.ids.includes(id) ? cur.ids.filter((x) => x !== id) : [...cur.ids, id];
    this.select({ kind, ids });
  }

  /** Shows or hides a track's take lanes (`open` omitted: toggles). */
  toggleTakeLanes(trackId: string, open?: boolean): void {
    const cur = this.store.get().takeLanesOpen;
    const isOpen = cur.includes(trackId);
    if (open ?? !isOpen) {
      if (!isOpen) this.set({ takeLanesOpen: [...cur, trackId] });
    } else if (isOpen) this.set({ takeLanesOpen: cur.filter((id) => id !== trackId) });
  }

  isSelected(kind: "clip" | "section", id: string): boolean {
    const sel = this.store.get().selection;
    return !!sel && sel.kind === kind && sel.ids.includes(id);
  }
}
