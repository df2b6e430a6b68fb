/**
 * Bandspace capture processor (AudioWorklet). Served as a static file from public/ (Next serves it at
 * /worklets/bandspace-capture.js) so the browser loads it with addModule — no code in template strings.
 *
 * It only copies: each render quantum of its input is appended to a block; a full block (2048 frames) is
 * posted to the main thread with the context frame of its first sample (`currentFrame`), so the main thread
 * knows exactly when every captured sample entered the graph. The buffers are transferred, never shared.
 * It also posts the block's peak per channel for the input meter.
 */
const BLOCK = 2048;

class BandspaceCaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.channels = 0;
    this.buffers = [];
    this.filled = 0;
    this.blockStart = 0;
    this.running = true;
    this.port.onmessage = (e) => {
      if (e.data === "flush") this.post();
      else if (e.data === "stop") {
        this.post();
        this.running = false;
      }
    };
  }

  post() {
    if (this.filled === 0) return;
    const channels = this.buffers.map((b) => b.slice(0, this.filled));
    const peaks = channels.map((c) => {
      let p = 0;
      for (let i = 0; i < c.length; i++) {
        const a = c[i] < 0 ? -c[i] : c[i];
        if (a > p) p = a;
      }
      return p;
    });
    this.port.postMessage({ frame: this.blockStart, channels, peaks }, channels.map((c) => c.buffer));
    this.filled = 0;
  }

  process(inputs) {
    if (!this.running) return false;
    const input = inputs[0];
    if (!input || input.length === 0) return true;
    const n = input[0].length;
    if (input.length !== this.channels) {
      this.post();
      this.channels = input.length;
      this.buffers = input.map(() => new Float32Array(BLOCK));
      this.filled = 0;
    }
    if (this.filled === 0) this.blockStart = currentFrame;
    else if (this.blockStart + this.filled !== currentFrame) {
      // A gap in the render clock (should not happen): post what we have so every block stays contiguous.
      this.post();
      this.blockStart = currentFrame;
    }
    for (let c = 0; c < this.channels; c++) this.buffers[c].set(input[c], this.filled);
    this.filled += n;
    if (this.filled + n > BLOCK) this.post();
    return true;
  }
}

registerProcessor("bandspace-capture", BandspaceCaptureProcessor);
