// Stripe idempotency keys of the sync's writes. Every one starts with SYNC_KEY_PREFIX, which is
// also how a webhook is recognised as the echo of Ledgerline's own write (see conflicts).
export const SYNC_KEY_PREFIX = "ledgerline-sync-";

export const syncKeys = {
  /** Fixed per line: a retried create replays instead of creating a second item. */
  createItem: (lineId: string) => `${SYNC_KEY_PREFIX}${lineId}-create`,
  /** One per write of a line: a retried write replays, a later write is new. */
  updateItem: (lineId: string, seq: number) => `${SYNC_KEY_PREFIX}${lineId}-u${seq}`,
  hold: (invoiceId: string, holdSeq: number, held: boolean) => `${SYNC_KEY_PREFIX}${invoiceId}-hold${holdSeq}-${held ? "on" : "off"}`,
};

export function isSyncIdempotencyKey(key: string | null | undefined): boolean {
  return typeof key === "string" && key.startsWith(SYNC_KEY_PREFIX);
}
