import { ValueStore } from "../../lib/collab/store";

/** A translucent preview of a clip being drawn, moved or resized (before the edit is committed). */
export interface ClipGhost {
  key: string;
  /** Px from the top of the track rows (where its row is). */
  top: number;
  startTick: number;
  lengthTicks: number;
  color: string;
  label: string;
  invalid?: boolean;
}

/** Ghosts of the drag in progress; null when nothing is being dragged. */
export class GhostStore extends ValueStore<ClipGhost[] | null> {
  constructor() {
    super(null);
  }
}
