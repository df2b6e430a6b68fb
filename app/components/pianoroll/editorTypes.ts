import type * as Y from "yjs";
import type { Origin } from "@bandspace/model";

/** What a click or drag on the empty grid does: draw a note, or rubber-band select. */
export type Tool = "draw" | "select";

/** Runs one model operation with this person's origin; undefined when it was refused (read-only, model error). */
export type Commit = <T>(op: (doc: Y.Doc, origin: Origin) => T) => T | undefined;
