import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe("audit log", () => {
  it("accepts appends", async () => {
    await recordAuditEvent(database.prisma, {
      entityType: "invoice",
      entityId: "in_1",
      eventType: "invoice.paid",
      payload: { amountPaid: 1200 },
      actor: "stripe",
      source: "stripe_webhook",
    });
    expect(await database.prisma.auditEvent.count()).toBe(1);
  });

  it.each([
    ["UPDATE", `UPDATE audit_events SET actor = 'mallory'`],
    ["DELETE", `DELETE FROM audit_events`],
    ["TRUNCATE", `TRUNCATE audit_events`],
  ])("the database itself refuses %s", async (operation, statement) => {
    await expect(database.connection.exec(statement)).rejects.toThrow(new RegExp(`append-only: ${operation}`));
    const rows = await database.connection.query<{ actor: string }>(`SELECT actor FROM audit_events`);
    expect(rows).toEqual([{ actor: "stripe" }]);
  });

  it("refuses updates made through Prisma too", async () => {
    const event = await database.prisma.auditEvent.findFirstOrThrow();
    await expect(database.prisma.auditEvent.update({ where: { id: event.id }, data: { actor: "mallory" } })).rejects.toThrow();
    await expect(database.prisma.auditEvent.deleteMany({})).rejects.toThrow();
  });
});
