import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".data/**", "lib/db/generated/**", "node_modules/**", "next-env.d.ts", "test-results/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
    },
  },
  {
    // The emulators are packages of their own: the caller passes in what they need.
    files: ["packages/*/src/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: ["@/*"], message: "packages/ never import the app." }] }],
    },
  },
  {
    // The product reaches the emulators only through lib/runtime (types are fine: they are erased).
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "inngest/**/*.ts", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/runtime/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@ledgerline/*"], allowTypeImports: true, message: "Reach the emulators through lib/runtime." }] },
      ],
    },
  },
  {
    // The layers (README, "Architecture"): app/ → inngest/ → lib/ ← components/; nothing imports
    // upward, and no file takes part in an import cycle.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "inngest/**/*.ts", "lib/**/*.{ts,tsx}", "packages/*/src/**/*.ts"],
    // Cycles are the project's own: dependencies are not parsed (some are too large to).
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib", from: ["./app", "./components", "./inngest"], message: "lib/ is the domain layer: it never imports routes, UI or Inngest functions." },
            { target: "./components", from: ["./app", "./inngest"], message: "components/ are presentational: pages pass them data and actions." },
            { target: "./inngest", from: ["./app", "./components"], message: "Inngest functions call lib/, never routes or UI." },
            { target: "./packages", from: ["./app", "./components", "./inngest", "./lib"], message: "packages/ never import the app." },
          ],
        },
      ],
    },
  },
  {
    // Pages and routes hand work to Inngest through lib/ (lib/events); only the serve route mounts the functions.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/api/inngest/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/inngest/*"], message: "Send events through lib/events; only app/api/inngest serves the functions." }] }],
    },
  },
];

export default config;
