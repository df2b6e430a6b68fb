import { expect, test, type Page } from "@playwright/test";

/**
 * Editing renders sample-accurately (issue 19), in real Chromium: known signals (every frame of every take a
 * different value) are split, trimmed, slipped, moved, gained, faded, crossfaded and comped through the model's
 * operations (app/lab/engine/edit-scene.ts), rendered offline through the engine's graph, and compared sample by
 * sample with what the edits mean, worked out here from their geometry — not from the engine's plan. A reversed,
 * trimmed and split clip renders to the exact reversed samples.
 */

async function openLab(page: Page) {
  page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
  await page.goto("/lab/engine");
  await expect(page.getByTestId("engine-lab")).toHaveAttribute("data-ready", "true", { timeout: 30_000 });
}

test("offline render of split, trimmed, slipped, faded, gained, crossfaded and comped takes: exact samples", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page);
  const result = await page.evaluate(async () => {
    const lab = window.bandspaceLab!;
    const scene = lab.edit.scene();
    const buffers = lab.edit.buffers();
    const rendered = await lab.renderOffline(scene.doc, {
      fromTick: scene.fromTick,
      toTick: scene.toTick,
      sampleRate: scene.sampleRate,
      channels: 2,
      takeBuffers: buffers,
    });
    const s = lab.edit.takeSample;
    const [A, B, GTR, REV] = [0, 1, 2, 3]; // take indices in edit-scene.ts
    const HALF_PI = Math.PI / 2;
    /** [from, to) output frames, what plays there (take, take frame), and its gain at a frame offset k. */
    const parts: {
      name: string;
      from: number;
      to: number;
      take: number;
      frame: (t: number) => number;
      gain: (k: number, n: number) => number;
    }[] = [
      // Guitar left piece: trimmed to start at tick 480 (frame 12000) with the audio in place; equal-power fade-in
      // of 4800 frames, linear fade-out of 2400.
      {
        name: "trimmed, faded",
        from: 12000,
        to: 48000,
        take: GTR,
        frame: (t) => t,
        gain: (k, n) => (k < 4800 ? Math.sin((HALF_PI * k) / 4800) : k >= n - 2400 ? 1 - (k - (n - 2400)) / 2400 : 1),
      },
      // Right piece: a bar long, slipped to take frame 60000, moved to tick 2880 (frame 72000), −6 dB, its last
      // 6000 frames crossfading (equal-gain) into the third clip.
      {
        name: "slipped, moved, gained",
        from: 72000,
        to: 168000,
        take: GTR,
        frame: (t) => 60000 + (t - 72000),
        gain: (k) => Math.pow(10, -6 / 20) * (k >= 90000 ? 1 - (k - 90000) / 6000 : 1),
      },
      {
        name: "crossfaded in",
        from: 162000,
        to: 186000,
        take: GTR,
        frame: (t) => t - 162000,
        gain: (k) => (k < 6000 ? k / 6000 : 1),
      },
      // Comp: pass A to bar 3 plus 500 frames, pass B from 500 frames before it; equal-power over those 1000.
      {
        name: "comp pass A",
        from: 0,
        to: 96500,
        take: A,
        frame: (t) => t,
        gain: (k) => (k >= 95500 ? Math.cos((HALF_PI * (k - 95500)) / 1000) : 1),
      },
      {
        name: "comp pass B",
        from: 95500,
        to: 192000,
        take: B,
        frame: (t) => t,
        gain: (k) => (k < 1000 ? Math.sin((HALF_PI * k) / 1000) : 1),
      },
      // Reversed, end-trimmed to 50 000 frames and split: output frame k plays take frame 95 999 − k, across the
      // split too (a forward piece or a wrong window shows at once: every take frame has its own value).
      {
        name: "reversed",
        from: 192000,
        to: 242000,
        take: REV,
        frame: (t) => 95999 - (t - 192000),
        gain: () => 1,
      },
    ];
    const length = rendered.length;
    const errors: Record<string, number> = {};
    let maxError = 0;
    let worst = { at: -1, channel: 0, expected: 0, got: 0 };
    let peak = 0;
    for (let ch = 0; ch < 2; ch++) {
      const expected = new Float64Array(length);
      const owner: string[] = new Array<string>(length).fill("silence");
      for (const p of parts) {
        for (let t = p.from; t < Math.min(p.to, length); t++) {
          // Mono takes reach both outputs through the track's centred equal-power panner: × cos(π/4).
          expected[t] += Math.SQRT1_2 * p.gain(t - p.from, p.to - p.from) * s(p.take, p.frame(t), 0);
          owner[t] = owner[t] === "silence" ? p.name : `${owner[t]} + ${p.name}`;
        }
      }
      const got = rendered.getChannelData(ch);
      for (let t = 0; t < length; t++) {
        const e = Math.abs(got[t] - expected[t]);
        peak = Math.max(peak, Math.abs(got[t]));
        errors[owner[t]] = Math.max(errors[owner[t]] ?? 0, e);
        if (e > maxError) {
          maxError = e;
          worst = { at: t, channel: ch, expected: expected[t], got: got[t] };
        }
      }
    }
    return { length, sampleRate: rendered.sampleRate, maxError, worst, errors, peak };
  });
  console.log(
    `edit render: ${result.length} frames at ${result.sampleRate} Hz, peak ${result.peak.toFixed(3)}, max |error| ${result.maxError.toExponential(2)}\n` +
      Object.entries(result.errors)
        .map(([part, e]) => `  ${part}: max |error| ${e.toExponential(2)}`)
        .join("\n"),
  );
  expect(result.sampleRate).toBe(48000);
  expect(result.length).toBe(288000);
  expect(result.peak).toBeGreaterThan(0.3);
  // Every part of the edit, alone and where parts overlap, and the silence the trims and the move left, was checked.
  const checked = Object.keys(result.errors);
  for (const part of ["comp pass A", "comp pass B", "reversed"]) expect(checked, `${part} alone`).toContain(part);
  for (const part of ["trimmed, faded", "slipped, moved, gained", "crossfaded in", "comp pass A", "comp pass B"]) {
    expect(
      checked.some((k) => k.includes(" + ") && k.includes(part)),
      `${part} overlapping another part`,
    ).toBe(true);
  }
  expect(result.maxError, `worst sample: ${JSON.stringify(result.worst)}`).toBeLessThan(1e-6);
});

test("a long reversed clip renders exactly from reversed blocks, never a copy of its whole stretch", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openLab(page);
  const result = await page.evaluate(async () => {
    const { model, Y, origin, edit } = window.bandspaceLab!;
    const RATE = 48000;
    const BAR = 3840; // ticks; 2 s at the default 120 bpm, so a tick is 25 frames
    const TAKE_FRAMES = 12 * RATE;
    const doc = new Y.Doc();
    const track = model.addTrack(doc, { kind: "audio", name: "Rev" }, origin).id;
    const take = model.addRecordedTake(
      doc,
      {
        takeId: "longreverse00001",
        trackId: track,
        startTick: 0,
        sampleRate: RATE,
        channels: 1,
        createdAt: 1,
        frames: TAKE_FRAMES,
      },
      origin,
    );
    model.setAudioClipsReversed(doc, [take.clip.id], true, origin);
    // 10 s kept: the take's last 480 000 frames, played backwards from frame 0 of the song.
    model.trimAudioClipEnd(doc, take.clip.id, 5 * BAR, origin);
    const buffer = new AudioBuffer({ length: TAKE_FRAMES, numberOfChannels: 1, sampleRate: RATE });
    const data = buffer.getChannelData(0);
    for (let n = 0; n < data.length; n++) data[n] = edit.takeSample(7, n, 0);

    // Every buffer the render allocates, by length (the take itself was made above, before this).
    const proto = BaseAudioContext.prototype;
    const createBuffer = Object.getOwnPropertyDescriptor(proto, "createBuffer")!.value as (
      this: BaseAudioContext,
      channels: number,
      length: number,
      rate: number,
    ) => AudioBuffer;
    const allocated: number[] = [];
    proto.createBuffer = function (this: BaseAudioContext, channels: number, length: number, rate: number) {
      allocated.push(length);
      return createBuffer.call(this, channels, length, rate);
    };
    let rendered: AudioBuffer;
    try {
      // Seconds 2 to 8 of the clip: 6 s, across several block boundaries, starting part-way into a block.
      rendered = await window.bandspaceLab!.renderOffline(doc, {
        fromTick: BAR,
        toTick: 4 * BAR,
        sampleRate: RATE,
        channels: 2,
        takeBuffers: new Map([["longreverse00001", buffer]]),
      });
    } finally {
      proto.createBuffer = createBuffer;
    }
    let maxError = 0;
    let worst = { at: -1, expected: 0, got: 0 };
    for (let ch = 0; ch < 2; ch++) {
      const got = rendered.getChannelData(ch);
      for (let t = 0; t < got.length; t++) {
        // Song frame 96 000 + t plays take frame 575 999 − (96 000 + t), through the centred pan (× cos π/4).
        const expected = Math.SQRT1_2 * edit.takeSample(7, TAKE_FRAMES - 1 - (2 * RATE + t), 0);
        const e = Math.abs(got[t] - expected);
        if (e > maxError) {
          maxError = e;
          worst = { at: t, expected, got: got[t] };
        }
      }
    }
    return { length: rendered.length, maxError, worst, largest: Math.max(0, ...allocated), count: allocated.length };
  });
  console.log(
    `long reversed clip: ${result.length} frames, max |error| ${result.maxError.toExponential(2)}, ` +
      `${result.count} buffers allocated, the largest ${result.largest} frames`,
  );
  expect(result.length).toBe(6 * 48000);
  expect(result.maxError, `worst sample: ${JSON.stringify(result.worst)}`).toBeLessThan(1e-6);
  // The stretch played is 384 000 frames (the rest of the clip from second 2): only blocks of it are reversed.
  expect(result.count).toBeGreaterThan(0);
  expect(result.largest).toBeLessThanOrEqual(65536);
});
