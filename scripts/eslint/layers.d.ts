// Types for layers.js (plain JavaScript so that eslint.config.js loads it without a TypeScript loader).
import type { Rule } from "eslint";

export declare const ALLOWED: Record<string, string[]>;
export declare function partOf(relPath: string): string;
declare const plugin: { rules: { layers: Rule.RuleModule } };
export default plugin;
