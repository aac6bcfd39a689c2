// A fresh, migrated database for one test file: in-memory PGlite by default, or a throwaway
// PostgreSQL database created next to DATABASE_URL when it is set (npm run test:pg).
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { installConnection, closeDb } from "@/lib/db/client";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
import type { PrismaClient } from "@/lib/db/generated/client";
import { migrate } from "@/lib/db/migrate";

export interface TestDatabase {
  prisma: PrismaClient;
  connection: SqlConnection;
  /** The connection string of the throwaway PostgreSQL database, when on PostgreSQL. */
  url?: string;
  drop(): Promise<void>;
}

export function onPostgres(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

async function adminQuery(baseUrl: string, statement: string): Promise<void> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/** Creates an empty database (no migrations applied) and returns its connection options. */
export async function createEmptyDatabase(baseUrl = process.env.DATABASE_URL): Promise<{ url?: string; dropDatabase(): Promise<void> }> {
  const base = baseUrl;
  if (!base) return { dropDatabase: async () => undefined };
  const name = `ledgerline_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(base, `CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    dropDatabase: () => adminQuery(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A migrated database installed as this process's `db()` (on `baseUrl`'s server when given). */
export async function createTestDatabase(baseUrl?: string): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(baseUrl ?? process.env.DATABASE_URL);
  const connection = openConnection({ databaseUrl: empty.url, pgliteDir: "memory://", poolSize: 5 });
  await migrate(connection);
  const prisma = installConnection(connection);
  return {
    prisma,
    connection,
    url: empty.url,
    async drop() {
      await closeDb();
      await empty.dropDatabase();
    },
  };
}
