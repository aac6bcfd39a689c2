// The realistic large data set behind seed:large and bench:reports: tenants, customers,
// subscriptions, invoices with their line items, failed payments and webhook events, written with
// set-based INSERT … SELECT generate_series batches (never row by row). Volumes grow over time
// with a yearly season (December peak, summer dip); ~9 % of invoices fail a first payment and
// most of those recover. Every row is tagged by its slug/id prefix so --reset removes exactly it.
import type { SqlConnection } from "@/lib/db/connection";

export interface LargeDataSetOptions {
  lineItems: number;
  tenants: number;
  customersPerTenant: number;
  /** History length: invoices spread over this many days ending today. */
  days: number;
  webhookEvents: number;
}

export const LINES_PER_INVOICE = 5; // average: 1..9 lines
/** Invoices per INSERT … SELECT batch (the progress bar moves per batch). */
export const BATCH_INVOICES = 25_000;
/** A fixed pseudo-random draw in [0, 1) per invoice number: its status and its failed payment agree. */
const failureDraw = (n: string) => `((${n}::bigint * 2654435761) % 100000) / 100000.0`;
/** uuid of the n-th row of a kind: a fixed prefix and a sequence, so inserts append to indexes. */
const uuidOf = (kind: string, expr: string) => `('1a76e${kind}' || lpad(to_hex(${expr}), 26, '0'))::uuid`;
// kinds (1 hex digit each): 1 tenant, 2 customer, 3 subscription, 4 invoice, 5 line item

export async function resetLargeDataSet(db: SqlConnection): Promise<void> {
  await db.exec(`
    DELETE FROM report_invoice_facts WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE 'large-%');
    DELETE FROM invoice_line_items WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE 'large-%');
    DELETE FROM invoices WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE 'large-%');
    DELETE FROM subscriptions WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE 'large-%');
    DELETE FROM customers WHERE tenant_id IN (SELECT id FROM tenants WHERE slug LIKE 'large-%');
    DELETE FROM webhook_inbox WHERE event_id LIKE 'evt_large_%';
    DELETE FROM tenants WHERE slug LIKE 'large-%';
  `);
}

export async function hasLargeDataSet(db: SqlConnection): Promise<boolean> {
  return (await db.query("SELECT 1 FROM tenants WHERE slug = 'large-0001'")).length > 0;
}

export async function seedParties(db: SqlConnection, o: LargeDataSetOptions): Promise<void> {
  await db.query(
    `INSERT INTO tenants (id, slug, name, created_at)
     SELECT ${uuidOf("1", "t")}, 'large-' || lpad(t::text, 4, '0'), 'Tenant ' || lpad(t::text, 4, '0'), now() - interval '3 years'
     FROM generate_series(1, $1::int) t`,
    [o.tenants],
  );
  await db.query(
    `INSERT INTO customers (id, tenant_id, stripe_customer_id, name, email, created_at, updated_at)
     SELECT ${uuidOf("2", "c")}, ${uuidOf("1", "((c - 1) / $2::int) + 1")}, 'cus_large_' || c, 'Customer ' || c, 'billing+' || c || '@large.test', now(), now()
     FROM generate_series(1::bigint, $1::int * $2::int) c`,
    [o.tenants, o.customersPerTenant],
  );
  // One subscription per customer: started some time in the history, ~25 % cancelled since.
  await db.query(
    `INSERT INTO subscriptions (id, tenant_id, customer_id, stripe_subscription_id, status, currency, amount, interval, created_at, canceled_at, updated_at)
     SELECT ${uuidOf("3", "c")}, ${uuidOf("1", "((c - 1) / $2::int) + 1")}, ${uuidOf("2", "c")}, 'sub_large_' || c,
            CASE WHEN c % 4 = 0 THEN 'canceled' WHEN c % 29 = 0 THEN 'past_due' ELSE 'active' END,
            CASE WHEN c % 10 = 0 THEN 'eur' ELSE 'usd' END,
            (19 + (c * 7919) % 480) * 100,
            CASE WHEN c % 7 = 0 THEN 'year' ELSE 'month' END,
            now() - make_interval(days => ((c * 104729) % $3::int)::int),
            CASE WHEN c % 4 = 0 THEN now() - make_interval(days => (((c * 104729) % $3::int) / 3)::int) END,
            now()
     FROM generate_series(1::bigint, $1::int * $2::int) c`,
    [o.tenants, o.customersPerTenant, o.days],
  );
}

/** Inserts invoices [first, last] and their line items; returns the line items written. */
export async function seedInvoiceBatch(db: SqlConnection, o: LargeDataSetOptions, first: number, last: number): Promise<number> {
  const customers = o.tenants * o.customersPerTenant;
  await db.query(
    `WITH g AS (
       SELECT n, 1 + (n % 9) AS lines, (1000 + ((n * 7919) % 90) * 100) AS unit, ((n - 1) % $3::int) + 1 AS customer,
              -- growth (sqrt skews towards recent days) and a yearly season (December peak, summer dip)
              (($4::int - 1) * sqrt(random())) :: int AS age_days, ${failureDraw("n")} AS r, random() AS season
       FROM generate_series($1::bigint, $2::bigint) n
     ), dated AS (
       SELECT g.*, date_trunc('day', now()) - make_interval(days => age_days) + make_interval(secs => (n % 86400)::int) AS created
       FROM g
       WHERE season < 0.75 + 0.25 * cos(2 * pi() * (extract(doy FROM now() - make_interval(days => age_days)) - 350) / 365.0)
          OR n % 3 = 0
     )
     INSERT INTO invoices (id, tenant_id, customer_id, stripe_invoice_id, number, status, currency, subtotal, total, amount_due, amount_paid,
                           amount_remaining, period_start, period_end, due_date, stripe_created_at, finalized_at, paid_at, created_at, updated_at)
     SELECT ${uuidOf("4", "n")}, ${uuidOf("1", "((customer - 1) / $5::int) + 1")}, ${uuidOf("2", "customer")}, 'in_large_' || n, 'LG-' || n,
            s.status::"InvoiceStatus", CASE WHEN customer % 10 = 0 THEN 'eur' ELSE 'usd' END,
            lines * unit, lines * unit, lines * unit,
            CASE WHEN s.status = 'paid' THEN lines * unit ELSE 0 END,
            CASE WHEN s.status IN ('open', 'uncollectible') THEN lines * unit ELSE 0 END,
            created - interval '1 month', created, created + interval '14 days', created,
            CASE WHEN s.status <> 'draft' THEN created END,
            CASE WHEN s.status = 'paid' THEN created + make_interval(days => CASE WHEN r < 0.09 THEN 6 ELSE (n % 5)::int END) END,
            now(), now()
     FROM dated CROSS JOIN LATERAL (
       SELECT CASE WHEN age_days < 1 AND r < 0.5 THEN 'draft'
                   WHEN r < 0.06 THEN 'paid'           -- failed first, recovered
                   WHEN r < 0.075 THEN 'uncollectible' -- failed, written off
                   WHEN r < 0.08 THEN 'void'           -- failed, voided
                   WHEN r < 0.09 THEN 'open'           -- failed, still being retried
                   WHEN age_days < 30 AND r < 0.25 THEN 'open'
                   ELSE 'paid' END AS status
     ) s`,
    [first, last, customers, o.days, o.customersPerTenant],
  );
  await db.query(
    `INSERT INTO report_invoice_facts (invoice_id, tenant_id, payment_failed_at)
     SELECT i.id, i.tenant_id, i.stripe_created_at + interval '1 day' FROM invoices i
     WHERE i.id BETWEEN ${uuidOf("4", "$1::int")} AND ${uuidOf("4", "$2::int")}
       AND i.status <> 'draft' AND ${failureDraw("substring(i.stripe_invoice_id from 10)::bigint")} < 0.09`,
    [first, last],
  );
  const rows = await db.query<{ n: string | number }>(
    `WITH ins AS (
       INSERT INTO invoice_line_items (id, invoice_id, tenant_id, description, quantity, unit_amount, amount, currency, period_start, period_end, created_at)
       SELECT ${uuidOf("5", "(substring(i.stripe_invoice_id from 10)::bigint * 16 + k)")}, i.id, i.tenant_id,
              (ARRAY['Platform seat', 'API calls', 'Storage (GB)', 'Support plan', 'Data transfer', 'Add-on'])[1 + (k % 6)],
              1, i.total / (1 + (substring(i.stripe_invoice_id from 10)::int % 9)), i.total / (1 + (substring(i.stripe_invoice_id from 10)::int % 9)),
              i.currency, i.period_start, i.period_end, now()
       FROM invoices i CROSS JOIN LATERAL generate_series(1, 1 + (substring(i.stripe_invoice_id from 10)::int % 9)) k
       WHERE i.id BETWEEN ${uuidOf("4", "$1::int")} AND ${uuidOf("4", "$2::int")}
       RETURNING 1
     ) SELECT count(*) AS n FROM ins`,
    [first, last],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Webhook events of the last 30 days with their outcomes and latencies (the pipeline report). */
export async function seedWebhookEvents(db: SqlConnection, o: LargeDataSetOptions): Promise<void> {
  await db.query(
    `INSERT INTO webhook_inbox (event_id, type, payload, stripe_created_at, received_at, dispatched_at, processed_at, status, tenant_id)
     SELECT 'evt_large_' || e, t.type, '{}'::jsonb, received, received, received,
            CASE WHEN st.status = 'processed' THEN received + make_interval(secs => (e % 97) * 0.05 + CASE WHEN e % 50 = 0 THEN 20 ELSE 0 END) END,
            st.status::"InboxStatus", ${uuidOf("1", "(e % $2::int) + 1")}
     FROM generate_series(1, $1::int) e
     CROSS JOIN LATERAL (SELECT now() - make_interval(secs => (e * 2654435761 % (30 * 86400))) AS received) r
     CROSS JOIN LATERAL (SELECT (ARRAY['invoice.created', 'invoice.finalized', 'invoice.paid', 'invoice.payment_failed', 'invoice.updated',
                                       'customer.subscription.updated', 'customer.updated', 'charge.succeeded'])[1 + (e % 8)] AS type) t
     CROSS JOIN LATERAL (SELECT CASE WHEN t.type = 'charge.succeeded' THEN 'ignored' WHEN e % 211 = 0 THEN 'failed' ELSE 'processed' END AS status) st`,
    [o.webhookEvents, o.tenants],
  );
}
