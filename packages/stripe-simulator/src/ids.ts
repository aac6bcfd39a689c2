// Stripe-looking identifiers: a type prefix and 24 base62 characters. IDs use crypto randomness,
// not the seeded RNG, so a reloaded state file can never collide with new objects.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type IdPrefix =
  | "cus" | "in" | "ii" | "il" | "sub" | "si" | "price" | "prod" | "evt" | "we" | "bps" | "bpc" | "req" | "pm" | "ch" | "pi";

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(24)}`;
}

/** A line item's id derives from its invoice item so it stays stable across renders and restarts. */
export function lineIdForItem(invoiceItemId: string): string {
  return `il_${invoiceItemId.slice(invoiceItemId.indexOf("_") + 1)}`;
}

export function newWebhookSecret(): string {
  return `whsec_${randomToken(32)}`;
}
