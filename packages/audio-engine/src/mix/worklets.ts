/** The mixer's worklet module (built from worklets/mix-processors.ts by scripts/build-worklets.mjs). */
export const MIX_WORKLET_URL = "/worklets/bandspace-mix.js";

const loaded = new WeakMap<BaseAudioContext, Promise<boolean>>();

/**
 * Loads the mixer's processors into a context once. Resolves false (and warns) when it cannot — no AudioWorklet
 * (an insecure origin) or the file is missing: dynamics then pass audio through rather than the mix going silent.
 */
export function loadMixWorklets(context: BaseAudioContext, url = MIX_WORKLET_URL): Promise<boolean> {
  let p = loaded.get(context);
  if (!p) {
    p = (async () => {
      if (!context.audioWorklet) return false;
      try {
        await context.audioWorklet.addModule(url);
        return true;
      } catch (err) {
        console.warn(
          `Bandspace: the mixer worklet did not load (${String(err)}); compressor, gate and limiter pass audio through.`,
        );
        return false;
      }
    })();
    loaded.set(context, p);
  }
  return p;
}
