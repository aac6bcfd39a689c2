// Every page and route handler × every role × own/other tenant, over HTTP against the built app.
// The routes come from the app/ directory itself: a route missing from the table fails the test,
// so a new route cannot be forgotten.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "./app-server";

type Who = "anonymous" | "customer" | "support" | "admin";
type Expect = "ok" | "signin" | "forbidden" | "not-found" | "unauthorized" | "disabled";

interface RouteCase {
  /** Path with sample ids filled in; `{own}` / `{other}` become the customer's / another tenant's invoice. */
  sample: string;
  method?: "GET" | "POST";
  expect: Record<Who, Expect>;
}

const signedIn = { anonymous: "signin", customer: "ok", support: "ok", admin: "ok" } as const;
const staffOnly = { anonymous: "signin", customer: "forbidden", support: "ok", admin: "ok" } as const;
const staffApi = { anonymous: "unauthorized", customer: "forbidden", support: "ok", admin: "ok" } as const;
const everyone = { anonymous: "ok", customer: "ok", support: "ok", admin: "ok" } as const;
const RANDOM_ID = "7d0a3c4e-1f2b-4c5d-8e9f-0a1b2c3d4e5f";

const routes: Record<string, RouteCase[]> = {
  "/": [{ sample: "/", expect: { anonymous: "signin", customer: "ok", support: "ok", admin: "ok" } }],
  "/signin": [{ sample: "/signin", expect: everyone }],
  "/forbidden": [{ sample: "/forbidden", expect: everyone }],
  "/billing": [{ sample: "/billing", expect: signedIn }],
  "/billing/api-keys": [{ sample: "/billing/api-keys", expect: signedIn }],
  "/billing/invoices/[id]": [
    { sample: "/billing/invoices/{own}", expect: { anonymous: "signin", customer: "ok", support: "not-found", admin: "not-found" } },
    // IDOR: another tenant's invoice id is "not found" for the customer, whatever the URL says.
    { sample: "/billing/invoices/{other}?tenant=globex", expect: { anonymous: "signin", customer: "not-found", support: "ok", admin: "ok" } },
  ],
  "/reports": [{ sample: "/reports", expect: signedIn }],
  "/reports/[report]": [{ sample: "/reports/revenue", expect: signedIn }],
  "/support": [{ sample: "/support", expect: staffOnly }],
  "/support/alerts": [{ sample: "/support/alerts", expect: staffOnly }],
  "/support/backfill": [{ sample: "/support/backfill", expect: staffOnly }],
  "/support/conflicts": [{ sample: "/support/conflicts", expect: staffOnly }],
  "/support/conflicts/[id]": [{ sample: `/support/conflicts/${RANDOM_ID}`, expect: { ...staffOnly, support: "not-found", admin: "not-found" } }],
  "/support/dead-letters": [{ sample: "/support/dead-letters", expect: staffOnly }],
  "/support/dead-letters/[id]": [{ sample: `/support/dead-letters/${RANDOM_ID}`, expect: { ...staffOnly, support: "not-found", admin: "not-found" } }],
  "/support/dead-letters/runs/[runId]": [{ sample: `/support/dead-letters/runs/${RANDOM_ID}`, expect: { ...staffOnly, support: "not-found", admin: "not-found" } }],
  "/support/invoices": [{ sample: "/support/invoices", expect: staffOnly }],
  "/support/issues/[id]": [{ sample: `/support/issues/${RANDOM_ID}`, expect: { ...staffOnly, support: "not-found", admin: "not-found" } }],
  "/support/invoices/[id]": [{ sample: `/support/invoices/${RANDOM_ID}`, expect: { ...staffOnly, support: "not-found", admin: "not-found" } }],
  "/support/reports/dead-letters": [{ sample: "/support/reports/dead-letters", expect: staffOnly }],
  "/support/settings": [{ sample: "/support/settings", expect: staffOnly }],
  "/api/auth/[...nextauth]": [{ sample: "/api/auth/session", expect: everyone }],
  "/api/billing/invoices": [
    { sample: "/api/billing/invoices", expect: { anonymous: "unauthorized", customer: "ok", support: "not-found", admin: "not-found" } },
    // A customer asking for another tenant still gets their own.
    { sample: "/api/billing/invoices?tenant=globex", expect: { anonymous: "unauthorized", customer: "ok", support: "ok", admin: "ok" } },
  ],
  "/api/billing/invoices/[id]": [
    { sample: "/api/billing/invoices/{own}", expect: { anonymous: "unauthorized", customer: "ok", support: "not-found", admin: "not-found" } },
    // IDOR: another tenant's invoice id is "not found" for the customer, whatever the URL says.
    { sample: "/api/billing/invoices/{other}?tenant=globex", expect: { anonymous: "unauthorized", customer: "not-found", support: "ok", admin: "ok" } },
  ],
  // Without CRON_SECRET configured the cron route is disabled for everyone.
  "/api/cron/stripe-catch-up": [{ sample: "/api/cron/stripe-catch-up", expect: { anonymous: "disabled", customer: "disabled", support: "disabled", admin: "disabled" } }],
  "/api/health": [{ sample: "/api/health", expect: everyone }],
  "/api/inngest": [{ sample: "/api/inngest", method: "POST", expect: { anonymous: "unauthorized", customer: "unauthorized", support: "unauthorized", admin: "unauthorized" } }],
  // Only the metrics token opens it; a session cookie is not enough.
  "/api/metrics": [{ sample: "/api/metrics", expect: { anonymous: "unauthorized", customer: "unauthorized", support: "unauthorized", admin: "unauthorized" } }],
  "/api/ready": [{ sample: "/api/ready", expect: everyone }],
  "/api/reports/[report]/csv": [{ sample: "/api/reports/revenue/csv", expect: { anonymous: "unauthorized", customer: "ok", support: "ok", admin: "ok" } }],
  "/api/support/dead-letters": [{ sample: "/api/support/dead-letters", expect: staffApi }],
  "/api/support/dead-letters/bulk/[id]": [{ sample: `/api/support/dead-letters/bulk/${RANDOM_ID}`, expect: { ...staffApi, support: "not-found", admin: "not-found" } }],
  "/api/support/health": [{ sample: "/api/support/health", expect: staffApi }],
  "/api/support/issues/[id]": [{ sample: `/api/support/issues/${RANDOM_ID}`, expect: { ...staffApi, support: "not-found", admin: "not-found" } }],
  // API keys only: a session cookie is not enough.
  "/api/usage": [
    { sample: "/api/usage", method: "POST", expect: { anonymous: "unauthorized", customer: "unauthorized", support: "unauthorized", admin: "unauthorized" } },
    { sample: "/api/usage?customer=cus_acme_1", expect: { anonymous: "unauthorized", customer: "unauthorized", support: "unauthorized", admin: "unauthorized" } },
  ],
  "/api/usage/corrections": [{ sample: "/api/usage/corrections", method: "POST", expect: { anonymous: "unauthorized", customer: "unauthorized", support: "unauthorized", admin: "unauthorized" } }],
  "/api/webhooks/stripe": [{ sample: "/api/webhooks/stripe", method: "POST", expect: { anonymous: "unauthorized", customer: "unauthorized", support: "unauthorized", admin: "unauthorized" } }],
};

function discoverRoutes(dir = "app", prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) {
      const segment = /^\(.*\)$/.test(entry.name) ? "" : `/${entry.name}`;
      return discoverRoutes(path.join(dir, entry.name), prefix + segment);
    }
    return entry.name === "page.tsx" || entry.name === "route.ts" ? [prefix || "/"] : [];
  });
}

let app: AppServer;
const cookies: Record<Who, string> = { anonymous: "", customer: "", support: "", admin: "" };
const ids = { own: "", other: "" };

async function signIn(email: string): Promise<string> {
  const csrf = await fetch(`${app.origin}/api/auth/csrf`);
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${app.origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password: "ledgerline-demo", json: "true" }),
  });
  return [jar, ...response.headers.getSetCookie().map((c) => c.split(";")[0])].join("; ");
}

async function firstInvoiceId(cookie: string, query = ""): Promise<string> {
  const html = await (await fetch(`${app.origin}/billing${query}`, { headers: { cookie } })).text();
  return /data-invoice-id="([0-9a-f-]{36})"/.exec(html)?.[1] ?? "";
}

function classify(response: Response, body: string): Expect {
  const location = response.headers.get("location") ?? "";
  if (response.status >= 300 && response.status < 400) {
    if (location.includes("/signin")) return "signin";
    if (location.includes("/forbidden")) return "forbidden";
    return "ok"; // e.g. "/" sending a signed-in user home, /reports → /reports/revenue
  }
  if (response.status === 401 || response.status === 400) return "unauthorized";
  if (response.status === 403) return "forbidden";
  // A page that calls notFound() after its layout began streaming still answers 200; Next marks
  // the not-found rendering with a noindex robots tag.
  if (response.status === 404 || body.includes('<meta name="robots" content="noindex"/>')) return "not-found";
  if (response.status === 405) return "unauthorized";
  if (response.status === 503) return "disabled";
  return response.status < 300 ? "ok" : ("unexpected " + response.status) as Expect;
}

beforeAll(async () => {
  app = await startAppServer();
  cookies.customer = await signIn("ada@acme.test");
  cookies.support = await signIn("support@ledgerline.test");
  cookies.admin = await signIn("admin@ledgerline.test");
  ids.own = await firstInvoiceId(cookies.customer);
  ids.other = await firstInvoiceId(cookies.support, "?tenant=globex");
});
afterAll(() => app?.stop());

describe("session cookies", () => {
  it("are httpOnly and SameSite=Lax (and Secure whenever the app is served over HTTPS)", async () => {
    const csrf = await fetch(`${app.origin}/api/auth/csrf`);
    const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch(`${app.origin}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
      body: new URLSearchParams({ csrfToken, email: "ada@acme.test", password: "ledgerline-demo", json: "true" }),
    });
    const session = response.headers.getSetCookie().find((c) => c.includes("session-token="));
    expect(session).toBeDefined();
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });
});

describe("HTTP authorization matrix", () => {
  it("has an entry for every page and route handler in app/", () => {
    expect(discoverRoutes().sort()).toEqual(Object.keys(routes).sort());
    expect(ids.own && ids.other && ids.own !== ids.other).toBeTruthy();
  });

  const cases = Object.values(routes).flat();
  for (const route of cases) {
    for (const who of ["anonymous", "customer", "support", "admin"] as const) {
      it(`${route.method ?? "GET"} ${route.sample} as ${who} → ${route.expect[who]}`, async () => {
        const url = `${app.origin}${route.sample.replace("{own}", ids.own).replace("{other}", ids.other)}`;
        const response = await fetch(url, {
          method: route.method ?? "GET",
          redirect: "manual",
          headers: { cookie: cookies[who], "content-type": "application/json", origin: app.origin },
          body: route.method === "POST" ? "{}" : undefined,
        });
        expect(classify(response, await response.text())).toBe(route.expect[who]);
      });
    }
  }
});
