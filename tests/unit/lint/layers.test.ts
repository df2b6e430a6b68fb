import path from "node:path";
import { RuleTester } from "eslint";
import { afterAll, describe, it } from "vitest";
import layers from "../../../scripts/eslint/layers.js";

// RuleTester reports through the test framework's describe/it.
(RuleTester as unknown as { afterAll: typeof afterAll }).afterAll = afterAll; // read by ESLint, not in its types
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.resolve(import.meta.dirname, "../../..");
const at = (file: string) => path.join(root, file);
const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: "module" } });

tester.run("bandspace/layers", layers.rules.layers, {
  valid: [
    { filename: at("packages/model/src/tracks.ts"), code: 'import * as Y from "yjs"; import { x } from "./ids";' },
    { filename: at("packages/audio-engine/src/engine.ts"), code: 'import { addTrack } from "@bandspace/model";' },
    { filename: at("server/yjs/room.ts"), code: 'import { x } from "../app";' }, // server/app.ts, not the front end
    {
      filename: at("server/http/routes.ts"),
      code: 'import fs from "node:fs"; import { Role } from "@bandspace/protocol";',
    },
    { filename: at("app/lib/storage.ts"), code: 'import { randomId } from "@bandspace/model";' },
    { filename: at("tests/unit/x.test.ts"), code: 'import { NoteIndex } from "@bandspace/audio-engine/pure";' },
  ],
  invalid: [
    {
      filename: at("packages/model/src/ids.ts"),
      code: 'import fs from "node:fs";',
      errors: [{ message: /does no I\/O/ }],
    },
    { filename: at("packages/dsp/src/wav.ts"), code: 'import { join } from "path";', errors: 1 },
    {
      filename: at("packages/model/src/ids.ts"),
      code: 'import "../../../server/app";',
      errors: [{ message: /may not import server/ }],
    },
    { filename: at("packages/model/src/ids.ts"), code: 'import { E } from "@bandspace/audio-engine";', errors: 1 },
    { filename: at("packages/protocol/src/x.ts"), code: 'export * from "../../../app/lib/storage";', errors: 1 },
    { filename: at("packages/audio-engine/src/e.ts"), code: 'import "../../../server/yjs/room";', errors: 1 },
    { filename: at("app/lib/storage.ts"), code: 'import { startBandspaceServer } from "../../server/app";', errors: 1 },
    {
      filename: at("server/index.ts"),
      code: 'import Page from "../app/page";',
      errors: [{ message: /server may not import app/ }],
    },
    { filename: at("server/index.ts"), code: 'const m = import("../app/page");', errors: 1 },
    {
      filename: at("tests/unit/x.test.ts"),
      code: 'import { NoteIndex } from "../../packages/audio-engine/src/schedule/note-index";',
      errors: [{ message: /through its entry point/ }],
    },
  ],
});
