// Stripe's hosted invoice page and invoice PDF become links customers click, so only https is
// accepted. The one exception is the local Stripe simulator, which serves those pages over http
// on loopback: allowed only while no Stripe key is configured (the simulator is then the only
// Stripe there is). Any loopback port, because tests and benchmarks start it on a free port.
import { getEnv } from "@/lib/config/env";

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export function isSafeInvoiceUrl(value: string, simulatorInUse = !getEnv().STRIPE_SECRET_KEY): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol === "https:") return true;
  return simulatorInUse && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/** The URL when it may be rendered as a link, else null (for rows stored before the check). */
export function safeInvoiceUrl(value: string | null): string | null {
  return value !== null && isSafeInvoiceUrl(value) ? value : null;
}
