import { describe, expect, it } from "vitest";
import { screenshot, signIn, startAppAndBrowserForFile } from "./browser";

const suite = startAppAndBrowserForFile();

describe("support resolves a failed job in the browser", () => {
  it("finds the dead letter, corrects its payload, replays it and sees it resolve", async () => {
    // Stripe bills a customer nobody assigned to a tenant: its jobs fail for good.
    const scenario = await fetch(`${suite.app.simulatorOrigin}/_simulator/scenarios/invoice-lifecycle`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ customer: "cus_demo_unmapped", outcome: "open" }),
    });
    expect(scenario.status).toBe(200);

    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await signIn(page, suite.app.origin, "admin@ledgerline.test");
    await page.goto(`${suite.app.origin}/support/dead-letters?jobType=stripe-invoice-created`);
    // The list refreshes itself: the failure appears without a reload.
    await expect.poll(() => page.locator("[data-envelope-id]").count(), { timeout: 45_000 }).toBeGreaterThan(0);
    await screenshot(page, "20-dead-letters");

    await page.locator("[data-envelope-id] a").first().click();
    await page.waitForURL(/\/support\/dead-letters\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByText(/ledgerline_tenant/).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await screenshot(page, "21-envelope-detail");

    const editor = page.getByLabel("Payload to replay");
    await editor.waitFor();
    const original = await editor.inputValue();
    expect(original).toContain("cus_demo_unmapped");
    await editor.fill(original.replaceAll("cus_demo_unmapped", "cus_demo_acme_1"));
    await page.getByRole("button", { name: "Dry run" }).click();
    await page.waitForTimeout(1_000);
    await screenshot(page, "22-dry-run");
    await page.getByRole("button", { name: "Replay corrected payload" }).click();

    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator("[data-status]").first().getAttribute("data-status");
        },
        { timeout: 45_000, interval: 1_000 },
      )
      .toBe("resolved");
    await screenshot(page, "23-envelope-resolved");
  });
});
