"use client";

import {
  createContext,
  useMemo,
  type MouseEvent as ReactMouseEvent,
  type PointerEvent as ReactPointerEvent,
  type RefObject,
} from "react";
import {
  audioClipEndTick,
  copyAudioClips,
  framesBetween,
  getAudioClip,
  getTake,
  listAudioClips,
  moveAudioClipTo,
  pasteAudioClips,
  setAudioClipFades,
  setAudioClipGain,
  slipAudioClip,
  snapTicks,
  trimAudioClipEnd,
  trimAudioClipStart,
  type AudioClip,
  type Take,
  type Track,
} from "@bandspace/model";
import { useArrangementContext } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { beginDrag } from "./drag";
import { fadeFramesAt, formatDb, gainAfterDrag, snapMove, snapPoint, type AudioClipZone } from "./editGestures";
import type { AudioPreviewStore } from "./editPreview";
import type { ClipGhost, GhostStore } from "./ghosts";
import { rowIndexAt, trackRowBoxes } from "./rowBoxes";
import { useEditActions } from "./useEditActions";
import { useEditStep } from "./useEditStep";

export interface AudioClipInteractions {
  audioClipPointerDown: (e: ReactPointerEvent<HTMLElement>, clip: AudioClip, zone: AudioClipZone) => void;
  audioClipContextMenu: (e: ReactMouseEvent<HTMLElement>, clip: AudioClip) => void;
}

export const AudioClipInteractionsContext = createContext<AudioClipInteractions | null>(null);

/** Px within which a dragged edge snaps to another clip's edge or a marker. */
const SNAP_PX = 8;

const isMac = () => typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform);

/**
 * Pointer gestures on audio clips (issue 19): select (click, Shift/Ctrl-click), move in time and onto other audio
 * tracks (Alt copies), trim either edge, slip the audio (Ctrl/⌘+Alt drag), fades by the top corners, clip gain by
 * its handle, and the split tool. Moves preview as ghosts; trims, slips, fades and gain preview on the clip itself
 * (its waveform stays drawn). Shift while dragging bypasses snapping. Each release is one edit, one undo step.
 */
export function useAudioClipInteractions({
  tracks,
  rowsRef,
  ghosts,
  preview,
  onContextMenu,
}: {
  tracks: readonly Track[];
  rowsRef: RefObject<HTMLElement | null>;
  ghosts: GhostStore;
  preview: AudioPreviewStore;
  onContextMenu: (clip: AudioClip, x: number, y: number) => void;
}): AudioClipInteractions {
  const { connection, canEditSong } = useStudio();
  const step = useEditStep();
  const { view, ui, transport } = useArrangementContext();
  const editActions = useEditActions();

  return useMemo<AudioClipInteractions>(() => {
    const doc = connection.songDoc;
    const arr = () => connection.arrangement.get();
    const laneLeft = () =>
      rowsRef.current?.querySelector<HTMLElement>("[data-testid='track-lane']")?.getBoundingClientRect().left ?? 0;
    const xToTick = (clientX: number) => view.xToTick(clientX - laneLeft());
    const autoScroll = {
      bounds: () =>
        rowsRef.current?.querySelector<HTMLElement>("[data-testid='track-lane']")?.getBoundingClientRect() ?? {
          left: 0,
          right: window.innerWidth,
        },
      scrollBy: (dx: number) => view.scrollBy(dx),
    };
    const gridFn = () => {
      const g = ui.get().snap;
      return g === "off" ? null : (t: number) => snapTicks(t, g, arr().tempoMap);
    };
    const endOf = (c: AudioClip, take: Take | null) => (take ? audioClipEndTick(arr().tempoMap, c, take) : c.startTick);
    /** Other clips' edges, section edges, the loop and the playhead: what a dragged edge lines up with. */
    const targets = (except: ReadonlySet<string>) => {
      const a = arr();
      const out: number[] = [Math.round(transport.positionTick()), a.loop.startTick, a.loop.endTick];
      for (const s of a.sections) out.push(s.startTick, s.startTick + s.lengthTicks);
      for (const c of a.clips.values()) if (!except.has(c.id)) out.push(c.startTick, c.startTick + c.lengthTicks);
      for (const c of listAudioClips(doc))
        if (!except.has(c.id)) out.push(c.startTick, endOf(c, getTake(doc, c.takeId)));
      return out;
    };
    const threshold = () => SNAP_PX / Math.max(1e-9, view.get().pxPerTick);
    const rowBoxes = () => (rowsRef.current ? trackRowBoxes(rowsRef.current, rowsRef.current) : []);
    const indexOf = (trackId: string) => tracks.findIndex((t) => t.id === trackId);

    const move = (e: ReactPointerEvent<HTMLElement>, clip: AudioClip, copy: boolean) => {
      const sel = ui.get().selection;
      const ids = sel?.kind === "clip" ? sel.ids.filter((id) => getAudioClip(doc, id)) : [clip.id];
      const originals = ids
        .map((id) => getAudioClip(doc, id))
        .filter((c): c is AudioClip => c !== null)
        .map((c) => ({ clip: c, end: endOf(c, getTake(doc, c.takeId)) }));
      const lo = Math.min(...originals.map((o) => o.clip.startTick));
      const hi = Math.max(...originals.map((o) => o.end));
      const except = new Set(ids);
      const snapTargets = targets(except);
      const tick0 = xToTick(e.clientX);
      const row0 = indexOf(clip.trackId);
      const boxes = rowBoxes();
      const top0 = rowsRef.current?.getBoundingClientRect().top ?? 0;
      let plan: { clip: AudioClip; trackId: string; startTick: number }[] | null = null;
      beginDrag(e, {
        autoScroll,
        move: (_dx, _dy, ev) => {
          const shift = snapMove(lo, hi, xToTick(ev.clientX) - tick0, {
            grid: gridFn(),
            targets: snapTargets,
            thresholdTicks: threshold(),
            bypass: ev.shiftKey,
          });
          const target = rowIndexAt(boxes, ev.clientY - top0);
          let dRows = target >= 0 ? Math.min(target, tracks.length - 1) - row0 : 0;
          // Only onto audio tracks (a take plays on an audio track): otherwise the selection stays on its rows.
          if (originals.some((o) => tracks[indexOf(o.clip.trackId) + dRows]?.kind !== "audio")) dRows = 0;
          plan = originals.map((o) => ({
            clip: o.clip,
            trackId: tracks[indexOf(o.clip.trackId) + dRows].id,
            startTick: o.clip.startTick + shift,
          }));
          ghosts.set(
            plan.map<ClipGhost>((p, i) => ({
              key: p.clip.id,
              top: boxes[indexOf(p.trackId)]?.top ?? 0,
              startTick: p.startTick,
              lengthTicks: Math.max(1, originals[i].end - originals[i].clip.startTick),
              color: tracks[indexOf(p.trackId)]?.color ?? "#888888",
              label: copy ? "Copy" : "",
            })),
          );
        },
        end: () => {
          ghosts.set(null);
          const p = plan;
          if (!p || p.every((s) => s.startTick === s.clip.startTick && s.trackId === s.clip.trackId)) return;
          const created: string[] = [];
          step((d, o) => {
            for (const s of p) {
              if (copy) {
                const board = copyAudioClips(d, [s.clip.id]);
                created.push(
                  ...pasteAudioClips(d, board, { tick: s.startTick, trackId: s.trackId }, o).map((c) => c.id),
                );
              } else moveAudioClipTo(d, s.clip.id, { startTick: s.startTick, trackId: s.trackId }, o);
            }
          });
          if (created.length > 0) ui.select({ kind: "clip", ids: created });
        },
        cancel: () => ghosts.set(null),
        click: () => ui.select({ kind: "clip", ids: [clip.id] }),
      });
    };

    /** Trim, slip, fades and gain: one clip, previewed on itself. */
    const shape = (e: ReactPointerEvent<HTMLElement>, clip: AudioClip, zone: Exclude<AudioClipZone, "move">) => {
      const take = getTake(doc, clip.takeId);
      if (!take) return;
      const rect = e.currentTarget.getBoundingClientRect();
      const tempo = arr().tempoMap;
      const end0 = endOf(clip, take);
      const snapTargets = targets(new Set([clip.id]));
      const tick0 = xToTick(e.clientX);
      const frames = (from: number, to: number) => framesBetween(tempo, from, to, take.sampleRate);
      let commit: (() => void) | null = null;
      beginDrag(e, {
        autoScroll: zone === "trim-start" || zone === "trim-end" ? autoScroll : undefined,
        move: (_dx, dy, ev) => {
          const snap = (t: number) =>
            snapPoint({
              tick: t,
              grid: gridFn(),
              targets: snapTargets,
              thresholdTicks: threshold(),
              bypass: ev.shiftKey,
            });
          const tick = xToTick(ev.clientX);
          if (zone === "trim-start") {
            // Never before the recording's first frame (where pulling back runs out of audio), never past the end.
            const earliest = Math.ceil(
              tempo.secondsToTicks(tempo.ticksToSeconds(clip.startTick) - clip.offsetFrames / take.sampleRate) - 1e-6,
            );
            const s = Math.max(earliest, Math.min(snap(tick), end0 - 1));
            const delta = frames(clip.startTick, s);
            const patch = {
              startTick: s,
              offsetFrames: clip.offsetFrames + delta,
              lengthFrames: clip.lengthFrames - delta,
            };
            preview.set({ clipId: clip.id, patch });
            commit = () => step((d, o) => trimAudioClipStart(d, clip.id, s, o));
          } else if (zone === "trim-end") {
            const end = Math.max(snap(tick), clip.startTick + 1);
            const lengthFrames = Math.max(1, Math.min(frames(clip.startTick, end), take.frames - clip.offsetFrames));
            preview.set({ clipId: clip.id, patch: { lengthFrames } });
            const endTick = lengthFrames === take.frames - clip.offsetFrames ? null : end;
            commit = () =>
              step((d, o) =>
                endTick === null
                  ? trimAudioClipEnd(d, clip.id, audioClipEndTick(tempo, { ...clip, lengthFrames }, take), o)
                  : trimAudioClipEnd(d, clip.id, endTick, o),
              );
          } else if (zone === "slip") {
            const moved = frames(Math.min(tick0, tick), Math.max(tick0, tick)) * Math.sign(tick - tick0);
            const offsetFrames = Math.max(0, Math.min(take.frames - clip.lengthFrames, clip.offsetFrames - moved));
            preview.set({ clipId: clip.id, patch: { offsetFrames }, label: "Slip" });
            commit = () => step((d, o) => slipAudioClip(d, clip.id, offsetFrames, o));
          } else if (zone === "gain") {
            const gainDb = gainAfterDrag(clip.gainDb, dy);
            preview.set({ clipId: clip.id, patch: { gainDb }, label: formatDb(gainDb) });
            commit = () => step((d, o) => setAudioClipGain(d, clip.id, gainDb, o));
          } else {
            const x = ev.clientX - rect.left;
            const other = zone === "fade-in" ? clip.fadeOutFrames : clip.fadeInFrames;
            const n = fadeFramesAt(zone, x, rect.width, clip.lengthFrames, other);
            const patch = zone === "fade-in" ? { fadeInFrames: n } : { fadeOutFrames: n };
            preview.set({
              clipId: clip.id,
              patch,
              label: `${zone === "fade-in" ? "Fade in" : "Fade out"} ${(n / take.sampleRate).toFixed(2)} s`,
            });
            commit = () => step((d, o) => setAudioClipFades(d, clip.id, patch, o));
          }
        },
        end: () => {
          preview.set(null);
          commit?.();
        },
        cancel: () => preview.set(null),
        click: () => ui.select({ kind: "clip", ids: [clip.id] }),
      });
    };

    return {
      audioClipPointerDown(e, clip, zone) {
        if (e.button !== 0) return;
        e.stopPropagation();
        if (ui.get().tool === "split") {
          e.preventDefault();
          if (!canEditSong) return;
          const g = gridFn();
          const raw = xToTick(e.clientX);
          editActions.splitAt(clip.id, e.shiftKey || !g ? Math.round(raw) : g(raw));
          return;
        }
        const mod = isMac() ? e.metaKey : e.ctrlKey;
        const slip = mod && e.altKey;
        if ((e.shiftKey || mod) && !slip) {
          ui.toggle("clip", clip.id);
          return;
        }
        if (!ui.isSelected("clip", clip.id)) ui.select({ kind: "clip", ids: [clip.id] });
        if (!canEditSong) return;
        e.preventDefault();
        if (slip && zone === "move") shape(e, clip, "slip");
        else if (zone === "move") move(e, clip, e.altKey);
        else shape(e, clip, zone);
      },
      audioClipContextMenu(e, clip) {
        e.preventDefault();
        e.stopPropagation();
        if (!ui.isSelected("clip", clip.id)) ui.select({ kind: "clip", ids: [clip.id] });
        onContextMenu(clip, e.clientX, e.clientY);
      },
    };
  }, [
    connection,
    canEditSong,
    step,
    view,
    ui,
    transport,
    tracks,
    rowsRef,
    ghosts,
    preview,
    onContextMenu,
    editActions,
  ]);
}
