import { describe, expect, it } from "vitest";
import { screenshot, signIn, startAppAndBrowserForFile } from "./browser";

const suite = startAppAndBrowserForFile();

describe("customer billing in the browser", () => {
  it("signs in as a customer, sees only their invoices, and pays an open one on Stripe's hosted page", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await signIn(page, suite.app.origin, "ada@acme.test");
    await page.goto(`${suite.app.origin}/billing`);
    await expect.poll(() => page.locator("[data-invoice-id]").count()).toBeGreaterThan(0);
    expect(await page.getByText("Acme Cloud").first().isVisible()).toBe(true);
    expect(await page.getByText("Globex").count()).toBe(0);
    await screenshot(page, "01-customer-billing");

    await page.goto(`${suite.app.origin}/billing?status=open`);
    const openInvoice = page.locator("[data-invoice-id] a").first();
    await openInvoice.click();
    await page.waitForURL(/\/billing\/invoices\//);
    await expect.poll(() => page.locator("[data-event-type]").count()).toBeGreaterThan(0);
    await screenshot(page, "02-invoice-detail");

    const invoiceId = new URL(page.url()).pathname.split("/").pop()!;
    // A second tab stays on the billing list and is never reloaded: it must update by itself.
    const list = await context.newPage();
    await list.goto(`${suite.app.origin}/billing`);
    const row = list.locator(`[data-invoice-id="${invoiceId}"] [data-status]`);
    expect(await row.getAttribute("data-status")).toBe("open");

    const pay = page.getByRole("link", { name: "Pay now" });
    expect(await pay.getAttribute("href")).toContain(`${suite.app.simulatorOrigin}/hosted/invoices/`);
    await pay.click();
    await page.waitForURL(/\/hosted\/invoices\//);
    await screenshot(page, "03-hosted-invoice");
    await page.getByRole("button", { name: /^Pay/ }).click();

    // Stripe (the simulator) sends invoice.paid; the pipeline applies it; the open tab shows it.
    await expect.poll(() => row.getAttribute("data-status"), { timeout: 30_000, interval: 500 }).toBe("paid");
    await screenshot(list, "04-billing-updated-live");

    // Manage billing opens a Stripe Customer Portal session.
    await list.getByRole("button", { name: "Manage billing" }).click();
    await list.waitForURL(/\/hosted\/portal\//, { timeout: 15_000 });
    await screenshot(list, "05-customer-portal");
  });

  it("keeps customers out of the support area", async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.app.origin, "grace@globex.test");
    await page.goto(`${suite.app.origin}/support`);
    expect(new URL(page.url()).pathname).toBe("/forbidden");
  });
});
