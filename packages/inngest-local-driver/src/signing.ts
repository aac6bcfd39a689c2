// Inngest's request signing, as the SDK verifies it: `x-inngest-signature: t=<unix s>&s=<hex>`,
// where s = HMAC-SHA256(canonical JSON body + t) keyed by the signing key without its
// `signkey-<env>-` prefix. The SDK signs its responses the same way over the raw body text.
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { SqlSession } from "./sql";

const SIGNING_KEY_SETTING = "inngest_driver.signing_key";
const SIGNING_KEY_PREFIX = /^signkey-\w+-/;
/** The SDK refuses signatures older than five minutes; we refuse the same on responses. */
const MAX_SIGNATURE_AGE_S = 5 * 60;

/**
 * JSON Canonicalization Scheme (RFC 8785): sorted keys, no whitespace, JSON number rendering.
 * Built by appending to one string: a call body holds a batch's 100 events, and arrays of entries
 * per object made it the driver's largest source of garbage.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      text += (i === 0 ? "" : ",") + (item === undefined ? "null" : canonicalJson(item));
    }
    return text + "]";
  }
  const record = value as Record<string, unknown>;
  // sort() without a comparator orders by UTF-16 code units, as RFC 8785 does.
  const keys = Object.keys(record).sort();
  let text = "{";
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += (text.length === 1 ? "" : ",") + JSON.stringify(key) + ":" + canonicalJson(item);
  }
  return text + "}";
}

function hmacHex(signingKey: string, text: string, timestamp: string): string {
  return createHmac("sha256", signingKey.replace(SIGNING_KEY_PREFIX, "")).update(text + timestamp).digest("hex");
}

/** The `x-inngest-signature` header for a request whose body is `canonicalJson(body)`. */
export function signRequest(canonicalBody: string, signingKey: string, now = new Date()): string {
  const timestamp = Math.floor(now.getTime() / 1000).toString();
  return `t=${timestamp}&s=${hmacHex(signingKey, canonicalBody, timestamp)}`;
}

/** Checks the signature the SDK puts on its answers, over the raw response text. */
export function isValidResponseSignature(header: string | null, bodyText: string, signingKey: string, now = new Date()): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const timestamp = params.get("t");
  const signature = params.get("s");
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_S) return false;
  const expected = Buffer.from(hmacHex(signingKey, bodyText, timestamp));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * The bearer token the SDK sends to the Inngest API (sync): the prefix kept, the hex key
 * replaced by the hex SHA-256 of its bytes.
 */
export function hashedSigningKey(signingKey: string): string {
  const prefix = SIGNING_KEY_PREFIX.exec(signingKey)?.[0] ?? "";
  const key = signingKey.slice(prefix.length);
  return prefix + createHash("sha256").update(Buffer.from(key, "hex")).digest("hex");
}

export function generateSigningKey(): string {
  return `signkey-local-${randomBytes(32).toString("hex")}`;
}

/**
 * The configured key, or the one generated on first start and kept in `app_settings` so the
 * serve endpoint and every driver instance on this database agree after a restart.
 */
export async function resolveSigningKey(db: SqlSession, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.query(`INSERT INTO "app_settings" ("key", "value") VALUES ($1, $2) ON CONFLICT ("key") DO NOTHING`, [
    SIGNING_KEY_SETTING,
    generateSigningKey(),
  ]);
  const rows = await db.query<{ value: string }>(`SELECT "value" FROM "app_settings" WHERE "key" = $1`, [SIGNING_KEY_SETTING]);
  const stored = rows[0]?.value;
  if (!stored) throw new Error("The local Inngest driver could not store its signing key in app_settings.");
  return stored;
}
