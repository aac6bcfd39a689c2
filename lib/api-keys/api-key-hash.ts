// API keys are random secrets shown once; only their SHA-256 is stored, so a leaked database
// cannot be replayed against the usage API.
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "ll_key_";

export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** What the key list shows: enough to recognise a key, never enough to use it. */
export function displayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 4);
}
