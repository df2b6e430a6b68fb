/**
 * The microphone (or interface input) in the engine's AudioContext: getUserMedia → MediaStreamSource → the
 * capture worklet (public/worklets/bandspace-capture.js), plus an optional monitor path to the speakers and a
 * peak meter. Browser only. Processing (echo cancellation, noise suppression, auto gain) is off: a take must
 * be what the microphone heard, and processing adds latency that varies.
 */
export interface CaptureBlock {
  /** Context frame of the first sample. */
  frame: number;
  channels: Float32Array[];
  peaks: number[];
}

export interface InputDevice {
  deviceId: string;
  label: string;
}

export const CAPTURE_WORKLET_URL = "/worklets/bandspace-capture.js";
const loadedContexts = new WeakSet<BaseAudioContext>();

/** Audio inputs the browser offers (labels appear once the user granted microphone access). */
export async function listInputDevices(): Promise<InputDevice[]> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return all
    .filter((d) => d.kind === "audioinput")
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Input ${i + 1}` }));
}

export class InputCapture {
  readonly channelCount: number;
  readonly deviceLabel: string;
  /** Latest block peak per channel (linear 0..1), for meters. */
  peaks: number[] = [];
  private readonly listeners = new Set<(block: CaptureBlock) => void>();
  private readonly monitorGain: GainNode;
  private disposed = false;

  /** Asks for the input (a permission prompt the first time) and starts capturing into `context`. */
  static async open(
    context: AudioContext,
    opts: { deviceId?: string; workletUrl?: string; channels?: 1 | 2 } = {},
  ): Promise<InputCapture> {
    if (!loadedContexts.has(context)) {
      await context.audioWorklet.addModule(opts.workletUrl ?? CAPTURE_WORKLET_URL);
      loadedContexts.add(context);
    }
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: {
        deviceId: opts.deviceId ? { exact: opts.deviceId } : undefined,
        echoCancellation: false,
        noiseSuppression: false,
        autoGainControl: false,
        // A stereo track asks for both channels; `ideal`, not `exact`: a mono device still opens (and the take
        // is recorded mono, which the track says). A mono track asks nothing, as before.
        ...(opts.channels === 2 ? { channelCount: { ideal: 2 } } : {}),
      },
    });
    return new InputCapture(context, stream, opts.channels ?? 1);
  }

  private constructor(
    readonly context: AudioContext,
    readonly stream: MediaStream,
    /** The channels asked for when opening (what the device gave is `channelCount`). */
    readonly requestedChannels: 1 | 2,
  ) {
    const track = stream.getAudioTracks()[0];
    this.deviceLabel = track?.label ?? "";
    const settings = track?.getSettings() ?? {};
    this.channelCount = settings.channelCount === 2 ? 2 : 1;
    this.source = context.createMediaStreamSource(stream);
    this.node = new AudioWorkletNode(context, "bandspace-capture", {
      numberOfInputs: 1,
      // One (silent) output wired to the destination: a node nothing pulls may not be rendered at all.
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: this.channelCount,
      channelCountMode: "explicit",
    });
    this.source.connect(this.node);
    this.sink = context.createGain();
    this.sink.gain.value = 0;
    this.node.connect(this.sink).connect(context.destination);
    this.monitorGain = context.createGain();
    this.monitorGain.gain.value = 0;
    this.source.connect(this.monitorGain).connect(context.destination);
    this.node.port.onmessage = (e: MessageEvent<CaptureBlock>) => {
      this.peaks = e.data.peaks;
      for (const cb of this.listeners) cb(e.data);
    };
  }

  private readonly source: MediaStreamAudioSourceNode;
  private readonly node: AudioWorkletNode;
  private readonly sink: GainNode;

  /** Hear the input through the speakers (headphones!) while playing. */
  setMonitor(on: boolean): void {
    this.monitorGain.gain.setTargetAtTime(on ? 1 : 0, this.context.currentTime, 0.01);
  }

  /** Every captured block, in order. */
  onBlock(cb: (block: CaptureBlock) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Asks the worklet to hand over its partial block now. */
  flush(): void {
    this.node.port.postMessage("flush");
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.node.port.postMessage("stop");
    this.node.port.onmessage = null;
    this.source.disconnect();
    this.monitorGain.disconnect();
    this.node.disconnect();
    this.sink.disconnect();
    for (const t of this.stream.getTracks()) t.stop();
    this.listeners.clear();
  }
}
