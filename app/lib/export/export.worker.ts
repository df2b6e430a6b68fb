/**
 * The export worker: receives rendered blocks straight from the render's tap worklet (a MessagePort), runs the
 * master chain (gain → true-peak limiter → loudness meter) and the encoder, and writes the bytes to an OPFS file
 * (or into a streaming zip of stems) as they come. The page only sees progress and the final report, and never
 * freezes; memory holds a few blocks, whatever the song's length.
 */
import { Zip, ZipPassThrough, strToU8 } from "fflate";
import { LoudnessMeter, MasterChain, MatchTargetPass, loudnessReport } from "@bandspace/dsp";
import { createEncoder, type StreamEncoder } from "./encoders";
import { OutputFile } from "./output-file";
import type { EntryJob, EntryResult, FromWorker, ToWorker } from "./protocol";

interface Sink {
  write: (data: Uint8Array) => void;
  end: () => void;
  /** Overwrite at an offset from the sink's first byte; null for streamed zip entries. */
  writeAt: ((offset: number, data: Uint8Array) => void) | null;
}

let file: OutputFile | null = null;
let zip: Zip | null = null;
let zipFailed: Error | null = null;
let cancelled = false;

const reply = (m: FromWorker) => postMessage(m);

function openSink(name: string): Sink {
  if (!file) throw new Error("no output open");
  if (!zip) {
    const f = file;
    const base = f.bytes;
    return { write: (d) => f.write(d), end: () => {}, writeAt: (o, d) => f.writeAt(base + o, d) };
  }
  const entry = new ZipPassThrough(name);
  zip.add(entry);
  return { write: (d) => entry.push(d), end: () => entry.push(new Uint8Array(0), true), writeAt: null };
}

/** Consumes one rendered stream from `port`, block by block, until `totalFrames` frames have arrived. */
async function runEntry(job: EntryJob, port: MessagePort): Promise<EntryResult> {
  let encoder: StreamEncoder | null = null;
  let sink: Sink | null = null;
  let chain: MasterChain | null = null;
  let meter: LoudnessMeter | null = null;
  let match: MatchTargetPass | null = null;
  if (job.mode === "encode") {
    sink = openSink(job.name);
    encoder = await createEncoder(job.format, { ...job, canPatch: sink.writeAt !== null });
    sink.write(encoder.start());
    chain = new MasterChain({
      sampleRate: job.sampleRate,
      channels: job.channels,
      gainDb: job.gainDb,
      ceilingDb: job.ceilingDb,
    });
  } else if (job.mode === "measure") {
    meter = new LoudnessMeter({ sampleRate: job.sampleRate, channels: job.channels });
  } else {
    match = new MatchTargetPass(job);
  }
  let received = 0;
  return new Promise<EntryResult>((resolve, reject) => {
    const finish = async () => {
      port.close();
      if (chain && encoder && sink) {
        const tail = chain.finish();
        if (tail[0].length > 0) sink.write(encoder.encode(tail));
        sink.write(await encoder.finish());
        const patch = encoder.patch?.();
        if (patch && sink.writeAt) sink.writeAt(patch.at, patch.bytes);
        sink.end();
        resolve({
          report: loudnessReport(chain.meter, false),
          frames: received,
          limiterReductionDb: chain.maxReductionDb,
        });
      } else if (meter) {
        resolve({ report: loudnessReport(meter, false), frames: received });
      } else {
        const r = match!.result();
        resolve({
          report: loudnessReport(new LoudnessMeter({ sampleRate: job.sampleRate, channels: job.channels }), false),
          frames: received,
          gainDb: r.gainDb,
        });
      }
    };
    port.onmessage = (e: MessageEvent<{ frame: number; channels: Float32Array[] }>) => {
      if (cancelled) return;
      try {
        const { frame, channels } = e.data;
        if (frame !== received) throw new Error(`render blocks out of order (${frame}, expected ${received})`);
        const frames = channels[0].length;
        if (chain && encoder && sink) {
          const out = chain.process(channels, frames);
          if (out[0].length > 0) sink.write(encoder.encode(out));
        } else if (meter) meter.push(channels, frames);
        else match!.push(channels, frames);
        if (zipFailed) throw zipFailed;
        received += frames;
        reply({ kind: "progress", frames: received });
        if (received >= job.totalFrames)
          finish().catch((err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
      } catch (err) {
        port.close();
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
  });
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.kind) {
    case "open": {
      cancelled = false;
      const created = await OutputFile.create(m.fileName);
      // A cancel that arrived while the file was being created found nothing to delete: delete it here.
      if (cancelled) {
        await created.remove();
        return;
      }
      file = created;
      const f = created;
      zip = m.zip
        ? new Zip((err, data) => {
            if (err) zipFailed = err;
            else f.write(data);
          })
        : null;
      reply({ kind: "opened" });
      return;
    }
    case "entry":
      reply({ kind: "entry-done", result: await runEntry(m.job, m.port) });
      return;
    case "text": {
      const entry = new ZipPassThrough(m.name);
      zip?.add(entry);
      entry.push(strToU8(m.text), true);
      return;
    }
    case "close": {
      zip?.end();
      if (zipFailed) throw zipFailed;
      const f = file!;
      f.close();
      file = null;
      zip = null;
      reply({ kind: "closed", fileName: f.name, bytes: f.bytes });
      return;
    }
    case "cancel": {
      cancelled = true;
      const f = file;
      file = null;
      zip = null;
      if (f) await f.remove();
      reply({ kind: "cancelled" });
      return;
    }
  }
}

// Messages are handled one after another: an entry's blocks arrive on its own port meanwhile.
let queue: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  const run = () =>
    handle(m).catch((err: unknown) =>
      reply({ kind: "error", message: err instanceof Error ? err.message : String(err) }),
    );
  // Cancel jumps the queue (an entry may be waiting for blocks that will never come).
  if (m.kind === "cancel") void run();
  else queue = queue.then(run);
};
