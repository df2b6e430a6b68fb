import * as tonejsMidi from "@tonejs/midi";

/**
 * @tonejs/midi ships CommonJS (a UMD bundle for Node). Bundlers and Vitest expose `Midi` as a named export;
 * Node's own ESM loader (the server under tsx) only as `default.Midi`. Accept both.
 */
type MidiClass = typeof tonejsMidi.Midi;
const namespace = tonejsMidi as unknown as { Midi?: MidiClass; default?: { Midi?: MidiClass } };
export const Midi: MidiClass = (namespace.Midi ?? namespace.default?.Midi)!;
export type Midi = InstanceType<MidiClass>;
