// Reads for /support/alerts: alerts fired (with how many failures each grouped) and the local inbox.
import "server-only";
import { db } from "@/lib/db/client";

export async function listRecentAlerts(limit = 50) {
  return db().dlqAlert.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}

export async function listInboxMessages(limit = 50) {
  return db().localInboxMessage.findMany({ orderBy: { createdAt: "desc" }, take: limit, select: { id: true, channel: true, recipients: true, subject: true, text: true, createdAt: true } });
}
