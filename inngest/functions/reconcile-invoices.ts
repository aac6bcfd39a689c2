// Reconciliation: every six hours (and on demand), compare recent local invoices with Stripe's and
// record drift — amount, status, missing and extra items, invoices only Stripe has — for support.
import { inngest } from "@/inngest/client";
import { reconcileRequested } from "@/lib/events/definitions";
import { recordInvoicesMissingLocally } from "@/lib/reconciliation/find-invoices-missing-locally";
import { listInvoicesToReconcile, reconcileInvoices } from "@/lib/reconciliation/reconcile-invoices";

export const reconcileInvoicesFunction = inngest.createFunction(
  {
    id: "reconcile-invoices-with-stripe",
    name: "Reconcile invoices with Stripe",
    triggers: [{ cron: "17 */6 * * *" }, reconcileRequested],
    retries: 2,
  },
  async ({ step, runId }) => {
    const invoiceIds = await step.run("list-invoices-to-reconcile", () => listInvoicesToReconcile());
    const compared = await step.run("compare-with-stripe", () => reconcileInvoices(invoiceIds, runId));
    const missingLocally = await step.run("find-invoices-missing-locally", () => recordInvoicesMissingLocally(runId));
    return { ...compared, checked: compared.checked + missingLocally.checked, drifts: [...compared.drifts, ...missingLocally.drifts] };
  },
);
