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
import { ModelError, SCHEMA_VERSION, initCommentsDoc, initSongDoc, readSchemaVersion } from "@bandspace/model";
import { ValueStore, jsonEqual } from "./store";
import type { AwarenessUser } from "./identity";
import { PersistAcks, countingWebSocketClass } from "./persistAcks";
import { readPresence, type PresenceSelection, type PresenceTransport, type PresenceUser } from "./presence";
import { PlayheadStore } from "./playheads";
import { createSongStore, type SongStore } from "./songStore";
import { createArrangementStore, type ArrangementStore } from "./arrangementStore";
import { createCommentsStore, type CommentsStore } from "./commentsStore";
import { openLiveSocket, type LiveSocket } from "./liveSocket";

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
  everSynced: boolean;
}

export interface SessionConnectionOptions {
  sessionId: string;
  token: string;
  role: Role;
  user: AwarenessUser;
  /** This browser's member secret (storage.ts getMemberSecret). */
  memberSecret: string;
}

const TOO_NEW = "This song was saved by a newer version of Bandspace. Reload the page to get the latest version.";

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
      { phase: "connecting", closed: null, role: opts.role, deniedDocs: [], socketError: null },
      jsonEqual,
    );
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
      const channel: DocChannel = { kind, doc, provider, acks, everSynced: false };
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
    for (const c of this.channels) c.provider.connect();
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
    const onUpdate = () => this.recompute();
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
    return s.phase !== "closed" && canWriteDoc(s.role, doc) && !s.deniedDocs.includes(doc);
  }

  dismissSocketError(): void {
    this.state.update((s) => ({ ...s, socketError: null }));
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.cleanups.splice(0)) c();
    this.shutdownTransports();
    for (const c of this.channels) c.provider.destroy();
    this.songDoc.destroy();
    this.commentsDoc.destroy();
  }

  // ---------- internals ----------

  private channel(kind: DocKind): DocChannel {
    return this.channels.find((c) => c.kind === kind)!;
  }

  /**
   * After a document's first sync: a writer brings it to the current schema (idempotent; see initSongDoc);
   * anyone refuses a document from a newer schema with a full-page message.
   */
  private prepareDoc(channel: DocChannel): void {
    try {
      if (channel.kind === "song") {
        if (this.canWrite("song")) initSongDoc(channel.doc);
        else if (readSchemaVersion(channel.doc) > SCHEMA_VERSION) throw new ModelError("SCHEMA_TOO_NEW", TOO_NEW);
      } else if (this.canWrite("comments")) {
        initCommentsDoc(channel.doc);
      }
    } catch (err) {
      const reason = err instanceof ModelError ? err.message : "This session's data could not be opened.";
      this.state.update((s) => (s.closed ? s : { ...s, phase: "closed", closed: { code: 0, reason } }));
      this.shutdownTransports();
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
      const phase: ConnectionPhase = !song.everSynced
        ? "connecting"
        : song.provider.wsconnected && song.provider.synced
          ? "live"
          : "reconnecting";
      if (phase !== st.phase) this.state.update((s) => ({ ...s, phase }));
    }
    this.saveStatus.set(this.computeSaveStatus());
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
