import type * as Y from "yjs";
import { ModelError } from "./errors";

/**
 * Who caused a transaction. Passed as the `origin` of `doc.transact`, so observers, undo managers and
 * the server can tell a user's edit from a remote merge, a repair, or a migration without string prefixes.
 *
 * - `user`: a person's action in this client (the one origin an undo manager should track).
 * - `remote`: an update received from another peer and applied here.
 * - `repair`: `repairSongDoc` restoring invariants after a concurrent merge.
 * - `server`: the server writing on its own behalf (e.g. seeding a session).
 * - `migration`: `initSongDoc` upgrading an older document shape.
 */
export type Origin =
  | { kind: "user"; userId: string }
  | { kind: "remote" }
  | { kind: "repair" }
  | { kind: "server" }
  | { kind: "migration" };

export type OriginKind = Origin["kind"];

const KINDS: ReadonlySet<string> = new Set<OriginKind>(["user", "remote", "repair", "server", "migration"]);

export function isOrigin(value: unknown): value is Origin {
  if (typeof value !== "object" || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== "string" || !KINDS.has(kind)) return false;
  if (kind === "user") {
    const userId = (value as { userId?: unknown }).userId;
    return typeof userId === "string" && userId.length > 0;
  }
  return true;
}

/** Operations are called from untyped places too (server handlers, devtools); refuse a malformed origin early. */
export function assertOrigin(value: unknown): asserts value is Origin {
  if (!isOrigin(value)) {
    throw new ModelError("INVALID_ORIGIN", "Internal error: this change has no valid origin, so it was not applied.");
  }
}

/** The model origin of a transaction, or null when the transaction came from elsewhere (e.g. a provider object). */
export function transactionOrigin(transaction: Y.Transaction): Origin | null {
  return isOrigin(transaction.origin) ? transaction.origin : null;
}

/**
 * Runs one user action as exactly one transaction with its origin. Callers validate before calling this,
 * so `fn` only writes. If called inside an outer `doc.transact`, Yjs folds it into the outer transaction
 * (and the outer origin wins) — batching several operations is the caller's explicit choice.
 */
export function transactAs(doc: Y.Doc, origin: Origin, fn: (transaction: Y.Transaction) => void): void {
  assertOrigin(origin);
  doc.transact(fn, origin);
}
