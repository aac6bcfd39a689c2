// The demo accounts still signing in with the password printed in the README and on the sign-in
// page. Harmless in the demo; outside it they are open doors, so start-up refuses to serve.
import type { PrismaClient } from "@/lib/db/generated/client";
import { verifyPassword } from "@/lib/auth/password";
import { DEMO_PASSWORD, demoAccounts } from "./demo-accounts";

export const REMOVE_DEMO_USERS_COMMAND = "npm run demo:remove-users";

type UserReader = Pick<PrismaClient, "user">;

export interface PublishedDemoUser {
  id: string;
  email: string;
  role: string;
  tenantId: string | null;
}

export async function findPublishedDemoUsers(prisma: UserReader): Promise<PublishedDemoUser[]> {
  const candidates = await prisma.user.findMany({
    where: { email: { in: demoAccounts.map((account) => account.email) }, passwordHash: { not: null } },
    select: { id: true, email: true, role: true, tenantId: true, passwordHash: true },
    orderBy: { email: "asc" },
  });
  const published: PublishedDemoUser[] = [];
  for (const { passwordHash, ...user } of candidates) {
    if (passwordHash && (await verifyPassword(DEMO_PASSWORD, passwordHash))) published.push(user);
  }
  return published;
}

/** Stops start-up outside demo mode while any demo account still has the published password. */
export async function assertNoPublishedDemoUsers(prisma: UserReader, env: { demoMode: boolean }): Promise<void> {
  if (env.demoMode) return;
  const users = await findPublishedDemoUsers(prisma);
  if (users.length === 0) return;
  throw new Error(
    [
      `Demo mode is off, but ${users.length} demo account(s) still sign in with the published password "${DEMO_PASSWORD}": ${users.map((u) => u.email).join(", ")}.`,
      `Remove them before serving: run \`${REMOVE_DEMO_USERS_COMMAND}\` with this environment (DATABASE_URL / DATA_DIR),`,
      "or in the container image `node docker/remove-demo-users.mjs`. The removal is recorded in the audit log.",
    ].join("\n"),
  );
}
