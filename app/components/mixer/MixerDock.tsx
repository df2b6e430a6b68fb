"use client";

import { useState } from "react";
import { addBus, type Strip } from "@bandspace/model";
import { useEngineInstance } from "../../lib/engine/useAudioEngine";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { AutomationEditor } from "./AutomationEditor";
import { ChannelStrip } from "./ChannelStrip";
import { InsertPanel } from "../inserts/InsertPanel";
import { useMix } from "../../lib/mix/useMix";
import styles from "./Mixer.module.css";
import { DockResizeHandle } from "../studio/DockResizeHandle";

/** What the detail pane on the right shows: an insert's parameters, or a strip's automation. */
export type MixerFocus = { kind: "insert"; insertId: string } | { kind: "automation"; stripId: string } | null;

/**
 * The mixer dock under the timeline (toolbar button or X): one channel strip per track (in track order and
 * colour), per bus, and the master; on the right the parameters of the insert you clicked, or a strip's
 * automation. Everything is the shared document — a bandmate's fader moves here as they drag it — except
 * solo, which is yours. Viewers and commenters see it all, read-only.
 */
export function MixerDock() {
  const { connection, canEditSong, edit } = useStudio();
  const { ui, transport } = useArrangementContext();
  const height = useUI((s) => s.mixerHeight);
  const engine = useEngineInstance(transport);
  const mix = useMix(connection.songDoc);
  const [focus, setFocus] = useState<MixerFocus>(null);
  const tracks = mix.strips.filter((s) => s.kind === "track");
  const buses = mix.strips.filter((s) => s.kind === "bus");
  const master = mix.strips.find((s) => s.kind === "master")!;
  const strip = (s: Strip) => (
    <ChannelStrip key={s.id} strip={s} mix={mix} engine={engine} focus={focus} onFocus={setFocus} />
  );

  return (
    <section
      className={styles.dock}
      style={{ height }}
      aria-label="Mixer"
      data-testid="mixer-dock"
      data-readonly={!canEditSong}
      data-own-shortcuts
    >
      <DockResizeHandle
        heightKey="mixerHeight"
        label="Resize the mixer"
        className={styles.handle}
        testId="mixer-dock-handle"
      />
      <div className={styles.toolbar}>
        <strong>Mixer</strong>
        {!canEditSong && (
          <span className={styles.readonly}>View only — your link can’t change the mix (solo is yours)</span>
        )}
        <span className={styles.spacer} />
        <button
          type="button"
          className="btn btn-sm"
          disabled={!canEditSong}
          data-testid="mixer-add-bus"
          title="A bus: a strip that sums what is routed or sent to it (a reverb return, a drum group)"
          onClick={() => edit((doc, origin) => addBus(doc, {}, origin))}
        >
          + Bus
        </button>
        <button
          type="button"
          className="btn btn-sm"
          aria-label="Close the mixer"
          onClick={() => ui.set({ mixerOpen: false })}
        >
          ✕
        </button>
      </div>
      <div className={styles.body}>
        <div className={styles.strips} data-testid="mixer-strips">
          {tracks.length === 0 && (
            <p className={styles.empty}>No tracks yet: add a track and its channel strip appears here.</p>
          )}
          {tracks.map(strip)}
          {buses.length > 0 && <div className={styles.divider} aria-hidden />}
          {buses.map(strip)}
          <div className={styles.divider} aria-hidden />
          {strip(master)}
        </div>
        <aside className={styles.detail} data-testid="mixer-detail">
          {focus?.kind === "insert" ? (
            <InsertPanel insertId={focus.insertId} mix={mix} engine={engine} onClose={() => setFocus(null)} />
          ) : focus?.kind === "automation" ? (
            <AutomationEditor stripId={focus.stripId} mix={mix} onClose={() => setFocus(null)} />
          ) : (
            <p className={styles.empty}>Click an effect to edit it, or “A” on a strip to draw its automation.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
