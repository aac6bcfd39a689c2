// The secret the local Stripe simulator signs its webhooks with. Generated on first use and kept
// with the install's data (like the demo's session secret), so no signing secret that the app
// accepts is ever published in the code.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const FILE_NAME = "stripe-webhook-secret";
const cache = new Map<string, string>();

function readSecret(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8").trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

export function simulatorWebhookSecret(dataDir: string): string {
  const file = path.resolve(dataDir, FILE_NAME);
  const known = cache.get(file) ?? readSecret(file);
  if (known) {
    cache.set(file, known);
    return known;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole to a private temp file, then linked into place: a process that starts at the
  // same moment either wins the link or reads the winner's complete secret, never half of it.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(temp, `whsec_${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  try {
    fs.linkSync(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  const secret = readSecret(file);
  if (!secret) throw new Error(`Could not read the Stripe simulator's webhook secret from ${file}.`);
  cache.set(file, secret);
  return secret;
}
