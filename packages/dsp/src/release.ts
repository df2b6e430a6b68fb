/**
 * Frees audio arrays now instead of at the next garbage collection.
 *
 * A long export allocates tens of megabytes per segment (its render buffer, blocks on their way to the encoder).
 * Dropping the last reference leaves that memory to the collector, which in Chromium runs late: a 30-minute export
 * grew by ~40 MB per segment between collections (bench:master). Detaching an ArrayBuffer gives its memory back
 * at once: `ArrayBuffer.prototype.transfer(0)` (ES2024) hands the bytes to a new empty buffer and frees them;
 * where it is missing (Node 20), a transfer through `structuredClone` detaches too, leaving the bytes to a clone that
 * nothing references, which the young-generation collector reclaims soon.
 *
 * Every view on a released buffer reads as empty afterwards: release only what nothing else will read.
 */

type Detachable = ArrayBuffer & { transfer?: (length?: number) => ArrayBuffer; detached?: boolean };
/** structuredClone: declared by DOM and Node, not by the ES library this package is limited to. */
type Clone = (value: unknown, options: { transfer: ArrayBuffer[] }) => unknown;

/**
 * Detaches (frees) the buffers under `views`; shared memory, already-detached and non-detachable buffers are left
 * alone. An AudioBuffer's channel data detaches but Chromium keeps its bytes until the AudioBuffer is collected:
 * copy out of it into arrays of your own instead (segmented.ts).
 */
export function releaseBuffers(views: readonly ArrayBufferView[]): void {
  const clone = (globalThis as { structuredClone?: Clone }).structuredClone;
  const seen = new Set<ArrayBufferLike>();
  for (const view of views) {
    const buffer = view.buffer as Detachable;
    // Not `instanceof ArrayBuffer`: a render buffer may come from another realm (render-realm.ts).
    const plain = Object.prototype.toString.call(buffer) === "[object ArrayBuffer]";
    if (seen.has(buffer) || !plain || buffer.detached === true) continue;
    seen.add(buffer);
    try {
      if (typeof buffer.transfer === "function") buffer.transfer(0);
      else clone?.(buffer, { transfer: [buffer] });
    } catch {
      // Not detachable (a WebAssembly memory, a buffer its owner pinned): it stays the collector's to free.
    }
  }
}
