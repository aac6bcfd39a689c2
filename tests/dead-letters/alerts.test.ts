// Dead-letter alerts: one per root cause (issue) within the window, naming the money at risk, the rate alarm once the
// window's dead letters cross the threshold, Slack's webhook format, delivery failures recorded.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alertOnDeadLetter } from "@/lib/alerts/dead-letter-alerts";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { createTenant, seedEnvelope } from "./helpers";

let database: TestDatabase;
let tenantId: string;
const t0 = new Date("2026-11-20T10:00:00Z");
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

beforeAll(async () => {
  database = await createTestDatabase();
  tenantId = await createTenant("alerted");
});
afterAll(() => database.drop());
beforeEach(async () => {
  await db().dlqAlert.deleteMany();
  await db().localInboxMessage.deleteMany();
  await db().failureEnvelope.deleteMany();
});

const options = { windowMinutes: 30, rateThreshold: 100, slackWebhookUrl: null, appUrl: "https://ledgerline.test" };

describe("dead-letter alerts", () => {
  it("groups alerts for the same cause within the window, names the money at risk and links to the issue", async () => {
    const first = await seedEnvelope({ reason: "Stripe answered 500 for cus_aaaa1111", tenantId, failedAt: t0 });
    const second = await seedEnvelope({ reason: "Stripe answered 500 for cus_bbbb2222", tenantId, failedAt: minutes(5) });
    const other = await seedEnvelope({ reason: "Customer has no ledgerline_tenant", failedAt: minutes(6) });
    const later = await seedEnvelope({ reason: "Stripe answered 500 for cus_cccc3333", tenantId, failedAt: minutes(45) });
    expect(await alertOnDeadLetter(first, { ...options, now: t0 })).toMatchObject({ envelopeAlert: "sent" });
    expect(await alertOnDeadLetter(second, { ...options, now: minutes(5) })).toMatchObject({ envelopeAlert: "grouped" });
    expect(await alertOnDeadLetter(other, { ...options, now: minutes(6) })).toMatchObject({ envelopeAlert: "sent" });
    expect(await alertOnDeadLetter(later, { ...options, now: minutes(45) })).toMatchObject({ envelopeAlert: "sent" });

    const alerts = await db().dlqAlert.findMany({ orderBy: { createdAt: "asc" } });
    expect(alerts.map((a) => a.occurrences)).toEqual([2, 1, 1]);
    const inbox = await db().localInboxMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(inbox).toHaveLength(3);
    expect(inbox[0]).toMatchObject({ channel: "slack" });
    expect(inbox[0]!.text).toContain("stripe-invoice-paid");
    expect(inbox[0]!.text).toContain("alerted Inc");
    const issue = await db().failureGroup.findFirstOrThrow({ where: { subject: "http_500" } });
    expect(JSON.stringify(inbox[0]!.body)).toContain(`https://ledgerline.test/support/issues/${issue.id}`);
    // The issue's money at risk when the alert went out: the three stuck invoices of that cause.
    expect(inbox[0]!.text).toContain("At risk: $30.00 on 3 invoices.");
  });

  it("one cause met by several job types is one alert", async () => {
    const reason = 'Stripe customer cus_alert01 has no valid "ledgerline_tenant" metadata, so it cannot be assigned to a tenant. Set it in Stripe, then replay.';
    const created = await seedEnvelope({ reason, jobType: "stripe-invoice-created", failedAt: t0 });
    const updated = await seedEnvelope({ reason, jobType: "stripe-invoice-updated", failedAt: minutes(1) });
    expect(await alertOnDeadLetter(created, { ...options, now: t0 })).toMatchObject({ envelopeAlert: "sent" });
    expect(await alertOnDeadLetter(updated, { ...options, now: minutes(1) })).toMatchObject({ envelopeAlert: "grouped" });
    const [message] = await db().localInboxMessage.findMany();
    expect(message!.text).toContain("Stripe customer cus_alert01 is not mapped to a tenant.");
    expect(message!.text).toContain("At risk: $20.00 on 2 invoices.");
  });

  it("groups concurrent alerts of one reason into one", async () => {
    const envelopes = await Promise.all(Array.from({ length: 5 }, (_, i) => seedEnvelope({ reason: `Timeout after ${i}00 ms`, failedAt: t0 })));
    const outcomes = await Promise.all(envelopes.map((id) => alertOnDeadLetter(id, { ...options, now: t0 })));
    expect(outcomes.filter((o) => o.envelopeAlert === "sent")).toHaveLength(1);
    expect(await db().dlqAlert.findMany()).toEqual([expect.objectContaining({ occurrences: 5 })]);
  });

  it("raises the rate alarm once when the window's dead letters cross the threshold", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push(await seedEnvelope({ reason: `Distinct failure ${"abcd"[i]}`, failedAt: minutes(i) }));
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push(await alertOnDeadLetter(ids[i]!, { ...options, rateThreshold: 3, now: minutes(i) }));
    expect(outcomes.map((o) => o.rateAlert)).toEqual(["below-threshold", "below-threshold", "sent", "grouped"]);
    const rate = await db().dlqAlert.findFirstOrThrow({ where: { kind: "rate" } });
    expect(rate.text).toContain("3 jobs gave up in the last 30 minutes");
  });

  it("posts Slack's incoming-webhook format and records a failed delivery", async () => {
    const posted: { url: string; body: { text: string; blocks: { type: string }[] } }[] = [];
    const ok: typeof fetch = async (url, init) => {
      posted.push({ url: String(url), body: JSON.parse(String(init?.body)) });
      return new Response("ok");
    };
    const id = await seedEnvelope({ reason: "Slack bound", failedAt: t0 });
    await alertOnDeadLetter(id, { ...options, now: t0, slackWebhookUrl: "https://hooks.slack.test/T/B/X", fetchImpl: ok });
    expect(posted[0]!.url).toBe("https://hooks.slack.test/T/B/X");
    expect(posted[0]!.body.text).toContain("Slack bound");
    expect(posted[0]!.body.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "actions"]);
    expect(await db().dlqAlert.findFirstOrThrow()).toMatchObject({ channel: "slack", deliveryError: null });

    const failing: typeof fetch = async () => new Response("no_service", { status: 404 });
    const next = await seedEnvelope({ reason: "Another reason", failedAt: t0 });
    await alertOnDeadLetter(next, { ...options, now: t0, slackWebhookUrl: "https://hooks.slack.test/T/B/X", fetchImpl: failing });
    const failed = await db().dlqAlert.findFirstOrThrow({ where: { envelopeId: next } });
    expect(failed.deliveredAt).toBeNull();
    expect(failed.deliveryError).toContain("404");
  });
});
