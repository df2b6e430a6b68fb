// The restore worker's entry point, in plain JavaScript so any Node can start it: it loads tsx's TypeScript
// loader into this thread, then the worker itself (revert-worker.ts).
import { register } from "tsx/esm/api";

register();
await import("./revert-worker.ts");
