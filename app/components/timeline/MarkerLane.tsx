"use client";

import { memo, useCallback, useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { TRACK_COLORS, addSection, snapTicks, updateSection, type Section } from "@bandspace/model";
import { usePresence } from "../../lib/collab/usePresence";
import { useArrangementSelector } from "../../lib/collab/useArrangement";
import { initials } from "../../lib/collab/identity";
import { useArrangementContext, useUI } from "../studio/ArrangementContext";
import { useStudio } from "../studio/StudioContext";
import { ContextMenu } from "./ContextMenu";
import { beginDrag } from "./drag";
import { tickSpan, useScrollLayer } from "./useScrollLayer";
import { useTimelineActions } from "./useTimelineActions";
import menuStyles from "./ContextMenu.module.css";
import styles from "./Timeline.module.css";

type Preview = { id: string | null; startTick: number; lengthTicks: number } | null;
const isMac = () => typeof navigator !== "undefined" && /Mac|iP(hone|ad)/.test(navigator.platform);

/**
 * The marker lane under the ruler: song sections as coloured ranges. Drag on the empty lane to add one; drag a
 * section to move it, its edges to resize (snapped); click to select and jump there; double-click to rename;
 * right-click for rename, colour, loop, duplicate and delete.
 */
export function MarkerLane() {
  const { connection, canEditSong, edit } = useStudio();
  const { view, ui, transport } = useArrangementContext();
  const actions = useTimelineActions();
  const sections = useArrangementSelector(connection, (a) => a.sections);
  const tempoMap = useArrangementSelector(connection, (a) => a.tempoMap);
  const selection = useUI((s) => s.selection);
  const people = usePresence(connection);
  const [preview, setPreview] = useState<Preview>(null);
  const [renamingId, setRenamingId] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ id: string; x: number; y: number } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<HTMLDivElement>(null);
  useScrollLayer(view, layerRef);

  const remoteBySection = useMemo(() => {
    const map = new Map<string, { color: string; name: string }>();
    for (const p of people) {
      if (p.isLocal || p.selection?.kind !== "section") continue;
      for (const id of p.selection.ids) if (!map.has(id)) map.set(id, { color: p.color, name: p.name });
    }
    return map;
  }, [people]);

  const selectedIds = selection?.kind === "section" ? selection.ids : [];
  const xToTick = (clientX: number) => view.xToTick(clientX - rootRef.current!.getBoundingClientRect().left);
  const autoScroll = {
    bounds: () => rootRef.current!.getBoundingClientRect(),
    scrollBy: (dx: number) => view.scrollBy(dx),
  };
  const snap = (t: number, mode: "round" | "floor" | "ceil" = "round") => snapTicks(t, ui.get().snap, tempoMap, mode);
  const minLen = () =>
    ui.get().snap === "off"
      ? tempoMap.ticksPerBeat
      : Math.min(tempoMap.ticksPerBar, snapTicks(1, ui.get().snap, tempoMap, "ceil"));

  const onLanePointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || (e.target !== e.currentTarget && e.target !== layerRef.current)) return;
    ui.select(null);
    if (!canEditSong) return;
    e.preventDefault();
    const anchor = xToTick(e.clientX);
    let range: Preview = null;
    beginDrag(e, {
      autoScroll,
      move: (_dx, _dy, ev) => {
        const t = xToTick(ev.clientX);
        const a = Math.max(0, snap(Math.min(anchor, t), "floor"));
        const b = snap(Math.max(anchor, t), "ceil");
        range = { id: null, startTick: a, lengthTicks: Math.max(b - a, minLen()) };
        setPreview(range);
      },
      end: () => {
        setPreview(null);
        if (!range) return;
        const r = range;
        const s = edit((doc, origin) =>
          addSection(
            doc,
            { name: actions.nextSectionName(), startTick: r.startTick, lengthTicks: r.lengthTicks },
            origin,
          ),
        );
        if (s) ui.select({ kind: "section", ids: [s.id] });
      },
      cancel: () => setPreview(null),
    });
  };

  const onSectionPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLElement>, section: Section, mode: "move" | "start" | "end") => {
      if (e.button !== 0) return;
      e.stopPropagation();
      const additive = e.shiftKey || (isMac() ? e.metaKey : e.ctrlKey);
      if (additive) {
        ui.toggle("section", section.id);
        return;
      }
      if (!ui.isSelected("section", section.id)) ui.select({ kind: "section", ids: [section.id] });
      const origin0 = xToTick(e.clientX);
      const end0 = section.startTick + section.lengthTicks;
      let next: Preview = null;
      beginDrag(e, {
        autoScroll: canEditSong ? autoScroll : undefined,
        move: (_dx, _dy, ev) => {
          if (!canEditSong) return;
          const delta = xToTick(ev.clientX) - origin0;
          const min = minLen();
          if (mode === "move") {
            next = {
              id: section.id,
              startTick: Math.max(0, snap(section.startTick + delta)),
              lengthTicks: section.lengthTicks,
            };
          } else if (mode === "start") {
            const start = Math.max(0, Math.min(snap(section.startTick + delta), end0 - min));
            next = { id: section.id, startTick: start, lengthTicks: end0 - start };
          } else {
            const end = Math.max(snap(end0 + delta), section.startTick + min);
            next = { id: section.id, startTick: section.startTick, lengthTicks: end - section.startTick };
          }
          setPreview(next);
        },
        end: () => {
          setPreview(null);
          const n = next;
          if (!n || (n.startTick === section.startTick && n.lengthTicks === section.lengthTicks)) return;
          edit((doc, origin) =>
            updateSection(
              doc,
              section.id,
              mode === "move" ? { startTick: n.startTick } : { startTick: n.startTick, lengthTicks: n.lengthTicks },
              origin,
            ),
          );
        },
        cancel: () => setPreview(null),
        click: () => {
          ui.select({ kind: "section", ids: [section.id] });
          transport.seek(section.startTick);
        },
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [canEditSong, edit, transport, ui, tempoMap],
  );

  const menuSection = menu ? sections.find((s) => s.id === menu.id) : undefined;
  const mod = isMac() ? "⌘" : "Ctrl+";

  return (
    <div
      ref={rootRef}
      className={`${styles.markerLane} ${canEditSong ? styles.editable : ""}`}
      data-testid="marker-lane"
      aria-label="Sections"
      onPointerDown={onLanePointerDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      <div ref={layerRef} className={styles.layer}>
        {sections.map((s) => {
          const p = preview?.id === s.id ? preview : null;
          return (
            <SectionBlock
              key={s.id}
              section={s}
              startTick={p?.startTick ?? s.startTick}
              lengthTicks={p?.lengthTicks ?? s.lengthTicks}
              dragging={!!p}
              selected={selectedIds.includes(s.id)}
              remote={remoteBySection.get(s.id) ?? null}
              renaming={renamingId === s.id}
              canEdit={canEditSong}
              onPointerDown={onSectionPointerDown}
              onStartRename={(id) => canEditSong && setRenamingId(id)}
              onRename={(id, name) => {
                setRenamingId(null);
                if (name !== null) actions.renameSection(id, name);
              }}
              onMenu={(id, x, y) => {
                if (!ui.isSelected("section", id)) ui.select({ kind: "section", ids: [id] });
                setMenu({ id, x, y });
              }}
            />
          );
        })}
        {preview && preview.id === null && (
          <div
            className={`${styles.section} ${styles.sectionGhost}`}
            style={tickSpan(preview.startTick, preview.lengthTicks)}
          />
        )}
      </div>
      {menu && menuSection && (
        <ContextMenu
          at={menu}
          label={`Section ${menuSection.name}`}
          testId="section-menu"
          onClose={() => setMenu(null)}
          header={
            canEditSong ? (
              <>
                <div className={menuStyles.menuTitle}>{menuSection.name}</div>
                <div className={menuStyles.swatches} role="radiogroup" aria-label="Section colour">
                  {TRACK_COLORS.map((c) => (
                    <button
                      key={c}
                      type="button"
                      role="radio"
                      aria-checked={c.toLowerCase() === menuSection.color.toLowerCase()}
                      aria-label={c}
                      className={menuStyles.swatch}
                      style={{ background: c }}
                      data-testid="section-color-option"
                      data-color={c}
                      onClick={() => {
                        setMenu(null);
                        actions.recolorSection(menuSection.id, c);
                      }}
                    />
                  ))}
                </div>
              </>
            ) : (
              <div className={menuStyles.menuTitle}>{menuSection.name}</div>
            )
          }
          items={[
            {
              label: "Go to section",
              onSelect: () => actions.seekToSection(menuSection.id),
              testId: "section-menu-goto",
            },
            {
              label: "Loop this section",
              onSelect: () => actions.loopSection(menuSection.id),
              testId: "section-menu-loop",
            },
            {
              label: "Rename…",
              onSelect: () => setRenamingId(menuSection.id),
              disabled: !canEditSong,
              shortcut: "Dbl-click",
              testId: "section-menu-rename",
            },
            {
              label: "Duplicate",
              onSelect: () => actions.duplicateSelection(),
              disabled: !canEditSong,
              shortcut: `${mod}D`,
              testId: "section-menu-duplicate",
            },
            {
              label: "Delete",
              onSelect: () => actions.deleteSelection(),
              disabled: !canEditSong,
              shortcut: "Del",
              danger: true,
              testId: "section-menu-delete",
            },
          ]}
        />
      )}
    </div>
  );
}

interface SectionBlockProps {
  section: Section;
  startTick: number;
  lengthTicks: number;
  dragging: boolean;
  selected: boolean;
  remote: { color: string; name: string } | null;
  renaming: boolean;
  canEdit: boolean;
  onPointerDown: (e: ReactPointerEvent<HTMLElement>, section: Section, mode: "move" | "start" | "end") => void;
  onStartRename: (id: string) => void;
  onRename: (id: string, name: string | null) => void;
  onMenu: (id: string, x: number, y: number) => void;
}

const SectionBlock = memo(function SectionBlock({
  section,
  startTick,
  lengthTicks,
  dragging,
  selected,
  remote,
  renaming,
  canEdit,
  onPointerDown,
  onStartRename,
  onRename,
  onMenu,
}: SectionBlockProps) {
  return (
    <div
      className={[
        styles.section,
        selected ? styles.selected : "",
        dragging ? styles.dragging : "",
        remote ? styles.remoteSel : "",
      ].join(" ")}
      style={{
        ...tickSpan(startTick, lengthTicks),
        ["--c" as string]: section.color,
        ["--remote" as string]: remote?.color,
      }}
      data-testid="section"
      data-section-id={section.id}
      data-name={section.name}
      data-start-tick={section.startTick}
      data-length-ticks={section.lengthTicks}
      data-color={section.color}
      data-selected={selected ? "true" : "false"}
      data-remote-selected-by={remote?.name}
      title={`${section.name} — click to jump here${canEdit ? ", drag to move, double-click to rename" : ""}`}
      onPointerDown={(e) => onPointerDown(e, section, "move")}
      onDoubleClick={() => onStartRename(section.id)}
      onContextMenu={(e) => {
        e.preventDefault();
        onMenu(section.id, e.clientX, e.clientY);
      }}
    >
      {renaming ? (
        <SectionNameInput initial={section.name} onDone={(name) => onRename(section.id, name)} />
      ) : (
        <span className={styles.sectionName}>{section.name}</span>
      )}
      {remote && (
        <span className={styles.remoteTag} style={{ background: remote.color }} title={`${remote.name} selected this`}>
          {initials(remote.name)}
        </span>
      )}
      {canEdit && (
        <>
          <span
            className={`${styles.edge} ${styles.edgeStart}`}
            data-testid="section-resize-start"
            onPointerDown={(e) => onPointerDown(e, section, "start")}
          />
          <span
            className={`${styles.edge} ${styles.edgeEnd}`}
            data-testid="section-resize-end"
            onPointerDown={(e) => onPointerDown(e, section, "end")}
          />
        </>
      )}
    </div>
  );
});

function SectionNameInput({ initial, onDone }: { initial: string; onDone: (name: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (name: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(name);
  };
  return (
    <input
      className={styles.sectionInput}
      value={value}
      maxLength={40}
      aria-label="Section name"
      data-testid="section-name-input"
      autoFocus
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onPointerDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onBlur={() => finish(value)}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === "Enter") {
          e.preventDefault();
          finish(value);
        } else if (e.key === "Escape") {
          e.preventDefault();
          finish(null);
        }
      }}
    />
  );
}
