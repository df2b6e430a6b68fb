"use client";

import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import * as decoding from "lib0/decoding";
import * as authProtocol from "y-protocols/auth";
import {
  MEMBER_SECRET_PARAM,
  YJS_PATH_PREFIX,
  YMessageType,
  canWriteDoc,
  yjsRoomName,
  type DocKind,
  type ErrorPayload,
  type Role,
  type VersionEvent,
  type VersionView,
} from "@bandspace/protocol";
import { listVersions } from "../api";
import {
  COMMENTS_SCHEMA_VERSION,
  ModelError,
  SCHEMA_VERSION,
  initCommentsDoc,
  initSongDoc,
  readSchemaVersion,
} from "@bandspace/model";
import { ValueStore, jsonEqual } from "./store";
import type { AwarenessUser } from "./identity";
import { PersistAcks, countingWebSocketClass } from "./persistAcks";
import { readPresence, type PresenceSelection, type PresenceTransport, type PresenceUser } from "./presence";
import { PlayheadStore } from "./playheads";
import { createSongStore, type SongStore } from "./songStore";
import { createArrangementStore, type ArrangementStore } from "./arrangementStore";
import { createCommentsStore, type CommentsStore } from "./commentsStore";
import { openLiveSocket, type LiveSocket } from "./liveSocket";
import { LocalDocPersistence, readUnsavedCount, writeUnsavedCount } from "./localPersistence";

export type { PresenceUser, PresenceSelection, PresenceTransport };

export type ConnectionPhase = "connecting" | "live" | "reconnecting" | "closed";

export interface ConnectionState {
  phase: ConnectionPhase;
  /**
   * Set when the connection ended for good: the server's close (codes 4400–4499, reason = its message),
   * or code 0 when this client cannot open the document (e.g. saved by a newer version).
   */
  closed: { code: number; reason: string } | null;
  /** The best-known role: the stored one until the server confirms. */
  role: Role;
  /** Docs the server refused writes to (y-protocols auth "permission denied"). */
  deniedDocs: DocKind[];
  /** Last `error` from the socket.io `hello` handshake, cleared by a successful hello. */
  socketError: ErrorPayload | null;
  /**
   * The last write the server refused because it broke a document rule (issue #16). Nothing of it was
   * saved; this replica now holds a change nobody else has, so the banner offers a reload.
   */
  refused: { doc: DocKind; code: string; message: string } | null;
  /**
   * Documents this client can read only in part (saved by a newer version, or with a shape it cannot use):
   * shown as far as possible, not written, with the reason. The owner repairs them by restoring a version.
   */
  docProblems: Partial<Record<DocKind, string>>;
}

/**
 * saved / saving / offline: for a connection that writes. readonly / disconnected: for one that may not
 * write any document (viewers), connected or not.
 */
export type SaveStatus = "saved" | "saving" | "offline" | "readonly" | "disconnected";

interface DocChannel {
  kind: DocKind;
  doc: Y.Doc;
  provider: WebsocketProvider;
  acks: PersistAcks;
  local: LocalDocPersistence;
  everSynced: boolean;
  /** This browser had a copy of the doc in IndexedDB: the studio opens from it, also offline. */
  localReady: boolean;
}

export interface SessionConnectionOptions {
  sessionId: string;
  token: string;
  role: Role;
  user: AwarenessUser;
  /** This browser's member secret (storage.ts getMemberSecret). */
  memberSecret: string;
}

const TOO_NEW =
  "This song was saved by a newer version of Bandspace: it is shown as far as this version can read it, and not changed. Reload the page to get the latest version.";
const COMMENTS_TOO_NEW =
  "The comments were saved by a newer version of Bandspace (or damaged): they are shown as far as this version can read them. Reload the page, or the owner can restore a version to repair them.";

function yjsServerUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}${YJS_PATH_PREFIX}`;
}

/**
 * One open session: a Y.Doc + WebsocketProvider per collaborative document (song, comments), the
 * socket.io connection, and the derived stores React reads (connection state, save status, presence, song).
 * Created by `useSessionConnection`; `destroy()` closes everything.
 */
export class SessionConnection {
  readonly sessionId: string;
  readonly songDoc = new Y.Doc();
  readonly commentsDoc = new Y.Doc();
  readonly state: ValueStore<ConnectionState>;
  readonly saveStatus = new ValueStore<SaveStatus>("saved");
  /** Local changes not yet acknowledged by the server (offline edits included, across reloads). */
  readonly unsaved: ValueStore<number>;
  readonly presence = new ValueStore<PresenceUser[]>([], jsonEqual);
  readonly song: SongStore;
  /** Tempo map, sections, loop range, clips and notes (see arrangementStore). */
  readonly arrangement: ArrangementStore;
  /** Timeline comment threads (the comments doc). */
  readonly comments: CommentsStore;
  /**
   * The session's newest version (comments record the version they were made on) and the last version
   * event from the server (History refreshes on it; a restore by someone else is announced).
   */
  /** The newest version, the last version event, and the name of every version seen (comments show "made on"). */
  readonly versions = new ValueStore<{
    latest: VersionView | null;
    lastEvent: VersionEvent | null;
    names: Record<string, string>;
  }>({
    latest: null,
    lastEvent: null,
    names: {},
  });
  /** Everyone else's transport position, read from animation frames rather than renders. */
  readonly playheads: PlayheadStore;

  private readonly channels: DocChannel[];
  private readonly socket: LiveSocket;
  private user: AwarenessUser;
  private selection: PresenceSelection | null = null;
  private destroyed = false;
  private readonly cleanups: Array<() => void> = [];

  constructor(opts: SessionConnectionOptions) {
    this.sessionId = opts.sessionId;
    this.user = opts.user;
    this.state = new ValueStore<ConnectionState>(
      {
        phase: "connecting",
        closed: null,
        role: opts.role,
        deniedDocs: [],
        socketError: null,
        refused: null,
        docProblems: {},
      },
      jsonEqual,
    );
    this.unsaved = new ValueStore<number>(readUnsavedCount(opts.sessionId));
    this.song = createSongStore(this.songDoc);
    this.cleanups.push(() => this.song.destroy());
    this.arrangement = createArrangementStore(this.songDoc);
    this.cleanups.push(() => this.arrangement.destroy());
    this.comments = createCommentsStore(this.commentsDoc);
    this.cleanups.push(() => this.comments.destroy());

    const serverUrl = yjsServerUrl();
    this.channels = (["song", "comments"] as const).map((kind) => {
      const doc = kind === "song" ? this.songDoc : this.commentsDoc;
      const provider = new WebsocketProvider(serverUrl, yjsRoomName(opts.sessionId, kind), doc, {
        params: { token: opts.token, [MEMBER_SECRET_PARAM]: opts.memberSecret },
        disableBc: true,
        connect: false,
        WebSocketPolyfill: countingWebSocketClass(),
      });
      const acks = new PersistAcks(provider);
      const local = new LocalDocPersistence(`bandspace:${yjsRoomName(opts.sessionId, kind)}`, doc);
      const channel: DocChannel = { kind, doc, provider, acks, local, everSynced: false, localReady: false };
      void local.whenLoaded().then(() => {
        if (doc.store.clients.size === 0 || this.destroyed) return;
        channel.localReady = true;
        this.recompute();
      });
      this.wireChannel(channel);
      return channel;
    });
    this.playheads = new PlayheadStore(this.channel("song").provider.awareness);

    this.socket = openLiveSocket(opts.sessionId, opts.token, opts.memberSecret, {
      onHello: (reply) => this.setRole(reply.role, true),
      onRoleChanged: ({ role }) => this.setRole(role),
      onVersion: (event) =>
        this.versions.update((v) => ({
          latest:
            event.action === "saved" && (!v.latest || event.version.createdAt >= v.latest.createdAt)
              ? event.version
              : v.latest,
          lastEvent: event,
          names: { ...v.names, [event.version.id]: event.version.name },
        })),
      onError: (error) => this.state.update((st) => ({ ...st, socketError: error })),
    });

    // Leave the avatar list right away when the tab closes (the server would otherwise time it out).
    const onPageHide = () => {
      for (const c of this.channels) c.provider.awareness.setLocalState(null);
    };
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted) this.publishUser();
    };
    window.addEventListener("pagehide", onPageHide);
    window.addEventListener("pageshow", onPageShow);
    this.cleanups.push(() => {
      window.removeEventListener("pagehide", onPageHide);
      window.removeEventListener("pageshow", onPageShow);
    });

    this.publishUser();
    // Connect once what this browser kept (offline edits) is loaded, so the first sync sends it (at most a
    // short wait: a browser that cannot open IndexedDB still connects).
    const loaded = Promise.all(this.channels.map((c) => c.local.whenLoaded()));
    const timeout = new Promise<void>((resolve) => window.setTimeout(resolve, 2000));
    void Promise.race([loaded, timeout])
      .catch(() => undefined)
      .then(() => {
        if (this.destroyed || this.state.get().phase === "closed") return;
        for (const c of this.channels) c.provider.connect();
      });
    // The newest version so far; later ones arrive as socket.io `version` events.
    listVersions(opts.sessionId, opts.token).then(
      (list) => {
        const newest = list[0] ?? null;
        const names = Object.fromEntries(list.map((version) => [version.id, version.name]));
        this.versions.update((v) => ({
          ...v,
          latest: v.latest && newest && v.latest.createdAt >= newest.createdAt ? v.latest : newest,
          names: { ...names, ...v.names },
        }));
      },
      () => {},
    );
  }

  private wireChannel(channel: DocChannel): void {
    const { provider, doc, kind } = channel;

    // Bandspace's message 100: the stored state vector, then how many of our write messages are durable.
    provider.messageHandlers[YMessageType.persisted] = (_encoder, decoder) => {
      decoding.readVarUint8Array(decoder);
      channel.acks.noteStored(decoding.readVarUint(decoder));
      this.recompute();
    };
    // Bandspace's message 101: a write of ours broke a document rule and was not applied.
    provider.messageHandlers[YMessageType.refused] = (_encoder, decoder) => {
      const code = decoding.readVarString(decoder);
      const message = decoding.readVarString(decoder);
      this.state.update((s) => ({ ...s, refused: { doc: kind, code, message } }));
      // This replica now holds a change nobody else will have: do not bring it back after a reload.
      void channel.local.clear();
    };
    provider.messageHandlers[YMessageType.auth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, doc, () => {
        this.state.update((s) => (s.deniedDocs.includes(kind) ? s : { ...s, deniedDocs: [...s.deniedDocs, kind] }));
        this.recompute();
      });
    };

    const onStatus = () => this.recompute();
    const onSync = (synced: boolean) => {
      if (synced && !channel.everSynced) {
        channel.everSynced = true;
        this.prepareDoc(channel);
      }
      this.recompute();
    };
    const onClosed = (event: { code: number; reason: string }) => {
      this.state.update((s) =>
        s.closed ? s : { ...s, phase: "closed", closed: { code: event.code, reason: event.reason } },
      );
      this.shutdownTransports();
      this.recompute();
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      // A change made here (not received from the server, not loaded from IndexedDB) waits to be saved.
      if (origin !== provider && origin !== channel.local.origin && this.canWrite(kind)) {
        this.unsaved.set(this.unsaved.get() + 1);
        writeUnsavedCount(this.sessionId, this.unsaved.get());
      }
      this.recompute();
    };
    provider.on("status", onStatus);
    provider.on("sync", onSync);
    provider.on("closed", onClosed);
    doc.on("update", onUpdate);
    this.cleanups.push(() => {
      provider.off("status", onStatus);
      provider.off("sync", onSync);
      provider.off("closed", onClosed);
      doc.off("update", onUpdate);
    });

    // Presence is per connection: nobody else may set ours. The server drops such attempts (issue #16); if
    // one still arrives (an older server), this client keeps its own state instead of adopting the other.
    const awareness = provider.awareness;
    let ownState: Record<string, unknown> | null = awareness.getLocalState();
    const onOwnPresence = (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === "local") {
        ownState = awareness.getLocalState();
        return;
      }
      const me = awareness.clientID;
      const touched = [...changes.added, ...changes.updated, ...changes.removed].includes(me);
      if (!touched || ownState === null) return;
      const theirs = awareness.getLocalState() as { user?: unknown } | null;
      // The server restamping our own state with our verified identity is not an attack: keep its `user`.
      if (theirs !== null && jsonEqual({ ...theirs, user: null }, { ...ownState, user: null })) return;
      awareness.setLocalState(ownState);
    };
    awareness.on("update", onOwnPresence);
    this.cleanups.push(() => awareness.off("update", onOwnPresence));

    if (kind === "song") {
      const onAwareness = (changes: { added: number[]; updated: number[]; removed: number[] }) => {
        this.presence.set(readPresence(provider.awareness));
        this.playheads?.update(changes);
      };
      provider.awareness.on("change", onAwareness);
      this.cleanups.push(() => provider.awareness.off("change", onAwareness));
    }
  }

  /** The role the server confirmed (GET /api/sessions/:id, or the socket.io hello, which also clears its error). */
  setRole(role: Role, fromHello = false): void {
    if (fromHello && this.state.get().socketError) this.state.update((s) => ({ ...s, socketError: null }));
    if (this.state.get().role === role) return;
    // Refusals the new role no longer implies are forgotten (the owner promoted this member); the server
    // says so again if it still refuses.
    this.state.update((s) => ({ ...s, role, deniedDocs: s.deniedDocs.filter((d) => !canWriteDoc(role, d)) }));
    this.publishUser();
    this.recompute();
  }

  /** This person as published in presence (id, display name, colour). */
  get localUser(): AwarenessUser {
    return this.user;
  }

  /** This person's display name (shown on their takes). */
  get displayName(): string {
    return this.user.name;
  }

  setUser(user: AwarenessUser): void {
    this.user = user;
    this.publishUser();
  }

  /** What this person has selected (a track, clips, sections, notes), shown to others as coloured outlines. */
  setSelection(selection: PresenceSelection | null): void {
    if (jsonEqual(this.selection, selection)) return;
    this.selection = selection;
    this.channel("song").provider.awareness.setLocalStateField("selection", selection);
  }

  /** This person's transport, for everyone else's playhead lines (the caller throttles to ~10 Hz). */
  setTransport(transport: { playing: boolean; positionTick: number }): void {
    const value: PresenceTransport = {
      playing: transport.playing,
      positionTick: Math.max(0, transport.positionTick),
      at: Date.now(),
    };
    this.channel("song").provider.awareness.setLocalStateField("transport", value);
  }

  /** The song document's awareness (for views that show presence inside text, like the song-sheet panel). */
  /** The socket.io connection (take streaming and relays). */
  get live(): LiveSocket {
    return this.socket;
  }

  get awareness(): WebsocketProvider["awareness"] {
    return this.channel("song").provider.awareness;
  }

  canWrite(doc: DocKind): boolean {
    const s = this.state.get();
    return s.phase !== "closed" && canWriteDoc(s.role, doc) && !s.deniedDocs.includes(doc) && !s.docProblems[doc];
  }

  dismissSocketError(): void {
    this.state.update((s) => ({ ...s, socketError: null }));
  }

  dismissRefusal(): void {
    this.state.update((s) => ({ ...s, refused: null }));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.cleanups.splice(0)) c();
    this.shutdownTransports();
    for (const c of this.channels) {
      c.provider.destroy();
      c.local.destroy();
    }
    this.songDoc.destroy();
    this.commentsDoc.destroy();
  }

  // ---------- internals ----------

  private channel(kind: DocKind): DocChannel {
    return this.channels.find((c) => c.kind === kind)!;
  }

  /**
   * After a document's first sync: a writer brings it to the current schema (idempotent; see initSongDoc).
   * A document this client cannot fully use (saved by a newer version) is not a dead end (issue #16): it
   * is shown as far as the readers can, kept read-only here, and the reason is shown; nothing is written.
   */
  private prepareDoc(channel: DocChannel): void {
    try {
      if (channel.kind === "song") {
        if (readSchemaVersion(channel.doc) > SCHEMA_VERSION) throw new ModelError("SCHEMA_TOO_NEW", TOO_NEW);
        if (this.canWrite("song")) initSongDoc(channel.doc);
      } else {
        const raw = channel.doc.getMap("meta").get("schemaVersion");
        if (typeof raw === "number" && raw > COMMENTS_SCHEMA_VERSION) {
          throw new ModelError("SCHEMA_TOO_NEW", COMMENTS_TOO_NEW);
        }
        if (this.canWrite("comments")) initCommentsDoc(channel.doc);
      }
    } catch (err) {
      const reason = err instanceof ModelError ? err.message : "Part of this session's data could not be read.";
      this.state.update((s) => ({ ...s, docProblems: { ...s.docProblems, [channel.kind]: reason } }));
      this.recompute();
    }
  }

  private shutdownTransports(): void {
    for (const c of this.channels) c.provider.disconnect();
    this.socket.close();
  }

  private publishUser(): void {
    const user = { ...this.user, role: this.state.get().role };
    for (const c of this.channels) {
      c.provider.awareness.setLocalStateField("user", user);
    }
    this.channel("song").provider.awareness.setLocalStateField("selection", this.selection);
  }

  private recompute(): void {
    if (this.destroyed) return;
    const st = this.state.get();
    const song = this.channel("song");
    if (st.phase !== "closed") {
      const phase: ConnectionPhase =
        !song.everSynced && !song.localReady
          ? "connecting"
          : song.provider.wsconnected && song.provider.synced
            ? "live"
            : "reconnecting";
      if (phase !== st.phase) this.state.update((s) => ({ ...s, phase }));
    }
    this.saveStatus.set(this.computeSaveStatus());
    if (this.saveStatus.get() === "saved" && this.unsaved.get() > 0) {
      this.unsaved.set(0);
      writeUnsavedCount(this.sessionId, 0);
    }
  }

  private computeSaveStatus(): SaveStatus {
    const writable = this.channels.filter((c) => this.canWrite(c.kind));
    const connected = this.channels.every((c) => c.provider.wsconnected);
    if (this.state.get().phase === "closed") return "offline";
    if (writable.length === 0) return connected ? "readonly" : "disconnected";
    if (!writable.every((c) => c.provider.wsconnected && c.provider.synced)) return "offline";
    return writable.some((c) => c.acks.pending) ? "saving" : "saved";
  }
}
