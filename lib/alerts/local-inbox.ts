// The local inbox: where Slack posts and emails land when no real transport is configured (demo
// mode), shown at /support/alerts.
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";

export interface InboxMessage {
  channel: "slack" | "email";
  recipients: string;
  subject: string;
  text: string;
  body?: Prisma.InputJsonValue;
}

export async function writeInboxMessage(message: InboxMessage): Promise<void> {
  await db().localInboxMessage.create({ data: message });
}
