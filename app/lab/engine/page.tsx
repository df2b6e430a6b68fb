"use client";

import { useEffect, useRef, useState } from "react";
import type { AudioEngine } from "@bandspace/audio-engine";
import type { BandspaceLab } from "./lab";

declare global {
  interface Window {
    bandspaceLab?: BandspaceLab;
  }
}

const box: React.CSSProperties = {
  maxWidth: 720,
  margin: "48px auto",
  padding: "0 24px",
  lineHeight: 1.5,
  color: "var(--text-1)",
};
const button: React.CSSProperties = {
  marginRight: 12,
  padding: "6px 14px",
  background: "var(--surface-3)",
  color: "var(--text-1)",
  border: "1px solid var(--border)",
  borderRadius: 6,
  cursor: "pointer",
};

/** Engine diagnostics: not linked from the app. Tests and `npm run bench:engine` drive `window.bandspaceLab`. */
export default function EngineLabPage() {
  const [lab, setLab] = useState<BandspaceLab | null>(null);
  const [status, setStatus] = useState("Loading the engine…");
  const live = useRef<AudioEngine | null>(null);

  useEffect(() => {
    let cancelled = false;
    import("./lab").then(
      (m) => {
        if (cancelled) return;
        window.bandspaceLab = m.lab;
        setLab(m.lab);
        setStatus("Ready.");
      },
      (err) => setStatus(`The engine failed to load: ${String(err)}`),
    );
    return () => {
      cancelled = true;
      live.current?.dispose();
    };
  }, []);

  async function renderAndPlay() {
    if (!lab) return;
    setStatus("Rendering the groove offline…");
    const scene = lab.docs.grooveScene();
    const t0 = performance.now();
    const buffer = await lab.renderOffline(scene.doc, {
      fromTick: scene.fromTick,
      toTick: scene.toTick,
      sampleRate: 48000,
    });
    const ms = performance.now() - t0;
    const ac = new AudioContext();
    const src = ac.createBufferSource();
    src.buffer = buffer;
    src.connect(ac.destination);
    src.onended = () => void ac.close();
    src.start();
    setStatus(
      `Rendered ${buffer.duration.toFixed(2)} s in ${ms.toFixed(0)} ms (${(buffer.duration / (ms / 1000)).toFixed(1)}× real time); playing it.`,
    );
  }

  async function toggleLive() {
    if (!lab) return;
    if (live.current) {
      live.current.dispose();
      live.current = null;
      setStatus("Stopped.");
      return;
    }
    const scene = lab.docs.grooveScene();
    const engine = await lab.engine.AudioEngine.create({ doc: scene.doc });
    engine.setMetronome(true);
    engine.setCountInBars(1);
    engine.play(scene.fromTick + 3840);
    live.current = engine;
    setStatus("Playing live (count-in, metronome).");
  }

  return (
    <main style={box} data-testid="engine-lab" data-ready={lab ? "true" : "false"}>
      <h1 style={{ fontSize: 22, marginBottom: 8 }}>Engine diagnostics</h1>
      <p style={{ color: "var(--text-2)", marginBottom: 20 }}>
        The audio engine on a fixed test groove: drums and bass at 120 BPM with tempo changes at bars 3 and 5.
      </p>
      <button style={button} onClick={renderAndPlay} disabled={!lab} data-testid="lab-render">
        Render offline &amp; play
      </button>
      <button style={button} onClick={toggleLive} disabled={!lab} data-testid="lab-live">
        Play live / stop
      </button>
      <p style={{ marginTop: 20, color: "var(--text-3)" }} data-testid="lab-status">
        {status}
      </p>
    </main>
  );
}
