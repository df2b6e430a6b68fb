"use client";

import * as Y from "yjs";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { compareArrangements, type ArrangementComparison } from "@bandspace/model";
import { SaveVersionBody, VERSION_NAME_MAX, canSaveVersions, type VersionView } from "@bandspace/protocol";
import { errorMessage, getVersionState, listVersions, restoreVersion, saveVersion } from "../../lib/api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useStoreSelector } from "../../lib/collab/useStoreSelector";
import { useStudio } from "../studio/StudioContext";
import { ConfirmPopover } from "../common/ConfirmPopover";
import { Icon } from "../common/Icon";
import { Modal } from "../common/Modal";
import { Spinner } from "../common/Spinner";
import { useToast } from "../common/Toast";
import { CompareSummary } from "./CompareSummary";
import { VersionPreview } from "./VersionPreview";
import styles from "./History.module.css";

type ListState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; versions: VersionView[] };
type Selected =
  | { kind: "loading"; id: string }
  | { kind: "error"; id: string; message: string }
  | { kind: "ready"; version: VersionView; doc: Y.Doc };

const KIND_LABEL: Record<VersionView["kind"], string> = {
  manual: "Version",
  checkpoint: "Autosave",
  backup: "Before restore",
};

/**
 * The session's history: saved versions and automatic checkpoints, newest first. Pick one to preview it
 * read-only and see what changed since; editors save new versions and restore old ones (the server applies
 * the restore live for everyone and keeps a backup of the state before, so a restore can be undone).
 */
export function HistoryDialog({ onClose }: { onClose: () => void }) {
  const { sessionId, token, role, connection } = useStudio();
  const toast = useToast();
  const canSave = canSaveVersions(role);
  const [list, setList] = useState<ListState>({ kind: "loading" });
  const [selected, setSelected] = useState<Selected | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      listVersions(sessionId, token, signal).then(
        (versions) => setList({ kind: "ready", versions }),
        (err: unknown) => {
          if (!signal?.aborted) setList({ kind: "error", message: errorMessage(err) });
        },
      ),
    [sessionId, token],
  );
  // Load now, and again whenever anyone saves or restores a version (socket.io `version`).
  const lastEvent = useStoreSelector(connection.versions, (v) => v.lastEvent);
  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
  }, [load, lastEvent]);

  const select = useCallback(
    async (version: VersionView) => {
      setSelected({ kind: "loading", id: version.id });
      try {
        const state = await getVersionState(sessionId, token, version.id);
        const doc = new Y.Doc();
        Y.applyUpdate(
          doc,
          Uint8Array.from(atob(state.song), (c) => c.charCodeAt(0)),
        );
        setSelected((s) =>
          s?.kind === "loading" && s.id === version.id ? { kind: "ready", version: state.version, doc } : s,
        );
      } catch (err) {
        setSelected({ kind: "error", id: version.id, message: errorMessage(err) });
      }
    },
    [sessionId, token],
  );

  const onSaved = (version: VersionView) => {
    setList((l) =>
      l.kind === "ready" && !l.versions.some((v) => v.id === version.id)
        ? { kind: "ready", versions: [version, ...l.versions] }
        : l,
    );
    toast.show(`Saved version “${version.name}”.`, "success");
  };

  const onRestore = async (version: VersionView) => {
    try {
      const result = await restoreVersion(sessionId, token, version.id);
      toast.show(
        `Restored “${result.restored.name}”. The state before was kept as “${result.backup.name}”.`,
        "success",
      );
      await load();
    } catch (err) {
      toast.show(errorMessage(err), "error");
    }
  };

  const selectedId = selected ? (selected.kind === "ready" ? selected.version.id : selected.id) : null;

  return (
    <Modal
      open
      onClose={onClose}
      title="History"
      description="Versions and autosaves of this session."
      width={960}
      testId="history-dialog"
    >
      <div className={styles.layout}>
        <div className={styles.listColumn}>
          {canSave ? (
            <SaveVersionForm onSaved={onSaved} />
          ) : (
            <p className="field-hint">Only people who can edit save or restore versions.</p>
          )}
          {list.kind === "loading" && (
            <div className="list-placeholder">
              <Spinner size={16} /> Loading history…
            </div>
          )}
          {list.kind === "error" && (
            <div className="list-placeholder" role="alert">
              <Icon name="alert" size={14} />
              <span>{list.message}</span>
              <button type="button" className="btn btn-sm" onClick={() => void load()}>
                Retry
              </button>
            </div>
          )}
          {list.kind === "ready" && list.versions.length === 0 && (
            <div className="list-placeholder" data-testid="history-empty">
              No versions yet. {canSave ? "Save one to mark a moment you may want to return to." : ""} Autosaves appear
              here while people edit.
            </div>
          )}
          {list.kind === "ready" && list.versions.length > 0 && (
            <ul className={styles.versions} data-testid="history-list">
              {list.versions.map((v) => (
                <li key={v.id}>
                  <button
                    type="button"
                    className={`${styles.version} ${v.id === selectedId ? styles.versionSelected : ""}`}
                    onClick={() => void select(v)}
                    aria-pressed={v.id === selectedId}
                    data-testid="history-item"
                    data-kind={v.kind}
                    data-name={v.name}
                  >
                    <span className={styles.versionTop}>
                      <span className={`${styles.kind} ${styles[`kind_${v.kind}`]}`}>{KIND_LABEL[v.kind]}</span>
                      <span className={styles.versionName}>{v.name}</span>
                    </span>
                    <span className={styles.versionMeta} title={formatDateTime(v.createdAt)}>
                      {formatRelative(Date.parse(v.createdAt))}
                      {v.createdBy ? ` · ${v.createdBy}` : ""}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className={styles.detailColumn}>
          {!selected && <div className={styles.hint}>Select a version to preview it and compare it with now.</div>}
          {selected?.kind === "loading" && (
            <div className="list-placeholder">
              <Spinner size={16} /> Opening version…
            </div>
          )}
          {selected?.kind === "error" && (
            <div className="list-placeholder" role="alert">
              <Icon name="alert" size={14} /> {selected.message}
            </div>
          )}
          {selected?.kind === "ready" && (
            <VersionDetail
              key={selected.version.id}
              version={selected.version}
              doc={selected.doc}
              liveDoc={connection.songDoc}
              canRestore={canSave}
              onRestore={onRestore}
            />
          )}
        </div>
      </div>
    </Modal>
  );
}

function SaveVersionForm({ onSaved }: { onSaved: (v: VersionView) => void }) {
  const { sessionId, token } = useStudio();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const parsed = SaveVersionBody.safeParse({ name });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Give the version a name.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveVersion(sessionId, token, parsed.data.name));
      setName("");
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className={styles.save} onSubmit={onSubmit} noValidate>
      <div className={styles.saveRow}>
        <input
          className="input"
          value={name}
          maxLength={VERSION_NAME_MAX}
          placeholder="Name this version, e.g. Demo for the label"
          aria-label="Version name"
          onChange={(e) => setName(e.target.value)}
          data-testid="version-name-input"
        />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="version-save">
          {busy ? <Spinner size={13} /> : <Icon name="check" size={14} />}
          Save version
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert" data-testid="version-save-error">
          <Icon name="alert" size={14} />
          {error}
        </p>
      )}
    </form>
  );
}

function VersionDetail({
  version,
  doc,
  liveDoc,
  canRestore,
  onRestore,
}: {
  version: VersionView;
  doc: Y.Doc;
  liveDoc: Y.Doc;
  canRestore: boolean;
  onRestore: (v: VersionView) => Promise<void>;
}) {
  const comparison = useLiveComparison(doc, liveDoc);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  return (
    <div className={styles.detail} data-testid="version-detail" data-name={version.name}>
      <div className={styles.detailHeader}>
        <div>
          <h3 className={styles.detailTitle}>{version.name}</h3>
          <p className={styles.versionMeta}>
            {formatDateTime(version.createdAt)}
            {version.createdBy ? ` · saved by ${version.createdBy}` : " · saved automatically"}
            {version.takeIds.length > 0 ? ` · ${version.takeIds.length} takes kept` : ""}
          </p>
        </div>
        {canRestore && (
          <>
            <button
              ref={restoreRef}
              type="button"
              className="btn"
              disabled={busy || comparison.identical}
              aria-expanded={confirming}
              onClick={() => setConfirming((v) => !v)}
              data-testid="version-restore"
              title={
                comparison.identical
                  ? "The arrangement already matches this version"
                  : "Bring the arrangement back to this version"
              }
            >
              {busy ? <Spinner size={13} /> : <Icon name="restore" size={14} />}
              Restore
            </button>
            <ConfirmPopover
              open={confirming}
              onClose={() => setConfirming(false)}
              anchorRef={restoreRef}
              placement="bottom-end"
              title={`Restore “${version.name}”?`}
              body="The arrangement changes back to this version for everyone in the session. Comments stay. The current state is saved first, so you can restore it again."
              confirmLabel="Restore version"
              testId="version-restore-popover"
              confirmTestId="version-restore-confirm"
              onConfirm={async () => {
                setBusy(true);
                await onRestore(version);
                setBusy(false);
              }}
            />
          </>
        )}
      </div>
      <h4 className={styles.sectionTitle}>
        <Icon name="compare" size={13} /> Changes from this version to now
      </h4>
      <CompareSummary comparison={comparison} />
      <h4 className={styles.sectionTitle}>
        <Icon name="eye" size={13} /> Preview
      </h4>
      <VersionPreview doc={doc} />
    </div>
  );
}

/**
 * Compares the version with the live doc, and again after changes to the live doc — at most every
 * COMPARE_EVERY_MS, because a big arrangement takes a few hundred ms to compare (npm run bench:versions).
 */
const COMPARE_EVERY_MS = 750;

function useLiveComparison(version: Y.Doc, live: Y.Doc): ArrangementComparison {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let timer = 0;
    const onUpdate = () => {
      if (timer) return;
      timer = window.setTimeout(() => {
        timer = 0;
        setTick((t) => t + 1);
      }, COMPARE_EVERY_MS);
    };
    live.on("update", onUpdate);
    return () => {
      live.off("update", onUpdate);
      if (timer) window.clearTimeout(timer);
    };
  }, [live]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- tick is the live doc's change counter
  return useMemo(() => compareArrangements(version, live), [version, live, tick]);
}
