import { describe, expect, it } from "vitest";
import { releaseBuffers } from "@bandspace/dsp";

describe("releaseBuffers", () => {
  it("detaches the buffers under the views: they read as empty, their bytes are gone", () => {
    const a = new Float32Array(48000);
    const b = new Float32Array(48000).fill(0.5);
    const bView = b.subarray(100, 200);
    releaseBuffers([a, bView]);
    expect(a.length).toBe(0);
    expect(a.buffer.byteLength).toBe(0);
    expect(b.length).toBe(0);
    expect(bView.length).toBe(0);
  });

  it("leaves shared memory alone and accepts a buffer twice or already released", () => {
    const shared = new Float32Array(new SharedArrayBuffer(4 * 16)).fill(1);
    const a = new Float32Array(16);
    releaseBuffers([shared, a, a.subarray(1)]);
    releaseBuffers([a]);
    expect(shared.length).toBe(16);
    expect(shared[15]).toBe(1);
    expect(a.length).toBe(0);
  });

  it("leaves a WebAssembly memory alone (not detachable) instead of throwing", () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const view = new Uint8Array(memory.buffer);
    view[0] = 7;
    expect(() => releaseBuffers([view])).not.toThrow();
    expect(new Uint8Array(memory.buffer)[0]).toBe(7);
  });
});
