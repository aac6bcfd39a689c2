// What the customer must pay first: each subscription Stripe holds as past due or unpaid, with the
// open invoice that settles it.
import Link from "next/link";
import type { PastDueSubscription } from "@/lib/billing/past-due-subscriptions";
import { Money } from "@/components/ui/money";

export function PastDueNotice({ subscriptions, linkSuffix }: { subscriptions: PastDueSubscription[]; linkSuffix: string }) {
  if (subscriptions.length === 0) return null;
  return (
    <section role="alert" aria-label="Payment needed" className="space-y-1 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
      {subscriptions.map((subscription) => (
        <p key={subscription.id} data-past-due-subscription={subscription.id}>
          <span className="font-semibold">Subscription {subscription.status === "unpaid" ? "unpaid" : "past due"}</span>
          {subscription.invoice ? (
            <>
              {" — pay invoice "}
              <Link href={`/billing/invoices/${subscription.invoice.id}${linkSuffix}`} className="font-medium underline">
                {subscription.invoice.number ?? "Draft"}
              </Link>{" "}
              (<Money minor={subscription.invoice.amountRemaining} currency={subscription.invoice.currency} />)
              {subscription.invoice.hostedInvoiceUrl && (
                <>
                  {" "}
                  <a href={subscription.invoice.hostedInvoiceUrl} className="font-medium underline">
                    Pay now
                  </a>
                </>
              )}
            </>
          ) : (
            " — its renewal has not been paid."
          )}
        </p>
      ))}
    </section>
  );
}
