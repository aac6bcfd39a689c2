// Bundles docker/prepare-database.ts (migrations + demo seed) into one plain ESM file inside the
// standalone output, and copies prisma/migrations beside it: .next/standalone is then everything
// the container runs. Run after `npm run build` (the Dockerfile and tests/deploy do).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const standalone = path.join(root, ".next/standalone");
if (!fs.existsSync(path.join(standalone, "server.js"))) {
  console.error("No standalone build found: run `npm run build` first.");
  process.exit(1);
}

// The start step, and `npm run demo:remove-users` for an image that has no npm or tsx.
for (const [entry, outfile] of [
  ["docker/prepare-database.ts", "docker/prepare-database.mjs"],
  ["scripts/demo-remove-users.ts", "docker/remove-demo-users.mjs"],
]) await build({
  entryPoints: [path.join(root, entry)],
  outfile: path.join(standalone, outfile),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: path.join(root, "tsconfig.json"),
  // Loaded from the standalone node_modules (Next traces them there): PGlite reads its WASM
  // files from its own package directory, and pg's optional native binding must stay optional.
  external: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "pg-native"],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});

fs.rmSync(path.join(standalone, "prisma/migrations"), { recursive: true, force: true });
fs.cpSync(path.join(root, "prisma/migrations"), path.join(standalone, "prisma/migrations"), { recursive: true });
fs.cpSync(path.join(root, "docker/entrypoint.sh"), path.join(standalone, "docker/entrypoint.sh"));
fs.cpSync(path.join(root, "docker/append-socket-address.mjs"), path.join(standalone, "docker/append-socket-address.mjs"));
console.log("Bundled .next/standalone/docker/prepare-database.mjs and remove-demo-users.mjs, and copied prisma/migrations.");
