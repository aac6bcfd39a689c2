// Demo accounts sign in with a password printed in the README. Outside demo mode the app refuses
// to start while any of them still has it, and says how to remove them; the removal is audited.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { closeDb, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { demoAccounts } from "@/lib/demo/demo-accounts";
import { assertNoPublishedDemoUsers, findPublishedDemoUsers } from "@/lib/demo/published-demo-users";
import { removeDemoUsers } from "@/lib/demo/remove-demo-users";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from "../support/test-database";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const demoEmails = demoAccounts.map((account) => account.email).sort();

describe("demo users outside demo mode", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.prisma);
  });
  afterAll(() => database.drop());

  it("stops start-up naming every account and the command that removes them", async () => {
    const refusal = assertNoPublishedDemoUsers(database.prisma, { demoMode: false });
    await expect(refusal).rejects.toThrow(/npm run demo:remove-users/);
    await expect(assertNoPublishedDemoUsers(database.prisma, { demoMode: false })).rejects.toThrow(new RegExp(demoEmails.map((e) => e.replace(".", "\\.")).join("|")));
  });

  it("lets demo mode start with them", async () => {
    await expect(assertNoPublishedDemoUsers(database.prisma, { demoMode: true })).resolves.toBeUndefined();
  });

  it("does not count a demo account whose password was changed", async () => {
    await database.prisma.user.update({ where: { email: "admin@ledgerline.test" }, data: { passwordHash: await hashPassword("a-private-password") } });
    expect((await findPublishedDemoUsers(database.prisma)).map((u) => u.email).sort()).toEqual(demoEmails.filter((e) => e !== "admin@ledgerline.test"));
  });

  it("removes them with an audit event each, then lets start-up through; a second run removes nothing", async () => {
    const removed = await removeDemoUsers(database.prisma, "test");
    expect(removed.map((u) => u.email).sort()).toEqual(demoEmails.filter((e) => e !== "admin@ledgerline.test"));
    expect(await database.prisma.user.count({ where: { email: { in: removed.map((u) => u.email) } } })).toBe(0);
    const audit = await database.prisma.auditEvent.findMany({ where: { entityType: "user", eventType: "user.deleted" } });
    expect(audit.map((event) => (event.payload as { email: string }).email).sort()).toEqual(removed.map((u) => u.email).sort());
    expect(audit.every((event) => event.actor === "test")).toBe(true);
    await expect(assertNoPublishedDemoUsers(database.prisma, { demoMode: false })).resolves.toBeUndefined();
    expect(await removeDemoUsers(database.prisma, "test")).toEqual([]);
  });
});

describe("the container's start step and `npm run demo:remove-users`", () => {
  let dataDir: string;
  let childEnv: NodeJS.ProcessEnv;
  let dropDatabase: () => Promise<void>;
  let databaseUrl: string | undefined;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-demo-users-"));
    const empty = await createEmptyDatabase();
    databaseUrl = empty.url;
    dropDatabase = empty.dropDatabase;
    const connection = openConnection({ databaseUrl, pgliteDir: path.join(dataDir, "pglite") });
    await migrate(connection);
    await seedDemoData(installConnection(connection));
    await closeDb();
    childEnv = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? "", DEMO_MODE: "0", STRIPE_SECRET_KEY: "", STRIPE_WEBHOOK_SECRET: "", LOG_LEVEL: "silent" };
  });
  afterAll(async () => {
    await closeDb();
    await dropDatabase();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses to start with demo mode off, removes the accounts, then starts", async () => {
    const refused = await run(tsx, ["docker/prepare-database.ts"], { env: childEnv }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toMatch(/npm run demo:remove-users/);
    expect(refused?.stderr).toMatch(/ada@acme\.test/);

    const removal = await run(tsx, ["scripts/demo-remove-users.ts"], { env: childEnv });
    expect(removal.stdout).toMatch(/Removed 5 demo account/);

    await run(tsx, ["docker/prepare-database.ts"], { env: childEnv });
    const prisma = installConnection(openConnection({ databaseUrl, pgliteDir: path.join(dataDir, "pglite") }));
    expect(await prisma.user.count({ where: { email: { in: demoEmails } } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { entityType: "user", eventType: "user.deleted", actor: "system:demo-remove-users" } })).toBe(5);
  }, 120_000);
});
