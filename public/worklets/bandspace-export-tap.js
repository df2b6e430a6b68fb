/**
 * Bandspace export tap (AudioWorklet), the last node of an offline export render. It copies every render quantum
 * into blocks and posts each full block — planar Float32Arrays, transferred — to the MessagePort it is handed
 * (the export worker's), so the render streams to the encoder instead of piling up in one AudioBuffer. Frames
 * past `totalFrames` are not sent; the last block is posted when the render reaches `totalFrames`.
 * Its own output is silence.
 *
 * processorOptions: { channels, totalFrames, blockFrames }
 * port message in: { port: MessagePort } — where the blocks go.
 * blocks out: { frame, channels: Float32Array[] }
 */
class BandspaceExportTap extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions;
    this.channels = o.channels;
    this.totalFrames = o.totalFrames;
    this.blockFrames = o.blockFrames;
    this.sent = 0;
    this.filled = 0;
    this.target = null;
    this.pending = [];
    this.buffers = this.fresh();
    this.port.onmessage = (e) => {
      if (e.data && e.data.port) {
        this.target = e.data.port;
        for (const m of this.pending) this.target.postMessage(m, m.channels.map((c) => c.buffer));
        this.pending = [];
      }
    };
  }

  fresh() {
    const n = Math.min(this.blockFrames, this.totalFrames - this.sent);
    return Array.from({ length: this.channels }, () => new Float32Array(Math.max(0, n)));
  }

  post() {
    if (this.filled === 0) return;
    const channels = this.buffers.map((b) => (b.length === this.filled ? b : b.slice(0, this.filled)));
    const message = { frame: this.sent, channels };
    this.sent += this.filled;
    this.filled = 0;
    if (this.target) this.target.postMessage(message, channels.map((c) => c.buffer));
    else this.pending.push(message);
    this.buffers = this.fresh();
  }

  process(inputs) {
    if (this.sent >= this.totalFrames) return false;
    const input = inputs[0] || [];
    const quantum = input.length > 0 ? input[0].length : 128;
    const room = this.buffers[0].length - this.filled;
    const n = Math.min(quantum, room);
    for (let c = 0; c < this.channels; c++) {
      // An unconnected or silent input arrives with no channels; a mono input is copied to both sides.
      const src = input.length === 0 ? null : input[Math.min(c, input.length - 1)];
      if (src) this.buffers[c].set(n === src.length ? src : src.subarray(0, n), this.filled);
    }
    this.filled += n;
    if (this.filled === this.buffers[0].length) this.post();
    return true;
  }
}

registerProcessor("bandspace-export-tap", BandspaceExportTap);
