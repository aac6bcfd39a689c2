// The support page's backfill button: its server action lets support and admins run a backfill,
// refuses customers, and rejects bad input without calling Stripe or writing.
import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startStripeSimulator, type StripeSimulator } from "@ledgerline/stripe-simulator";
import type { SessionUser } from "@/lib/auth/session";
import { SIMULATOR_SECRET_KEY, getWebhookSecret, setStripe } from "@/lib/stripe/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth/session", async () => {
  const { AppError } = await import("@/lib/errors/app-error");
  const { can } = await import("@/lib/auth/roles");
  return {
    requireUser: async (permission?: Parameters<typeof can>[1]) => {
      if (!session.user) throw new AppError("unauthenticated", "Sign in to continue.");
      if (permission && !can(session.user.role, permission)) throw new AppError("forbidden", "You do not have permission to do this.");
      return session.user;
    },
  };
});

const { runBackfillAction } = await import("@/lib/backfill/actions");

const support: SessionUser = { id: "u-support", email: "support@ledgerline.test", name: "Support", role: "support", tenantId: null };
const customer: SessionUser = { id: "u-ada", email: "ada@acme.test", name: "Ada", role: "customer", tenantId: "t-acme" };

let database: TestDatabase;
let simulator: StripeSimulator;
beforeAll(async () => {
  database = await createTestDatabase();
  // No webhook URL: every event the simulator creates is one our endpoint never received.
  simulator = await startStripeSimulator({ port: 0, webhookSecret: getWebhookSecret() });
  setStripe(new Stripe(SIMULATOR_SECRET_KEY, { host: "127.0.0.1", port: simulator.port, protocol: "http", maxNetworkRetries: 0 }));
  simulator.billing.createCustomer({ name: "Missed", email: "missed@example.test", metadata: { ledgerline_tenant: "missed" } });
});
afterAll(async () => {
  setStripe(undefined);
  await simulator?.close();
  await database?.drop();
});
beforeEach(() => {
  session.user = null;
});

const backfillAudits = () => database.prisma.auditEvent.count({ where: { entityType: "stripe_backfill" } });

describe("runBackfillAction", () => {
  it("refuses signed-out visitors and customers", async () => {
    expect(await runBackfillAction({ hours: 24 })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    session.user = customer;
    expect(await runBackfillAction({ hours: 24 })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await backfillAudits()).toBe(0);
  });

  it.each([
    [{}, "invalid_input"],
    [{ hours: 2, since: "2026-11-01T00:00:00Z" }, "invalid_input"],
    [{ hours: 721 }, "invalid_input"],
    [{ hours: -1 }, "invalid_input"],
    [{ since: "yesterday" }, "invalid_input"],
    [{ since: "2000-01-01T00:00:00Z" }, "invalid_input"],
  ])("rejects %j without calling Stripe or writing", async (input, code) => {
    session.user = support;
    const calls = simulator.calls.count("GET /v1/events");
    expect(await runBackfillAction(input)).toMatchObject({ ok: false, error: { code } });
    expect(simulator.calls.count("GET /v1/events")).toBe(calls);
    expect(await backfillAudits()).toBe(0);
  });

  it("runs for support and records who ran it", async () => {
    session.user = support;
    const result = await runBackfillAction({ hours: 1 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.seen).toBe(1);
    expect(result.data.fed + result.data.queued).toBe(1);
    expect(await database.prisma.webhookInbox.count({ where: { type: "customer.created" } })).toBe(1);
    const audit = await database.prisma.auditEvent.findFirstOrThrow({ where: { entityType: "stripe_backfill" } });
    expect(audit).toMatchObject({ actor: "support@ledgerline.test", source: "support", eventType: "stripe.backfill.completed" });
  });
});
