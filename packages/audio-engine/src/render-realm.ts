/**
 * Disposable realms for offline renders, so a long segmented render (segmented.ts) frees each segment.
 *
 * Chromium never frees an OfflineAudioContext that has loaded an AudioWorklet module: the worklet's messaging
 * proxy is a persistent root that keeps the worklet, the context and its whole render buffer alive until the
 * context's document goes away (heap snapshots show the path; Tone.js issue 1128 reports the same). Measured
 * here: 20 such 30-second contexts kept 250 MB after a forced GC, and a 24-track export grew ~20 MB per segment.
 * A context made with a same-origin iframe's constructor belongs to the iframe's document: removing the iframe
 * ends the worklet, and the context is freed like any other object.
 *
 * The engine code (Tone.js, ours) stays in the page's realm and builds its graph on the iframe's context. Tone
 * checks node types with `instanceof` against the page's constructors (via standardized-audio-context), which an
 * iframe's objects fail; while a realm is open, those constructors also accept its objects (a `Symbol.hasInstance`
 * that adds the open realms' constructors to the ordinary check).
 */

/** The Web Audio interfaces Tone and our engine test with `instanceof`. */
const CHECKED = ["AudioNode", "AudioParam", "BaseAudioContext", "OfflineAudioContext", "AudioContext"] as const;

type AudioGlobals = Partial<Record<(typeof CHECKED)[number], abstract new (...args: never[]) => object>>;

const openRealms = new Set<AudioGlobals>();
let installed = false;

/** Lets the page's audio constructors recognise objects of every open render realm (see the file comment). */
function acceptOpenRealms(page: AudioGlobals): void {
  if (installed) return;
  installed = true;
  const ordinary = Function.prototype[Symbol.hasInstance];
  for (const name of CHECKED) {
    const ctor = page[name];
    if (!ctor) continue;
    // Inherited by the subclasses (GainNode from AudioNode …): `this` is the constructor on the right of
    // `instanceof`, and an open realm's constructor of the same name is asked too.
    Object.defineProperty(ctor, Symbol.hasInstance, {
      configurable: true,
      value(this: (abstract new (...args: never[]) => object) & { name: string }, value: unknown): boolean {
        if (ordinary.call(this, value)) return true;
        for (const realm of openRealms) {
          const theirs = (realm as unknown as Record<string, unknown>)[this.name];
          if (typeof theirs === "function" && ordinary.call(theirs, value)) return true;
        }
        return false;
      },
    });
  }
}

export interface RenderRealm {
  /** The constructor to make this realm's offline context with. */
  readonly OfflineAudioContext: typeof OfflineAudioContext;
  /** Resolves a URL (e.g. a worklet module) against the page, not the blank iframe. */
  url: (path: string) => string;
  /** Removes the iframe: its contexts and their worklets are freed. Call once the render's output is copied. */
  close: () => void;
}

/**
 * Opens a fresh realm for one offline render. Outside a page (no `document`, e.g. a worker) it falls back to the
 * global constructor, and close does nothing.
 */
export function openRenderRealm(): RenderRealm {
  const base = typeof location === "undefined" ? undefined : location.href;
  const url = (path: string) => (base ? new URL(path, base).href : path);
  if (typeof document === "undefined" || !document.body) {
    return { OfflineAudioContext, url, close: () => {} };
  }
  const frame = document.createElement("iframe");
  frame.setAttribute("aria-hidden", "true");
  frame.tabIndex = -1;
  frame.style.display = "none";
  document.body.appendChild(frame);
  const theirs = frame.contentWindow as unknown as
    (AudioGlobals & { OfflineAudioContext?: typeof OfflineAudioContext }) | null;
  if (!theirs?.OfflineAudioContext) {
    frame.remove();
    return { OfflineAudioContext, url, close: () => {} };
  }
  acceptOpenRealms(window);
  openRealms.add(theirs);
  let open = true;
  return {
    OfflineAudioContext: theirs.OfflineAudioContext,
    url,
    close: () => {
      if (!open) return;
      open = false;
      openRealms.delete(theirs);
      frame.remove();
    },
  };
}
