// The support home's figures and the money-at-risk words as rendered: held usage (red and explained
// under the verdict once overdue, linking to the tenant's billing page), the usage failed syncs
// left out of Stripe, the drafts whose sync keeps failing, and money at risk naming the amount due and the unsynced usage apart.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BillingHealthBoard } from "@/components/support/billing-health";
import { MoneyAtRiskText } from "@/components/support/money-at-risk";
import type { BillingHealth } from "@/lib/support/billing-health";

const health: BillingHealth = {
  checkedAt: "2026-12-01T03:00:00.000Z",
  acceptedPerMinute: 0,
  appliedPerMinute: 0,
  backlog: 0,
  oldestUnappliedSeconds: null,
  stalled: [],
  runsFailingNow: 0,
  openFailures: 0,
  stripeBreaker: "closed",
  lastSync: null,
  failingSyncs: { invoices: 0, threshold: 3 },
  unsyncedUsage: { invoices: 2, amounts: [{ currency: "eur", amount: 1_500 }, { currency: "usd", amount: 250 }] },
  drift: { unrepaired: 0, lastFoundAt: null },
  heldUsage: {
    customers: 3,
    increments: 7,
    amounts: [{ currency: "eur", amount: 3_000 }],
    incrementsWithoutCurrency: 1,
    oldestAt: "2026-11-01T03:00:00.000Z",
    oldestSeconds: 30 * 86_400,
    overdue: { customers: 1, increments: 2 },
    link: "/billing?tenant=held-weekly",
  },
  issues: [],
  alerts: [],
  healthy: false,
};

function render(board: BillingHealth): string {
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, createElement(BillingHealthBoard, { initial: board })));
}

describe("the support home board", () => {
  it("shows held usage with its age, value and overdue count, linking to the tenant holding it", () => {
    const html = render(health);
    expect(html).toContain("Usage held for a draft (oldest 30 d)");
    expect(html).toContain("3 customers, €30.00 + 1 unpriced, 2 overdue");
    expect(html).toContain('href="/billing?tenant=held-weekly"');
    expect(html).toContain("2 usage increment(s) of 1 customer(s) held past their billing period");
  });

  it("shows the usage failed syncs left out of Stripe", () => {
    const html = render(health);
    expect(html).toContain("€15.00 + $2.50");
    expect(html).toContain("2 drafts failing to sync");
  });

  it("names under the verdict the drafts whose sync keeps failing, linking to their sync errors", () => {
    expect(render(health)).not.toContain("data-failing-syncs-link");
    const html = render({ ...health, failingSyncs: { invoices: 2, threshold: 3 } });
    expect(html).toContain("2 draft invoices failed to sync with Stripe 3 or more times in a row.");
    expect(html).toContain(`data-failing-syncs-link="true" href="/support/invoices"`);
  });
});

describe("money at risk as rendered", () => {
  it("names the amount due and the unsynced usage apart when there is unsynced usage", () => {
    const html = renderToStaticMarkup(
      createElement(MoneyAtRiskText, {
        money: { invoices: 2, amounts: [{ currency: "eur", amount: 2_200 }], amountDue: [{ currency: "eur", amount: 700 }], unsyncedUsage: [{ currency: "eur", amount: 1_500 }] },
      }),
    );
    const text = html.replace(/<[^>]+>/g, "");
    expect(text).toBe("€22.00 on 2 invoices (amount due €7.00; unsynced usage €15.00)");
  });
});
