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
];

export default config;
