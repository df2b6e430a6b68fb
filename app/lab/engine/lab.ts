/**
 * `window.bandspaceLab`: what e2e tests and the benchmark drive in a real browser. Loaded by the page with a
 * dynamic import, so nothing of it runs during server rendering.
 */
import * as Y from "yjs";
import * as model from "@bandspace/model";
import * as engine from "@bandspace/audio-engine";
import { arrangementDoc, grooveScene, LAB_ORIGIN } from "./docs";
import { EDIT_TAKES, editScene, editSceneBuffers, takeSample } from "./edit-scene";
import { benchGraphBuild, benchOffline, benchRemoteEdits, summarize } from "./bench";
import { collectToneObjects, disposeCheck } from "./dispose-check";
import { matchTarget, runExport } from "../../lib/export/runExport";
import { exportRange, songEndTick } from "../../lib/export/range";
import { exportDirectory } from "../../lib/export/output-file";
import { codecPeakMarginDb } from "../../lib/export/protocol";
import { renderMix, signals } from "./mix-render";
import { benchMixOffline, benchMixRealtime, mixSession } from "./mix-bench";
import * as dsp from "@bandspace/dsp";
import { OfflineContext } from "tone/build/esm/core/context/OfflineContext.js";
import { Synth } from "tone/build/esm/instrument/Synth.js";
import { FMSynth } from "tone/build/esm/instrument/FMSynth.js";
import { MonoSynth } from "tone/build/esm/instrument/MonoSynth.js";
import { MembraneSynth } from "tone/build/esm/instrument/MembraneSynth.js";
import { NoiseSynth } from "tone/build/esm/instrument/NoiseSynth.js";
import { MetalSynth } from "tone/build/esm/instrument/MetalSynth.js";

export const lab = {
  Y,
  model,
  engine,
  origin: LAB_ORIGIN,
  renderOffline: engine.renderOffline,
  /** The mixer with test signals into track strips (mix e2e specs, bench:mix). */
  renderMix,
  signals,
  mixBench: { offline: benchMixOffline, realtime: benchMixRealtime, session: mixSession },
  dsp,
  docs: { grooveScene, arrangementDoc },
  edit: { scene: editScene, buffers: editSceneBuffers, takeSample, takes: EDIT_TAKES },
  bench: { graphBuild: benchGraphBuild, remoteEdits: benchRemoteEdits, offline: benchOffline, summarize },
  disposeCheck,
  collectToneObjects,
  /** The export pipeline (worklet tap → worker → OPFS file), for e2e and `npm run bench:master`. */
  exports: { runExport, matchTarget, exportRange, songEndTick, exportDirectory, codecPeakMarginDb },
  /** Tone classes from their own modules, for diagnostics (never the "tone" index: it makes a global context). */
  tone: { OfflineContext, Synth, FMSynth, MonoSynth, MembraneSynth, NoiseSynth, MetalSynth },
};

export type BandspaceLab = typeof lab;
