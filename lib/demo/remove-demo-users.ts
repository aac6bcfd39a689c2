// Deletes the demo accounts that still have the published password, each with an audit event in
// the same transaction. Accounts whose password was changed are kept.
import type { PrismaClient } from "@/lib/db/generated/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { TRANSACTION_OPTIONS } from "@/lib/db/client";
import { findPublishedDemoUsers, type PublishedDemoUser } from "./published-demo-users";

export async function removeDemoUsers(prisma: PrismaClient, actor: string): Promise<PublishedDemoUser[]> {
  return prisma.$transaction(async (tx) => {
    const users = await findPublishedDemoUsers(tx);
    for (const user of users) {
      await tx.user.delete({ where: { id: user.id } });
      await recordAuditEvent(tx, {
        entityType: "user",
        entityId: user.id,
        eventType: "user.deleted",
        payload: { email: user.email, role: user.role, reason: "demo account with the published password" },
        actor,
        source: "cli",
        tenantId: user.tenantId,
      });
    }
    return users;
  }, TRANSACTION_OPTIONS);
}
