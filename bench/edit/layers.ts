/**
 * Compositor layers of a page (Chrome DevTools Protocol `LayerTree`): in this headless, software-composited
 * Chromium each frame's compositing update (Layerize, Commit) costs about as much per layer, so the layer count is
 * what the timeline's scroll frames were found to pay for. Counted at rest, outside the timed phases (the LayerTree
 * domain itself adds work to every frame while enabled).
 */
import type { Page } from "@playwright/test";

interface Layer {
  layerId: string;
  drawsContent: boolean;
  backendNodeId?: number;
}

/**
 * Layers in the page's tree once the next layer tree update arrives (after a frame is forced); with `describe`,
 * also what makes them: the DOM element each layer is for (tag, test id or first class), counted.
 */
export async function countLayers(
  page: Page,
  describe = false,
): Promise<{ layers: number; drawing: number; owners: string[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const tree = new Promise<Layer[]>((resolve) =>
      cdp.on("LayerTree.layerTreeDidChange", (e) => {
        const layers = (e as { layers?: Layer[] }).layers;
        if (layers) resolve(layers);
      }),
    );
    // Layers name their element (backendNodeId) only when the DOM agent is on before the layer tree.
    if (describe) await cdp.send("DOM.enable");
    await cdp.send("LayerTree.enable");
    // A frame after enabling: the tree is sent when the compositor next commits.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const layers = await tree;
    await cdp.send("LayerTree.disable");
    const owners = new Map<string, number>();
    if (describe) {
      await cdp.send("DOM.getDocument", { depth: -1 });
      for (const l of layers) {
        let name = "(no element)";
        if (l.backendNodeId) {
          const { node } = (await cdp.send("DOM.describeNode", { backendNodeId: l.backendNodeId })) as {
            node: { nodeName: string; attributes?: string[] };
          };
          const attrs = node.attributes ?? [];
          const attr = (k: string) => attrs[attrs.indexOf(k) + 1];
          const id = attrs.includes("data-testid") ? attr("data-testid") : (attr("class") ?? "").split(" ")[0];
          name = `${node.nodeName.toLowerCase()} ${id}`;
        }
        owners.set(name, (owners.get(name) ?? 0) + 1);
      }
    }
    return {
      layers: layers.length,
      drawing: layers.filter((l) => l.drawsContent).length,
      owners: [...owners].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${String(n).padStart(4)}  ${k}`),
    };
  } finally {
    await cdp.detach();
  }
}
