"use client";

import type * as Y from "yjs";
import { IndexeddbPersistence } from "y-indexeddb";

/**
 * Keeps a session document in the browser's IndexedDB (issue #16), so edits made offline survive closing
 * the tab or reloading the page while offline: the next load starts from them and the provider sends them
 * when the server is reachable again. One database per session document.
 */
export class LocalDocPersistence {
  private persistence: IndexeddbPersistence | null;

  constructor(
    readonly name: string,
    doc: Y.Doc,
  ) {
    this.persistence = typeof indexedDB === "undefined" ? null : new IndexeddbPersistence(name, doc);
  }

  /** The object y-indexeddb applies stored updates with (their transaction origin). */
  get origin(): unknown {
    return this.persistence;
  }

  /** Resolves once what was stored has been loaded into the document. */
  whenLoaded(): Promise<void> {
    return this.persistence ? this.persistence.whenSynced.then(() => undefined) : Promise.resolve();
  }

  /**
   * Forgets the stored copy (the server refused a change of ours, so this replica holds something nobody
   * else has; a reload must start from the server's state, not from it).
   */
  async clear(): Promise<void> {
    const p = this.persistence;
    this.persistence = null;
    await p?.clearData();
  }

  destroy(): void {
    void this.persistence?.destroy();
    this.persistence = null;
  }
}

const UNSAVED_PREFIX = "bandspace:unsaved:";

/** How many local changes wait to be saved, kept across reloads (the edits themselves are in IndexedDB). */
export function readUnsavedCount(sessionId: string): number {
  try {
    const n = Number(window.localStorage.getItem(UNSAVED_PREFIX + sessionId));
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

export function writeUnsavedCount(sessionId: string, count: number): void {
  try {
    if (count > 0) window.localStorage.setItem(UNSAVED_PREFIX + sessionId, String(count));
    else window.localStorage.removeItem(UNSAVED_PREFIX + sessionId);
  } catch {
    // Storage blocked: the count is for this page view only.
  }
}
