import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import type * as Y from "yjs";
import {
  PPQ,
  addMidiClip,
  addSection,
  addTrack,
  setLoopRange,
  setSongTitle,
  setTempo,
  setTempoChange,
  type InstrumentId,
  type NoteInit,
  type Origin,
} from "@bandspace/model";

/** Each user is a separate browser context: own localStorage, own connections (no BroadcastChannel shortcut). */
export async function newUser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  return { context, page };
}

/** Creates a session from the landing page and names the owner; returns the session id. */
export async function startSession(page: Page, sessionName: string, displayName: string): Promise<string> {
  await page.goto("/");
  await page.getByTestId("session-name-input").fill(sessionName);
  await page.getByTestId("session-name-input").press("Enter");
  await page.waitForURL(/\/s\/[a-z0-9]{16}$/);
  const dialog = page.getByTestId("display-name-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("display-name-input").fill(displayName);
  await page.getByTestId("display-name-submit").click();
  await expect(page.getByTestId("studio")).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Owner creates a share link with `role` in the Share dialog; returns its /join/ URL. */
export async function createShareLink(page: Page, role: "view" | "comment" | "edit", label: string): Promise<string> {
  await page.getByTestId("share-button").click();
  const dialog = page.getByTestId("share-dialog");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("share-role-select").selectOption(role);
  await dialog.getByTestId("share-label-input").fill(label);
  await dialog.getByTestId("share-create").click();
  const row = dialog.getByTestId("share-link-row").filter({ hasText: label });
  await expect(row).toBeVisible();
  const url =
    (await row.getByTestId("share-link-url").getAttribute("title")) ??
    (await row.getByTestId("share-link-url").innerText());
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  return url;
}

/** A bandmate opens a /join/ link and enters a display name. */
export async function joinWithLink(page: Page, joinUrl: string, displayName: string): Promise<void> {
  await page.goto(joinUrl);
  await expect(page.getByTestId("join-card")).toBeVisible();
  await page.getByTestId("display-name-input").fill(displayName);
  await page.getByTestId("join-button").click();
  await page.waitForURL(/\/s\/[a-z0-9]{16}$/);
  await expect(page.getByTestId("studio")).toBeVisible();
}

/** The presence avatar of the user called `name` (as shown in the top bar). */
export function presenceUser(page: Page, name: string) {
  return page.getByTestId("presence").locator(`[data-testid="presence-user"][data-name="${name}"]`);
}

// ---------- arrangement (timeline) helpers ----------

/**
 * A Node-side replica of a session's song doc, connected like a browser (y-websocket with the page's share
 * token): tests seed and inspect the arrangement through `@bandspace/model` on `doc`.
 */
export async function openSongDoc(
  page: Page,
  sessionId: string,
): Promise<{ doc: Y.Doc; awareness: import("y-protocols/awareness").Awareness; close: () => void }> {
  const Yjs = await import("yjs");
  const { WebsocketProvider } = await import("y-websocket");
  const { default: WebSocket } = await import("ws");
  const token = await page.evaluate((id) => {
    const raw = window.localStorage.getItem(`bandspace:session:${id}`);
    return raw ? (JSON.parse(raw) as { token: string }).token : null;
  }, sessionId);
  if (!token) throw new Error(`no stored token for session ${sessionId}`);
  const base = new URL(page.url());
  const doc = new Yjs.Doc();
  const provider = new WebsocketProvider(`ws://${base.host}/yjs`, `${sessionId}/song`, doc, {
    params: { token },
    disableBc: true,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  provider.awareness.setLocalState(null); // not a person: stay out of the avatar list
  provider.messageHandlers[100] = () => {}; // Bandspace's save acknowledgements: not needed here
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("song doc did not sync")), 15_000);
    provider.on("sync", (synced: boolean) => {
      if (synced) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    doc,
    awareness: provider.awareness,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * A simulated bandmate on a replica's awareness: appears in the avatar list and "plays" from `fromTick` at
 * `ticksPerSecond`, publishing its transport at 10 Hz like a browser does — without a second browser and
 * its audio engine competing for the CPU. Returns stop().
 */
export function simulatePlayer(
  awareness: import("y-protocols/awareness").Awareness,
  opts: { name: string; color: string; fromTick?: number; ticksPerSecond: number },
): () => void {
  const started = Date.now();
  const user = {
    userId: `sim-${opts.name.toLowerCase().replace(/\W+/g, "-")}`,
    name: opts.name,
    color: opts.color,
    role: "edit",
  };
  const publish = () => {
    const positionTick = Math.round((opts.fromTick ?? 0) + ((Date.now() - started) / 1000) * opts.ticksPerSecond);
    awareness.setLocalState({ user, transport: { playing: true, positionTick, at: Date.now() }, selection: null });
  };
  publish();
  const timer = setInterval(publish, 100);
  return () => {
    clearInterval(timer);
    awareness.setLocalState(null);
  };
}

/** The timeline's zoom (px per tick) and horizontal scroll (px), as the page shows them now. */
export async function timelineView(page: Page): Promise<{ pxPerTick: number; scrollX: number }> {
  const t = page.getByTestId("timeline");
  return {
    pxPerTick: Number(await t.getAttribute("data-px-per-tick")),
    scrollX: Number(await t.getAttribute("data-scroll-x")),
  };
}

/** Client x of a tick on the timeline (lanes, ruler and marker lane share it). */
export async function tickToClientX(page: Page, tick: number): Promise<number> {
  const lane = await page.getByTestId("timeline-ruler").boundingBox();
  if (!lane) throw new Error("no timeline ruler");
  const { pxPerTick, scrollX } = await timelineView(page);
  return lane.x + tick * pxPerTick - scrollX;
}

/** Drags with the mouse between two ticks at a fixed client y, in small steps (like a hand would). */
export async function dragTicks(
  page: Page,
  y: number,
  fromTick: number,
  toTick: number,
  opts: { toY?: number } = {},
): Promise<void> {
  const x0 = await tickToClientX(page, fromTick);
  const x1 = await tickToClientX(page, toTick);
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move(x0 + (x1 - x0) / 3, y + ((opts.toY ?? y) - y) / 3, { steps: 4 });
  await page.mouse.move(x1, opts.toY ?? y, { steps: 6 });
  await page.mouse.up();
}

/** Vertical centre of the lane of the `index`-th track row. */
export async function laneY(page: Page, index: number): Promise<number> {
  const box = await page.getByTestId("track-lane").nth(index).boundingBox();
  if (!box) throw new Error(`no lane ${index}`);
  return box.y + box.height / 2;
}

/** Client point inside a clip (`fraction` of its width from the left, default the middle). */
export async function clipPoint(page: Page, clipId: string, fraction = 0.5): Promise<{ x: number; y: number }> {
  const box = await page.locator(`[data-testid="clip"][data-clip-id="${clipId}"]`).boundingBox();
  if (!box) throw new Error(`clip ${clipId} not visible`);
  return { x: box.x + box.width * fraction, y: box.y + box.height / 2 + 6 };
}

const SEED: Origin = { kind: "user", userId: "e2e-seed" };
const BAR = PPQ * 4;

/** One bar of a simple groove, as notes relative to `at` (ticks). */
function drumBar(at: number, fill = false): NoteInit[] {
  const n: NoteInit[] = [];
  for (let i = 0; i < 8; i++)
    n.push({ pitch: 42, startTick: at + i * 480, durationTicks: 200, velocity: i % 2 ? 70 : 96 });
  n.push(
    { pitch: 36, startTick: at, durationTicks: 240, velocity: 110 },
    { pitch: 36, startTick: at + 1440, durationTicks: 240, velocity: 100 },
  );
  n.push({ pitch: 36, startTick: at + 1920, durationTicks: 240, velocity: 105 });
  n.push(
    { pitch: 38, startTick: at + 960, durationTicks: 240, velocity: 108 },
    { pitch: 38, startTick: at + 2880, durationTicks: 240, velocity: 110 },
  );
  if (fill)
    for (let i = 0; i < 4; i++)
      n.push({ pitch: 48 - i * 3, startTick: at + 2880 + i * 240, durationTicks: 200, velocity: 100 });
  return n;
}

const PROGRESSION = [57, 53, 48, 55]; // A F C G (roots, bass octave + 12)

/**
 * A small but real-looking song for screenshots and demos: six tracks (drums, bass, keys, pad, lead, a vocal
 * audio track), eight sections, clips with notes, a tempo change and a loop over the first chorus.
 * One transaction, so the page receives it in one update.
 */
export function seedDemoSong(doc: Y.Doc): { trackIds: Record<string, string> } {
  const ids: Record<string, string> = {};
  doc.transact(() => {
    setSongTitle(doc, "Midnight Drive", SEED);
    setTempo(doc, 92, SEED);
    const tracks: Array<[string, InstrumentId | null, string]> = [
      ["Drums", "drums", "#ef5b5b"],
      ["Bass", "bass", "#ff9f43"],
      ["Keys", "piano", "#ffd166"],
      ["Synth pad", "pad", "#7bd389"],
      ["Lead", "lead", "#6c8cff"],
      ["Lead vocal", null, "#2ec4b6"],
    ];
    for (const [name, instrument, color] of tracks) {
      const t = addTrack(
        doc,
        instrument ? { kind: "instrument", name, color, instrument } : { kind: "audio", name, color },
        SEED,
      );
      ids[name] = t.id;
    }
    const sections: Array<[string, number, number]> = [
      ["Intro", 0, 4],
      ["Verse", 4, 8],
      ["Pre-Chorus", 12, 4],
      ["Chorus", 16, 8],
      ["Verse", 24, 8],
      ["Chorus", 32, 8],
      ["Bridge", 40, 4],
      ["Outro", 44, 4],
    ];
    for (const [name, bar, bars] of sections)
      addSection(doc, { name, startTick: bar * BAR, lengthTicks: bars * BAR }, SEED);

    for (const [name, bar, bars] of sections) {
      if (name === "Intro") continue;
      const drums: NoteInit[] = [];
      for (let b = 0; b < bars; b++) drums.push(...drumBar(b * BAR, b === bars - 1));
      addMidiClip(
        doc,
        { trackId: ids.Drums, startTick: bar * BAR, lengthTicks: bars * BAR, name: `${name} beat`, notes: drums },
        SEED,
      );
    }
    for (const [name, bar, bars] of sections) {
      const bass: NoteInit[] = [];
      for (let b = 0; b < bars; b++) {
        const root = PROGRESSION[b % 4] - 24;
        for (let i = 0; i < 8; i++)
          bass.push({
            pitch: root + (i === 6 ? 7 : i === 7 ? 12 : 0),
            startTick: b * BAR + i * 480,
            durationTicks: 400,
            velocity: 90,
          });
      }
      if (name !== "Intro")
        addMidiClip(
          doc,
          { trackId: ids.Bass, startTick: bar * BAR, lengthTicks: bars * BAR, name: `${name} bass`, notes: bass },
          SEED,
        );
      const keys: NoteInit[] = [];
      for (let b = 0; b < bars; b++) {
        const r = PROGRESSION[b % 4];
        const third = r === 57 ? 60 : r + 4;
        for (const beat of [0, 1.5, 2.5])
          for (const p of [r, third, r + 7])
            keys.push({ pitch: p, startTick: b * BAR + beat * PPQ, durationTicks: 700, velocity: 80 });
      }
      if (name !== "Bridge")
        addMidiClip(
          doc,
          { trackId: ids.Keys, startTick: bar * BAR, lengthTicks: bars * BAR, name: `${name} keys`, notes: keys },
          SEED,
        );
      if (name === "Chorus" || name === "Bridge" || name === "Intro" || name === "Outro") {
        const pad: NoteInit[] = [];
        for (let b = 0; b < bars; b += 2)
          for (const p of [PROGRESSION[(b / 2) % 4] + 12, PROGRESSION[(b / 2) % 4] + 16, PROGRESSION[(b / 2) % 4] + 19])
            pad.push({ pitch: p, startTick: b * BAR, durationTicks: 2 * BAR - 60, velocity: 70 });
        addMidiClip(
          doc,
          {
            trackId: ids["Synth pad"],
            startTick: bar * BAR,
            lengthTicks: bars * BAR,
            name: `${name} pad`,
            notes: pad,
          },
          SEED,
        );
      }
      if (name === "Chorus" || name === "Pre-Chorus") {
        const melody = [76, 74, 72, 74, 76, 79, 76, 74, 72, 71, 72, 74, 72, 69, 67, 69];
        const lead: NoteInit[] = [];
        for (let b = 0; b < bars; b++)
          for (let i = 0; i < 4; i++)
            lead.push({
              pitch: melody[(b * 4 + i) % melody.length],
              startTick: b * BAR + i * PPQ + (i % 2 ? 240 : 0),
              durationTicks: i % 2 ? 480 : 720,
              velocity: 96,
            });
        addMidiClip(
          doc,
          { trackId: ids.Lead, startTick: bar * BAR, lengthTicks: bars * BAR, name: `${name} hook`, notes: lead },
          SEED,
        );
      }
    }
    setTempoChange(doc, { bar: 41, bpm: 86 }, SEED);
    setLoopRange(doc, { startTick: 16 * BAR, endTick: 24 * BAR }, SEED);
  }, SEED);
  return { trackIds: ids };
}

/**
 * `tracks` instrument tracks with `clipsPerTrack` one-bar clips of 8 notes each (performance scenario).
 * One transaction per track: a whole 4,800-clip arrangement is more than one Yjs message may carry (2 MB).
 */
export function seedBigArrangement(doc: Y.Doc, tracks = 24, clipsPerTrack = 200): void {
  const instruments: InstrumentId[] = ["piano", "bass", "pad", "lead", "drums"];
  for (let t = 0; t < tracks; t++) {
    doc.transact(() => {
      const track = addTrack(
        doc,
        { kind: "instrument", name: `Part ${t + 1}`, instrument: instruments[t % instruments.length] },
        SEED,
      );
      for (let c = 0; c < clipsPerTrack; c++) {
        const notes: NoteInit[] = [];
        for (let i = 0; i < 8; i++)
          notes.push({ pitch: 48 + ((t * 5 + c + i * 3) % 24), startTick: i * 480, durationTicks: 400, velocity: 90 });
        addMidiClip(
          doc,
          { trackId: track.id, startTick: c * BAR, lengthTicks: BAR, name: `P${t + 1}.${c + 1}`, notes },
          SEED,
        );
      }
    }, SEED);
  }
  doc.transact(() => {
    for (let s = 0; s < clipsPerTrack / 8; s++)
      addSection(doc, { name: s % 2 ? "Chorus" : "Verse", startTick: s * 8 * BAR, lengthTicks: 8 * BAR }, SEED);
  }, SEED);
}
