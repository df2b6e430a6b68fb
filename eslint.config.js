// One lint configuration for the whole repository (`npm run lint`, run by `npm test`).
// Type-aware typescript-eslint rules, React hooks, Next's rules, and the import boundaries that encode the layering
// in DESIGN.md ("Imports flow one way"). The DOM and Node type boundaries for the pure packages are enforced by
// their own tsconfig files (no DOM lib, no Node types), which `npm run typecheck` compiles one by one.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import nextPlugin from "@next/eslint-plugin-next";
import globals from "globals";
import layers from "./scripts/eslint/layers.js";

const DOM_GLOBALS = ["window", "document", "navigator", "localStorage", "indexedDB", "AudioContext", "fetch"].map(
  (name) => ({ name, message: "Pure packages do not touch the browser: take what you need as a parameter." }),
);

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "generated/**",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "bench/results/**",
      "next-env.d.ts",
      "prisma/**",
      "public/**",
      "docs/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser, ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_`-prefixed names are deliberately unused (callback positions, destructuring that drops a field).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
      // Event handlers in JSX may return promises (React ignores them); everywhere else a promise must be handled.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/only-throw-error": "error",
      // Y.Text's toString() is its content (Yjs declares it on the class the rule cannot see through).
      "@typescript-eslint/no-base-to-string": [
        "error",
        { ignoredTypeNames: ["Error", "RegExp", "URL", "URLSearchParams", "YText", "Text"] },
      ],
      // Callbacks and store functions are passed around unbound (`useSyncExternalStore(store.subscribe, …)`):
      // declare them as properties so the types say so, and so parameters are checked contravariantly.
      "@typescript-eslint/method-signature-style": ["error", "property"],
    },
  },
  {
    // Plain JavaScript (configs, scripts): no type information.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },
  {
    // Imports flow one way (scripts/eslint/layers.js holds the table of who may import whom).
    files: ["**/*.{ts,tsx}"],
    plugins: { bandspace: layers },
    rules: { "bandspace/layers": "error" },
  },
  {
    files: ["packages/model/**", "packages/protocol/**", "packages/dsp/**"],
    rules: { "no-restricted-globals": ["error", ...DOM_GLOBALS] },
  },
  {
    // The model's text fields strip control characters on purpose: these regexes name them.
    files: [
      "packages/model/src/fields.ts",
      "packages/model/src/validate.ts",
      "packages/model/src/arrangement-validate.ts",
    ],
    rules: { "no-control-regex": "off" },
  },
);
