import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { PRESENCE_LIMITS } from "@bandspace/protocol";

/** One client's entry in a y-protocols awareness update: `clientID clock stateJSON`. */
export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The state as JSON text ("null" when the client left). */
  json: string;
}

export function decodePresenceEntries(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({
      clientId: decoding.readVarUint(decoder),
      clock: decoding.readVarUint(decoder),
      json: decoding.readVarString(decoder),
    });
  }
  return entries;
}

export function encodePresenceEntries(entries: readonly PresenceEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.clientId);
    encoding.writeVarUint(e, entry.clock);
    encoding.writeVarString(e, entry.json);
  }
  return encoding.toUint8Array(e);
}

/**
 * Per-connection presence budget: a token bucket for the message rate, and a sliding count of dropped
 * messages or entries that marks a connection as abusive (it is then closed with YCloseCode.abuse).
 */
export class PresenceBudget {
  private tokens: number = PRESENCE_LIMITS.burst;
  private refilledAt: number;
  private readonly drops: number[] = [];

  constructor(now: number) {
    this.refilledAt = now;
  }

  /** Takes one message from the bucket; false when the connection sends faster than allowed. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(PRESENCE_LIMITS.burst, this.tokens + elapsed * PRESENCE_LIMITS.ratePerSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Records a dropped message or entry; true once the connection crossed the abuse threshold. */
  dropped(now: number): boolean {
    this.drops.push(now);
    while (this.drops.length > 0 && now - this.drops[0] > PRESENCE_LIMITS.abuseWindowMs) this.drops.shift();
    return this.drops.length >= PRESENCE_LIMITS.abuseThreshold;
  }
}
