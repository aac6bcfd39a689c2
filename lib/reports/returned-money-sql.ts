// What an invoice `i` has returned, as SQL expressions shared by the incremental rollup maintenance
// (invoice-rollups.ts) and the rebuild (rebuild-rollups.ts), so the two cannot disagree:
// - refunds that went or are going back (pending or succeeded; failed and canceled ones did not);
// - issued credit notes' post-payment amount not paid back as refunds (those count as refunds);
//   pre-payment credits only lowered what was due, so they were never paid and never revenue;
// - disputes lost.
// Each is a BIGINT (a sum of BIGINTs is NUMERIC in PostgreSQL).
export const returnedMoneySql = {
  refunded: `(SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.invoice_id = i.id AND r.status IN ('pending', 'succeeded'))::bigint`,
  credited: `(SELECT coalesce(sum(greatest(c.post_payment_amount - c.refunded_amount, 0)), 0) FROM credit_notes c WHERE c.invoice_id = i.id AND c.status = 'issued')::bigint`,
  disputeLost: `(SELECT coalesce(sum(d.amount), 0) FROM disputes d WHERE d.invoice_id = i.id AND d.status = 'lost')::bigint`,
} as const;
