// Pages Stripe would host: the invoice page (with a working Pay button that pays through the same
// code path as the API, so events and webhooks follow), the invoice PDF and the portal session page.
import type { SimContext } from "./context";
import { StripeApiError } from "./errors";
import { textPdf } from "./pdf";
import { renderInvoice } from "./resources/invoice-totals";
import { payInvoice } from "./resources/invoices";
import { AUTOMATIC, type InvoiceObject } from "./types";

export interface HostedResponse {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Display formatting for the simulator's own pages (the app formats money in its UI layer). */
function formatAmount(amount: number, currency: string): string {
  return `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;
}

function page(title: string, body: string): HostedResponse {
  return {
    status: 200,
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:40px auto;padding:0 16px;color:#1a1f36}
table{width:100%;border-collapse:collapse}td,th{padding:6px 0;border-bottom:1px solid #e3e8ee;text-align:left}
.amount{text-align:right}.status{display:inline-block;padding:2px 8px;border-radius:4px;background:#e3e8ee}
button{background:#635bff;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:16px;cursor:pointer}
.note{color:#697386;font-size:13px}.error{color:#cd3d64}</style></head><body>${body}</body></html>`,
  };
}

function notFound(): HostedResponse {
  return page("Not found", "<h1>Not found</h1><p>This link is not valid.</p>");
}

function invoicePage(invoice: InvoiceObject, error?: string): HostedResponse {
  const rows = invoice.lines.data
    .map((l) => `<tr><td>${escapeHtml(l.description ?? "Item")}</td><td class="amount">${formatAmount(l.amount, l.currency)}</td></tr>`)
    .join("");
  const payable = invoice.status === "open" || invoice.status === "uncollectible";
  return page(
    `Invoice ${invoice.number ?? invoice.id}`,
    `<h1>Invoice ${escapeHtml(invoice.number ?? invoice.id)}</h1>
<p><span class="status" data-status="${escapeHtml(invoice.status ?? "")}">${escapeHtml(invoice.status ?? "")}</span>
 · ${escapeHtml(invoice.customer_name ?? invoice.customer_email ?? String(invoice.customer))}</p>
<table><tbody>${rows}</tbody><tfoot><tr><th>Amount due</th><th class="amount">${formatAmount(invoice.amount_remaining, invoice.currency)}</th></tr></tfoot></table>
${error ? `<p class="error">${escapeHtml(error)}</p>` : ""}
${payable ? `<form method="post" action="/hosted/invoices/${invoice.id}/pay"><p><button type="submit">Pay ${formatAmount(invoice.amount_remaining, invoice.currency)}</button></p></form>` : ""}
<p><a href="/hosted/invoices/${invoice.id}/pdf">Download PDF</a></p>
<p class="note">Served by the Ledgerline Stripe simulator.</p>`,
  );
}

export function handleHosted(sim: SimContext, method: string, path: string): HostedResponse | undefined {
  const invoiceMatch = /^\/hosted\/invoices\/([^/]+)(\/pdf|\/pay)?$/.exec(path);
  if (invoiceMatch) {
    const [, id, action] = invoiceMatch;
    const record = sim.store.invoices.get(id);
    if (!record || record.status === "draft") return notFound();
    if (action === "/pay" && method === "POST") {
      try {
        payInvoice(sim, id, {}, AUTOMATIC);
      } catch (error) {
        if (error instanceof StripeApiError) return { ...invoicePage(renderInvoice(sim, record), error.message), status: 402 };
        throw error;
      }
      return { status: 303, contentType: "text/plain", body: "", headers: { Location: `/hosted/invoices/${id}` } };
    }
    const invoice = renderInvoice(sim, record);
    if (action === "/pdf") {
      return {
        status: 200,
        contentType: "application/pdf",
        headers: { "Content-Disposition": `inline; filename="${invoice.number ?? invoice.id}.pdf"` },
        body: textPdf([
          `Invoice ${invoice.number ?? invoice.id}`,
          `Status: ${invoice.status}`,
          `Customer: ${invoice.customer_name ?? invoice.customer_email ?? String(invoice.customer)}`,
          "",
          ...invoice.lines.data.map((l) => `${l.description ?? "Item"}  ${formatAmount(l.amount, l.currency)}`),
          "",
          `Total: ${formatAmount(invoice.total, invoice.currency)}`,
          `Amount due: ${formatAmount(invoice.amount_remaining, invoice.currency)}`,
        ]),
      };
    }
    return method === "GET" ? invoicePage(invoice) : undefined;
  }
  const portalMatch = /^\/hosted\/portal\/([^/]+)$/.exec(path);
  if (portalMatch && method === "GET") {
    const session = sim.store.portalSessions.get(portalMatch[1]);
    if (!session) return notFound();
    const invoices = sim.store.invoices
      .newestFirst()
      .filter((i) => i.customer === session.customer && i.status !== "draft")
      .map((i) => renderInvoice(sim, i));
    const rows = invoices
      .map(
        (i) =>
          `<tr><td><a href="/hosted/invoices/${i.id}">${escapeHtml(i.number ?? i.id)}</a></td><td>${escapeHtml(i.status ?? "")}</td><td class="amount">${formatAmount(i.total, i.currency)}</td></tr>`,
      )
      .join("");
    return page(
      "Billing portal",
      `<h1>Billing</h1><table><thead><tr><th>Invoice</th><th>Status</th><th class="amount">Total</th></tr></thead><tbody>${rows}</tbody></table>
${session.return_url ? `<p><a href="${escapeHtml(session.return_url)}">Return</a></p>` : ""}`,
    );
  }
  return undefined;
}
