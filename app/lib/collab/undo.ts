"use client";

import type * as Y from "yjs";
import { asOneUndoStep, createUndoManager, type Origin } from "@bandspace/model";
import { ValueStore, jsonEqual } from "./store";
import { isTextEntry, startsUndoStep } from "./undoSteps";

export interface UndoState {
  canUndo: boolean;
  canRedo: boolean;
}

/**
 * This person's undo/redo on the song doc (see `createUndoManager`: only my own edits, each undo an ordinary
 * change everyone receives). Made on mount and destroyed on unmount, like the transport; a viewer never has one.
 */
export class UndoController {
  readonly state = new ValueStore<UndoState>({ canUndo: false, canRedo: false }, jsonEqual);
  private manager: Y.UndoManager | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: Extract<Origin, { kind: "user" }>,
  ) {}

  /** True when this controller is for that doc and that very origin object. */
  matches(doc: Y.Doc, origin: Origin): boolean {
    return this.doc === doc && this.origin === origin;
  }

  attach(): void {
    if (this.manager) return;
    const manager = createUndoManager(this.doc, this.origin);
    const sync = () => this.state.set({ canUndo: manager.undoStack.length > 0, canRedo: manager.redoStack.length > 0 });
    manager.on("stack-item-added", sync);
    manager.on("stack-item-popped", sync);
    manager.on("stack-cleared", sync);
    this.manager = manager;
    sync();
    // Each gesture is its own step (see undoSteps.ts). Capture phase: before any handler edits the document.
    if (typeof window !== "undefined") {
      const onGesture = (e: Event) => {
        const key = e instanceof KeyboardEvent ? e.key : undefined;
        if (startsUndoStep({ type: e.type, key, targetIsTextEntry: isTextEntry(e.target) })) manager.stopCapturing();
      };
      window.addEventListener("pointerdown", onGesture, true);
      window.addEventListener("keydown", onGesture, true);
      this.removeGestureListeners = () => {
        window.removeEventListener("pointerdown", onGesture, true);
        window.removeEventListener("keydown", onGesture, true);
      };
    }
  }

  private removeGestureListeners: () => void = () => {};

  detach(): void {
    this.removeGestureListeners();
    this.removeGestureListeners = () => {};
    this.manager?.destroy();
    this.manager = null;
    this.state.set({ canUndo: false, canRedo: false });
  }

  /** Takes back my last change; false when there is none. */
  undo(): boolean {
    return this.manager?.undo() != null;
  }

  /** Puts back what I last undid; false when there is nothing to redo. */
  redo(): boolean {
    return this.manager?.redo() != null;
  }

  /** Runs `fn` (several transactions, e.g. a chunked import) as exactly one undo step, however long it takes. */
  asOneStep<T>(fn: () => T): T {
    return asOneUndoStep(this.manager, fn);
  }

  /** Ends the current step: the next edit starts a new one even within the capture window. */
  checkpoint(): void {
    this.manager?.stopCapturing();
  }
}
