// After `next build`: fails if code of the emulators (packages/stripe-simulator,
// packages/inngest-local-driver) is in the server bundles of production routes and pages. They
// are meant to be loaded only by instrumentation (through lib/runtime/background-services.ts).
//
// Every JavaScript file under .next/server is an entry (app/**, pages/**, middleware…) or a chunk
// that entries load by path. The files scanned are all of them except instrumentation.js and the
// chunks only instrumentation reaches. A chunk nothing seems to load is scanned too, so a missed
// reference errs on the side of a failure.
//
//   node scripts/check-bundles.mjs                      check the build
//   node scripts/check-bundles.mjs --entry <file.js>    also treat <file.js> as a production entry
//                                                       (e.g. .next/server/instrumentation.js, to
//                                                       see the check find the markers)
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

/**
 * Strings that exist only in each package's source: error texts and key formats. Not table names:
 * the Prisma client carries the whole schema, the driver's tables included.
 */
const MARKERS = {
  "@ledgerline/inngest-local-driver": ["signkey-local-", "The local Inngest driver does not serve", "NoProgressError"],
  "@ledgerline/stripe-simulator": ["Unrecognized request URL", "Invalid API Key provided"],
};

const nextDir = path.resolve(".next");
const serverDir = path.join(nextDir, "server");
const instrumentationEntry = path.join(serverDir, "instrumentation.js");

const { values } = parseArgs({ options: { entry: { type: "string", multiple: true, default: [] } } });

if (!fs.existsSync(serverDir)) {
  console.error("No .next/server found: run `npm run build` first.");
  process.exit(1);
}

function jsFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(file);
    return entry.name.endsWith(".js") ? [file] : [];
  });
}

const allFiles = jsFiles(serverDir);
const known = new Set(allFiles);
const chunkDir = path.join(serverDir, "chunks") + path.sep;
const isChunk = (file) => file.startsWith(chunkDir);
const source = new Map();
const read = (file) => {
  if (!source.has(file)) source.set(file, fs.readFileSync(file, "utf8"));
  return source.get(file);
};

/** Files a file loads: every string literal naming a .js file of the build, however it is written. */
function references(file) {
  const found = new Set();
  for (const match of read(file).matchAll(/["'`]([^"'`\s]+?\.js)["'`]/g)) {
    const name = match[1];
    for (const base of [nextDir, serverDir, path.dirname(file)]) {
      const candidate = path.resolve(base, name);
      if (candidate !== file && known.has(candidate)) found.add(candidate);
    }
  }
  return found;
}

function reachable(entries) {
  const seen = new Set(entries);
  const queue = [...entries];
  while (queue.length) {
    for (const next of references(queue.pop())) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

const extraEntries = values.entry.map((file) => path.resolve(file));
for (const file of extraEntries) {
  if (!known.has(file)) {
    console.error(`--entry ${file} is not a JavaScript file under .next/server`);
    process.exit(1);
  }
}
const productionEntries = allFiles.filter((file) => !isChunk(file) && file !== instrumentationEntry);
const production = reachable([...productionEntries, ...extraEntries]);
const instrumentationOnly = fs.existsSync(instrumentationEntry) ? reachable([instrumentationEntry]) : new Set();
const scanned = allFiles.filter((file) => production.has(file) || !instrumentationOnly.has(file));

const failures = [];
for (const file of scanned) {
  const text = read(file);
  for (const [pkg, markers] of Object.entries(MARKERS)) {
    const marker = markers.find((candidate) => text.includes(candidate));
    if (marker) failures.push(`${path.relative(process.cwd(), file)}: contains ${pkg} ("${marker}")`);
  }
}

const skipped = allFiles.length - scanned.length;
if (failures.length) {
  console.error(`Emulator code found in ${failures.length} production server file(s):\n  ${failures.join("\n  ")}`);
  console.error("Reach the emulators only through lib/runtime (dynamic imports in modules only instrumentation, tools and tests load).");
  process.exit(1);
}
console.log(
  `check:bundles: ${scanned.length} server files of ${productionEntries.length} production entries are free of the emulators` +
    ` (${skipped} loaded only by instrumentation not scanned)`,
);
