/**
 * What the MIDI import dialog shows: the report after an import, or a damaged file waiting for the user's
 * decision. One small external store, so the toolbar's import button and a file dropped on the tracks share
 * one dialog.
 */
export type MidiImportState =
  | { kind: "report"; fileName: string; lines: string[] }
  | { kind: "damaged"; fileName: string; damage: readonly string[]; importAnyway: () => void }
  | null;

let state: MidiImportState = null;
const listeners = new Set<() => void>();

export const midiImportStore = {
  get: (): MidiImportState => state,
  set: (next: MidiImportState): void => {
    state = next;
    for (const l of listeners) l();
  },
  subscribe: (listener: () => void): (() => void) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
};
