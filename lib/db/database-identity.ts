// A random id created once inside each database and kept in app_settings. State kept outside the
// database (the Stripe simulator's file under DATA_DIR) is filed under it, so pointing the app at
// another database never carries one database's state into the other.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "./generated/client";

const IDENTITY_KEY = "database_id";

export async function getDatabaseIdentity(prisma: PrismaClient): Promise<string> {
  // ON CONFLICT: two processes starting together keep whichever id was stored first.
  await prisma.$executeRaw`INSERT INTO app_settings (key, value) VALUES (${IDENTITY_KEY}, ${randomUUID()}) ON CONFLICT (key) DO NOTHING`;
  const stored = await prisma.appSetting.findUniqueOrThrow({ where: { key: IDENTITY_KEY } });
  return stored.value;
}
