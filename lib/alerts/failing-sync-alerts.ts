// The "billing sync failing" alert: a draft whose compiled sync failed SYNC_FAILURE_ALERT_THRESHOLD
// times in a row (a Stripe refusal retrying cannot fix, or an outage that outlasts the retries).
// Same channel as dead-letter alerts (Slack, else the local inbox); one alert per run of failures —
// later failed pushes of the same run are counted into it, not sent again; after a successful push a
// new run of failures is a new alert. It names the invoice, tenant, Stripe's error and the usage at
// stake, and links to the invoice's support page, where its sync error shows.
import { SYNC_FAILURE_ALERT_THRESHOLD } from "@/lib/billing-sync/failing-invoice-syncs";
import type { SyncFailureStreak } from "@/lib/billing-sync/invoice-lease";
import { unsyncedUsageOfInvoice } from "@/lib/billing-sync/unsynced-usage";
import { db } from "@/lib/db/client";
import { formatMoney } from "@/lib/money/format-money";
import { deliver, openOrGroup, resolve, type AlertOptions } from "./dead-letter-alerts";
import type { SlackMessage } from "./slack-transport";

interface FailingSyncFacts {
  stripeInvoiceId: string;
  tenantName: string;
  failures: number;
  since: Date;
  error: string;
  atStake: string;
  link: string;
}

function failingSyncMessage(facts: FailingSyncFacts): SlackMessage {
  const since = `${facts.since.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const text = `Billing sync failing: invoice ${facts.stripeInvoiceId} of ${facts.tenantName} failed ${facts.failures} times in a row (since ${since}). Stripe: ${facts.error.slice(0, 300)} At stake: ${facts.atStake}.`;
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Billing sync failing" } },
      { type: "section", text: { type: "mrkdwn", text: `*Invoice ${facts.stripeInvoiceId}* failed to sync ${facts.failures} times in a row (since ${since}).\n*At stake:* ${facts.atStake}` } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Tenant*\n${facts.tenantName}` },
          { type: "mrkdwn", text: `*Invoice*\n${facts.stripeInvoiceId}` },
        ],
      },
      { type: "section", text: { type: "mrkdwn", text: `*Stripe error*\n${facts.error.slice(0, 1500)}` } },
      { type: "context", elements: [{ type: "mrkdwn", text: "The sync retries it every run; billing needs attention until a push succeeds." }] },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the invoice in Ledgerline" }, url: facts.link }] },
    ],
  };
}

/**
 * Called after a failed push with the failure streak it left: below the threshold nothing happens;
 * at or past it the streak's alert is sent once, then counted into.
 */
export async function alertOnFailingInvoiceSync(
  failure: { invoiceId: string; error: string; streak: SyncFailureStreak },
  alertOptions: AlertOptions = {},
): Promise<"below-threshold" | "sent" | "grouped" | "skipped"> {
  if (failure.streak.failures < SYNC_FAILURE_ALERT_THRESHOLD) return "below-threshold";
  const resolved = resolve(alertOptions);
  const invoice = await db().invoice.findUnique({ where: { id: failure.invoiceId }, select: { stripeInvoiceId: true, tenantId: true } });
  if (!invoice) return "skipped";
  const tenant = await db().tenant.findUnique({ where: { id: invoice.tenantId }, select: { name: true } });
  const unsynced = await unsyncedUsageOfInvoice(failure.invoiceId);
  const message = failingSyncMessage({
    stripeInvoiceId: invoice.stripeInvoiceId,
    tenantName: tenant?.name ?? "an unknown tenant",
    failures: failure.streak.failures,
    since: failure.streak.since,
    error: failure.error,
    atStake: unsynced.length === 0 ? "no unsynced usage (a hold or removal is what waits)" : `${unsynced.map((a) => formatMoney(a.amount, a.currency)).join(" + ")} of unsynced usage`,
    link: `${resolved.appUrl}/support/invoices/${failure.invoiceId}`,
  });
  // The key names the run of failures, and the window reaches back to its start: every later failure
  // of the same run groups into its alert, whatever the dead-letter window.
  const options = { ...resolved, windowMs: resolved.now.getTime() - failure.streak.since.getTime() + 86_400_000 };
  const alert = await openOrGroup(
    { kind: "sync", alertKey: `billing-sync:${failure.invoiceId}:${failure.streak.since.toISOString()}`, jobType: "sync-billing-to-stripe", reason: failure.error, tenantId: invoice.tenantId, message },
    options,
  );
  if (alert.fire) await deliver(alert.id, message, options);
  return alert.fire ? "sent" : "grouped";
}
