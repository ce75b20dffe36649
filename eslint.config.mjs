import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `const { id, ...rest } = x` is how a field is dropped.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }],
    },
  },
  {
    // A promise nobody awaits fails silently (or after the response was sent); one passed where a
    // plain callback is expected is never awaited either. Both need the type checker.
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // The app never depends on its tooling: what ships (app/, components/, lib/, proxy.ts,
    // instrumentation) imports no workspace package and nothing from scripts/, packages/ or tools/, so
    // deleting a tool cannot break the app. Tests may use the tooling (it starts their databases).
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "instrumentation*.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@starter/*"], message: "The app does not import the tooling packages (packages/): see docs/project-structure.md." },
            {
              regex: "(^|/)(scripts|packages|tools)/",
              message: "The app does not import scripts/, packages/ or tools/: move what both need into lib/, or pass it in from the tool.",
            },
          ],
        },
      ],
    },
  },
  {
    // The packages are reusable: the app reaches them through their entry points, and they reach the
    // app only through lib/migrations/datasource.ts (which database migrations use), passed in by the caller.
    files: ["packages/**"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^@/", message: "A package does not import the app: take what it needs as a parameter (see packages/migrate's urlKind)." },
            { regex: "^(\\.\\./)+(app|components|lib|scripts|test|e2e|tools|prisma)/", message: "A package does not import the app or its tests." },
          ],
        },
      ],
    },
  },
  {
    // The app's own tooling (tools/bench) uses the test harness through its entry point only.
    files: ["tools/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "(^|/)(test/support|e2e)/", message: "Import the test harness from test/harness.ts." }] }],
    },
  },
  {
    // Playwright fixtures receive a `use` callback, which is not React's `use`.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([
    ".next/**",
    ".data/**",
    ".vercel/**",
    "lib/generated/**",
    "examples/*/generated/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "packages/*/dist/**",
  ]),
]);
