// After `next build`: copies the static assets and public/ next to the standalone server, which
// (by Next's design) does not include them. The container image does the same copy.
import fs from "node:fs";

const standalone = ".next/standalone";
if (!fs.existsSync(standalone)) {
  console.error("No standalone build found: run `next build` first.");
  process.exit(1);
}
fs.cpSync(".next/static", `${standalone}/.next/static`, { recursive: true });
if (fs.existsSync("public")) fs.cpSync("public", `${standalone}/public`, { recursive: true });
