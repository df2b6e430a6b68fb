"use client";

import { Icon } from "../common/Icon";
import { Spinner } from "../common/Spinner";

export type ListLoadState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready" };

/**
 * What a list in the Share dialog shows before it has rows: an action error (e.g. a refused revoke), a
 * spinner while loading, or the load error with Retry. Nothing once loaded.
 */
export function ListStatus({
  state,
  what,
  actionError,
  actionErrorTestId,
  onRetry,
}: {
  state: ListLoadState;
  /** "links", "people" … as in "Loading links…". */
  what: string;
  actionError: string | null;
  actionErrorTestId: string;
  onRetry: () => void;
}) {
  return (
    <>
      {actionError && (
        <p className="field-error" role="alert" data-testid={actionErrorTestId}>
          <Icon name="alert" size={14} />
          {actionError}
        </p>
      )}
      {state.kind === "loading" && (
        <div className="list-placeholder">
          <Spinner size={16} /> Loading {what}…
        </div>
      )}
      {state.kind === "error" && (
        <div className="list-placeholder" role="alert">
          <Icon name="alert" size={14} />
          <span>{state.message}</span>
          <button type="button" className="btn btn-sm" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
    </>
  );
}
