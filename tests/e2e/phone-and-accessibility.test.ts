// Every page fits a 390 px phone screen, and every page a customer, support or admin can reach
// passes axe-core with no serious or critical violation. The pages come from the app/ directory
// itself: a page missing from the table fails the test, so a new page cannot be forgotten.
import fs from "node:fs";
import path from "node:path";
import type { AxeResults } from "axe-core";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { screenshot, signIn, startAppAndBrowserForFile } from "./browser";

type Role = "anonymous" | "customer" | "support" | "admin";
type Samples = Partial<Record<Role, string[]>>;

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const AXE_SCRIPT = path.resolve("node_modules/axe-core/axe.min.js");
const RANDOM_ID = "7d0a3c4e-1f2b-4c5d-8e9f-0a1b2c3d4e5f";
const accounts: Record<Exclude<Role, "anonymous">, string> = {
  customer: "ada@acme.test",
  support: "support@ledgerline.test",
  admin: "admin@ledgerline.test",
};

/** Pages outside the signed-in shell, so without its header and sign-out button. */
const outsideShell = new Set(["/signin", "/forbidden"]);
const reports = ["revenue", "mrr", "collections", "customers", "aging", "pipeline"].map((r) => `/reports/${r}`);
const staff = (...paths: string[]): Samples => ({ support: paths, admin: paths });

/**
 * Where each page is opened, per role that can reach it. `{own}` / `{other}` become an Acme /
 * a Globex invoice, `{envelope}` / `{run}` a dead letter and its run, `{draft}` a draft invoice,
 * `{conflict}` a sync conflict (its not-found page when there is none).
 */
const pages: Record<string, Samples> = {
  "/": {},
  "/signin": { anonymous: ["/signin"] },
  "/forbidden": { customer: ["/forbidden"] },
  "/billing": { customer: ["/billing"], ...staff("/billing", "/billing?tenant=globex") },
  "/billing/api-keys": { customer: ["/billing/api-keys"], ...staff("/billing/api-keys?tenant=globex") },
  "/billing/invoices/[id]": { customer: ["/billing/invoices/{own}"], ...staff("/billing/invoices/{other}?tenant=globex") },
  "/reports": {},
  "/reports/[report]": { customer: reports, ...staff(...reports) },
  "/support": staff("/support"),
  "/support/alerts": staff("/support/alerts"),
  "/support/backfill": staff("/support/backfill"),
  "/support/conflicts": staff("/support/conflicts"),
  "/support/conflicts/[id]": staff("/support/conflicts/{conflict}"),
  "/support/dead-letters": staff("/support/dead-letters", "/support/dead-letters?group={group}"),
  "/support/dead-letters/[id]": staff("/support/dead-letters/{envelope}"),
  "/support/dead-letters/runs/[runId]": staff("/support/dead-letters/runs/{run}"),
  "/support/invoices": staff("/support/invoices"),
  "/support/issues/[id]": staff("/support/issues/{issue}"),
  "/support/invoices/[id]": staff("/support/invoices/{draft}"),
  "/support/reports/dead-letters": staff("/support/reports/dead-letters"),
  "/support/settings": staff("/support/settings"),
};

function discoverPages(dir = "app", prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      return discoverPages(path.join(dir, entry.name), prefix + segment);
    }
    return entry.name === "page.tsx" ? [prefix || "/"] : [];
  });
}

const suite = startAppAndBrowserForFile();
const ids: Record<string, string> = {};

function fill(sample: string): string {
  return sample.replace(/\{(\w+)\}/g, (_, key: string) => ids[key] ?? RANDOM_ID);
}

function samplesFor(role: Role): string[] {
  return Object.values(pages).flatMap((samples) => samples[role] ?? []);
}

async function contextFor(role: Role, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await suite.browser.newContext({ viewport });
  const page = await context.newPage();
  if (role !== "anonymous") await signIn(page, suite.app.origin, accounts[role]);
  return { context, page };
}

async function open(page: Page, sample: string): Promise<void> {
  await page.goto(`${suite.app.origin}${fill(sample)}`, { waitUntil: "networkidle" });
}

async function firstMatch(page: Page, url: string, pattern: RegExp): Promise<string | undefined> {
  const html = await (await page.request.get(`${suite.app.origin}${url}`)).text();
  return pattern.exec(html)?.[1];
}

beforeAll(async () => {
  // Stripe bills a customer nobody assigned to a tenant: its jobs fail for good, so the
  // dead-letter pages have an envelope, an issue and a run to show.
  const scenario = await fetch(`${suite.app.simulatorOrigin}/_simulator/scenarios/invoice-lifecycle`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ customer: "cus_demo_unmapped", outcome: "open" }),
  });
  expect(scenario.status).toBe(200);

  const { context, page } = await contextFor("admin", DESKTOP);
  for (let waited = 0; ; waited += 1_000) {
    const response = await page.request.get(`${suite.app.origin}/api/support/dead-letters`);
    const body = (await response.json()) as { envelopes: { id: string }[] };
    if (body.envelopes.length > 0) break;
    if (waited > 60_000) throw new Error("no dead letter appeared within a minute");
    await page.waitForTimeout(1_000);
  }
  const uuid = "([0-9a-f-]{36})";
  const found = {
    envelope: await firstMatch(page, "/support/dead-letters", new RegExp(`/support/dead-letters/${uuid}`)),
    other: await firstMatch(page, "/billing?tenant=globex", new RegExp(`data-invoice-id="${uuid}"`)),
    draft: await firstMatch(page, "/support/invoices", new RegExp(`/support/invoices/${uuid}`)),
    conflict: await firstMatch(page, "/support/conflicts", new RegExp(`/support/conflicts/${uuid}`)),
    issue: await firstMatch(page, "/support/dead-letters", new RegExp(`/support/issues/${uuid}`)),
  };
  for (const [key, value] of Object.entries(found)) if (value) ids[key] = value;
  const run = ids.envelope ? await firstMatch(page, `/support/dead-letters/${ids.envelope}`, /\/support\/dead-letters\/runs\/([^"?&]+)/) : undefined;
  if (run) ids.run = decodeURIComponent(run);
  // A failure's page links the issue it belongs to as the explorer's group filter.
  const group = ids.envelope ? await firstMatch(page, `/support/dead-letters/${ids.envelope}`, new RegExp(`/support/dead-letters\\?group=${uuid}`)) : undefined;
  if (group) ids.group = group;
  await context.close();

  const customer = await contextFor("customer", DESKTOP);
  const own = await firstMatch(customer.page, "/billing", new RegExp(`data-invoice-id="${uuid}"`));
  if (own) ids.own = own;
  await customer.context.close();
}, 180_000);

describe("the pages a phone and a screen reader see", () => {
  it("has an entry for every page in app/, with a real sample for every id", () => {
    expect(discoverPages().sort()).toEqual(Object.keys(pages).sort());
    expect(Object.keys(ids).sort()).toEqual(expect.arrayContaining(["envelope", "group", "other", "own", "draft", "run"]));
  });

  it("fits every page on a 390 px phone: nothing scrolls sideways and sign-out stays on screen", async () => {
    const overflowing: string[] = [];
    for (const role of ["customer", "support", "admin"] as const) {
      const { context, page } = await contextFor(role, PHONE);
      for (const sample of samplesFor(role)) {
        await open(page, sample);
        const layout = await page.evaluate(() => {
          const signOut = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Sign out");
          const box = signOut?.getBoundingClientRect();
          return {
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            signOut: box ? { left: box.left, right: box.right } : null,
          };
        });
        const problems = [
          layout.scrollWidth > layout.innerWidth && `scrolls sideways (${layout.scrollWidth} px wide)`,
          !layout.signOut && !outsideShell.has(sample) && "no sign-out button",
          layout.signOut && (layout.signOut.left < 0 || layout.signOut.right > layout.innerWidth) && `sign-out off screen (${Math.round(layout.signOut.left)}–${Math.round(layout.signOut.right)} px)`,
        ].filter(Boolean);
        if (problems.length > 0) overflowing.push(`${role} ${sample}: ${problems.join(", ")}`);
      }
      if (role === "admin") {
        await open(page, "/support/dead-letters");
        // An issue's title gets the width of the row, not one word per line beside its buttons.
        const titleWidths = await page.locator('a[href^="/support/dead-letters?group="]').evaluateAll((links) => links.map((l) => l.getBoundingClientRect().width));
        for (const width of titleWidths) if (width < PHONE.width / 2) overflowing.push(`admin /support/dead-letters: an issue title squeezed to ${Math.round(width)} px`);
        await screenshot(page, "30-phone-dead-letters");
      }
      if (role === "customer") {
        await open(page, "/billing");
        await screenshot(page, "31-phone-billing");
      }
      await context.close();
    }
    expect(overflowing, overflowing.join("\n")).toEqual([]);
  }, 300_000);

  it("passes axe-core on every page a customer, support and admin can reach, with no serious or critical violation", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const role of ["anonymous", "customer", "support", "admin"] as const) {
      const { context, page } = await contextFor(role, DESKTOP);
      for (const sample of samplesFor(role)) {
        await open(page, sample);
        await page.addScriptTag({ path: AXE_SCRIPT });
        const violations = await page.evaluate(async () => {
          const { axe } = window as unknown as { axe: { run(): Promise<AxeResults> } };
          const results = await axe.run();
          return results.violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target.join(" ") ?? "" }));
        });
        checked += 1;
        for (const v of violations) failures.push(`${role} ${sample}: ${v.id} (${v.impact}) ×${v.nodes}, e.g. ${v.target}`);
      }
      await context.close();
    }
    console.log(`axe-core: ${checked} pages checked, ${failures.length} serious or critical rule violations${failures.length ? `\n${failures.join("\n")}` : ""}`);
    expect(failures, failures.join("\n")).toEqual([]);
  }, 600_000);
});
