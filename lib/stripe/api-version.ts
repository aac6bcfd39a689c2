// The Stripe API version Ledgerline is written against, and which versions' events it reads.
// Stripe shapes webhook payloads by the endpoint's API version: a version newer than the pinned one
// may move fields where Ledgerline does not look, so its events fail visibly (a dead letter naming
// the version) rather than being misread.

/** The version the SDK requests and the webhook endpoint is created with (the stripe package's own). */
export const STRIPE_API_VERSION = "2026-10-28.endive";

/**
 * The oldest version whose payloads Ledgerline reads: the pre-2025-03-31.basil shapes (line
 * `price`, `invoice.subscription`, `subscription.current_period_*`) are still accepted, and so are
 * the refunds a 2022-08-01 charge embeds (gone from charges since 2022-11-15).
 */
export const OLDEST_SUPPORTED_API_VERSION = "2022-08-01";

const VERSION_FORMAT = /^(\d{4}-\d{2}-\d{2})(?:\.([a-z]+))?$/;

export type ApiVersionSupport = { supported: true } | { supported: false; reason: string };

/** Whether an event of this API version is read as it is; an event without one is (stored snapshots). */
export function apiVersionSupport(apiVersion: string | null | undefined): ApiVersionSupport {
  if (apiVersion == null) return { supported: true };
  const date = VERSION_FORMAT.exec(apiVersion)?.[1];
  const pinnedDate = STRIPE_API_VERSION.slice(0, 10);
  if (!date) return { supported: false, reason: `Stripe API version "${apiVersion}" is not a Stripe API version.` };
  if (date > pinnedDate || (date === pinnedDate && apiVersion !== STRIPE_API_VERSION)) {
    return {
      supported: false,
      reason: `Stripe API version ${apiVersion} is newer than the pinned ${STRIPE_API_VERSION}: its payloads may put fields where Ledgerline does not read them. Recreate the webhook endpoint at ${STRIPE_API_VERSION} (delete it, then npm run stripe:setup), or upgrade the stripe package and the pinned version, then replay this event.`,
    };
  }
  if (date < OLDEST_SUPPORTED_API_VERSION) {
    return {
      supported: false,
      reason: `Stripe API version ${apiVersion} is older than ${OLDEST_SUPPORTED_API_VERSION}, the oldest Ledgerline reads. Recreate the webhook endpoint at ${STRIPE_API_VERSION} (delete it, then npm run stripe:setup), then replay this event.`,
    };
  }
  return { supported: true };
}
