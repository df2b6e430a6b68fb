import { log } from "../log";

/** One refused write or dropped presence update, with who sent it and why. */
export interface Refusal {
  room: string;
  linkId: string;
  memberId: string | null;
  /** A WriteRefusalCode, or PRESENCE_* for a dropped presence entry. */
  code: string;
  message: string;
}

/**
 * Every refusal is logged with its reason and counted per share link, so the owner sees which link
 * misbehaves (the Share dialog: "N refused writes from this link"). Counts live as long as the process:
 * they are a live signal, not an audit trail (the log is that).
 */
export class RefusalLog {
  private readonly byLink = new Map<string, number>();

  record(refusal: Refusal): void {
    this.byLink.set(refusal.linkId, (this.byLink.get(refusal.linkId) ?? 0) + 1);
    log.warn("write refused", { ...refusal });
  }

  count(linkId: string): number {
    return this.byLink.get(linkId) ?? 0;
  }
}
