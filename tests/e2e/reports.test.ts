import { describe, expect, it } from "vitest";
import { screenshot, signIn, startAppAndBrowserForFile } from "./browser";

const suite = startAppAndBrowserForFile();

describe("reports in the browser", () => {
  it("renders every report with a chart and a table, and exports CSV", async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page, suite.app.origin, "support@ledgerline.test");
    for (const report of ["revenue", "mrr", "collections", "customers", "aging", "pipeline"]) {
      await page.goto(`${suite.app.origin}/reports/${report}?from=2025-11-01`);
      await expect.poll(() => page.locator("svg.recharts-surface").count(), { timeout: 20_000 }).toBeGreaterThan(0);
      // A fresh install has no webhook traffic yet: the pipeline report may rightly be empty.
      if (report !== "pipeline") expect(await page.locator("table tbody tr").count(), `${report} table rows`).toBeGreaterThan(0);
      await page.waitForTimeout(1_500); // let the charts finish their entry animation
      await screenshot(page, `10-report-${report}`);
    }
    const csv = await page.request.get(`${suite.app.origin}/api/reports/revenue/csv?from=2025-11-01`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect((await csv.text()).split("\n").length).toBeGreaterThan(2);
  });

  it("shows a customer only their own tenant's figures", async () => {
    const page = await suite.browser.newPage();
    await signIn(page, suite.app.origin, "ada@acme.test");
    await page.goto(`${suite.app.origin}/reports/revenue?tenant=globex`);
    await expect.poll(() => page.locator("svg.recharts-surface").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await page.getByText("Globex").count()).toBe(0);
    expect(await page.getByText("Acme Cloud").count()).toBeGreaterThan(0);
  });
});
