// The weekly DLQ report's figures on a seeded week, its storage (once per week) and delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inboxMailTransport } from "@/lib/alerts/mail-transport";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { previousWeek, sendWeeklyDlqReport, storeWeeklyDlqReport, type DlqReportFigures } from "@/lib/dead-letters/weekly-report";
import { db } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedEnvelope } from "./helpers";

let database: TestDatabase;
const monday = new Date("2026-11-09T00:00:00Z");
const at = (hours: number) => new Date(monday.getTime() + hours * 3_600_000);
const ids: Record<string, string> = {};

async function createdAt(id: string, date: Date) {
  await db().failureEnvelope.update({ where: { id }, data: { createdAt: date, failedAt: date } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  ids.old = await seedEnvelope({ reason: "Ancient failure", jobType: "stripe-customer-updated" });
  await createdAt(ids.old, new Date("2026-10-01T00:00:00Z"));
  ids.a = await seedEnvelope({ reason: "Card declined for cus_aaaa1111" });
  await createdAt(ids.a, at(10));
  ids.b = await seedEnvelope({ reason: "Card declined for cus_bbbb2222" });
  await createdAt(ids.b, at(20));
  ids.c = await seedEnvelope({ reason: "Timed out", jobType: "stripe-invoice-created" });
  await createdAt(ids.c, at(30));
  ids.next = await seedEnvelope({ reason: "Next week" });
  await createdAt(ids.next, at(24 * 7 + 1));
  // a recovered 2 h after failing, b 4 h after: mean 3 h.
  for (const [id, hours] of [[ids.a, 12], [ids.b, 24]] as const) {
    await db().failureEnvelope.update({ where: { id }, data: { status: "resolved" } });
    await recordAuditEvent(db(), { entityType: "failure_envelope", entityId: id, eventType: "failure_envelope.resolved", payload: {}, actor: "support", source: "support", createdAt: at(hours) });
  }
  const replay = (envelopeId: string, sequence: number, status: string, hours: number) =>
    db().dlqReplay.create({ data: { envelopeId, sequence, status, eventId: `replay:${envelopeId}:${sequence}`, payload: {}, actor: "support", createdAt: at(hours) } });
  await replay(ids.a, 1, "failed", 11);
  await replay(ids.a, 2, "succeeded", 11.5);
  await replay(ids.b, 1, "succeeded", 23);
  await replay(ids.c, 1, "succeeded", 31);
  await replay(ids.c, 2, "running", 32);
});
afterAll(() => database.drop());

describe("weekly DLQ report", () => {
  it("covers the last full week, Monday to Monday (UTC)", () => {
    expect(previousWeek(new Date("2026-11-16T07:00:00Z"))).toEqual({ start: monday, end: new Date("2026-11-16T00:00:00Z") });
    expect(previousWeek(new Date("2026-11-22T23:59:00Z"))).toEqual({ start: monday, end: new Date("2026-11-16T00:00:00Z") });
  });

  it("computes the week's figures, stores them once and mails them once", async () => {
    const stored = await storeWeeklyDlqReport(new Date("2026-11-16T07:00:00Z"), ["ops@example.test"]);
    await storeWeeklyDlqReport(new Date("2026-11-16T07:05:00Z"), ["ops@example.test"]);
    expect(await db().dlqReport.count()).toBe(1);
    const report = await db().dlqReport.findUniqueOrThrow({ where: { id: stored.id } });
    const figures = report.figures as unknown as DlqReportFigures;
    expect(figures.totalFailures).toBe(3);
    expect(figures.byJobType).toEqual([
      { jobType: "stripe-invoice-paid", count: 2 },
      { jobType: "stripe-invoice-created", count: 1 },
    ]);
    expect(figures.byReason[0]).toMatchObject({ jobType: "stripe-invoice-paid", reasonKey: "card declined for <id>", count: 2 });
    expect(figures.recovered).toBe(2);
    expect(figures.meanTimeToRecoveryMs).toBe(3 * 3_600_000);
    expect(figures.replays).toEqual({ started: 5, succeeded: 3, failed: 1, pending: 1, successRate: 0.75 });
    expect(figures.oldestOpen.map((o) => o.id)).toEqual([ids.old, ids.c]);

    expect(await sendWeeklyDlqReport(stored.id, inboxMailTransport, "https://ledgerline.test")).toBe("sent");
    expect(await sendWeeklyDlqReport(stored.id, inboxMailTransport, "https://ledgerline.test")).toBe("already-sent");
    const mail = await db().localInboxMessage.findFirstOrThrow({ where: { channel: "email" } });
    expect(mail.recipients).toBe("ops@example.test");
    expect(mail.text).toContain("Failures: 3");
    expect(mail.text).toContain("75% success");
  });
});
