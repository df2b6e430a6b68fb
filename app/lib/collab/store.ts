/**
 * A tiny external store for `useSyncExternalStore`: holds an immutable snapshot, notifies listeners
 * when it is replaced. Snapshots are replaced only when their content changed (shallow JSON check
 * is the caller's choice via `equals`).
 */
export class ValueStore<T> {
  private listeners = new Set<() => void>();

  constructor(
    private value: T,
    private readonly equals: (a: T, b: T) => boolean = Object.is,
  ) {}

  get = (): T => this.value;

  set(next: T): void {
    if (this.equals(this.value, next)) return;
    this.value = next;
    for (const l of [...this.listeners]) l();
  }

  update(fn: (prev: T) => T): void {
    this.set(fn(this.value));
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
}

export function jsonEqual<T>(a: T, b: T): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
