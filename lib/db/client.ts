// The application's one database client. Every read and write goes through `db()` (Prisma) or,
// for the few statements Prisma cannot express, `sql()` over the same connection.
import { openConnection, type SqlConnection } from "./connection";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;
export { Prisma } from "./generated/client";

interface Handle {
  connection: SqlConnection;
  prisma: PrismaClient;
}

// Kept on globalThis: Next bundles server code into several chunks that would otherwise each
// open their own connection, and PGlite allows exactly one per data directory.
const key = Symbol.for("ledgerline.db");
type GlobalWithDb = typeof globalThis & { [key]?: Handle };

/**
 * Interactive transactions wait for row and advisory locks that other writers hold, and under a
 * burst for a busy event loop too. Prisma's defaults (2 s to start, 5 s in all) turned that
 * queueing into failed steps and retries, which only add load; a transaction still open after
 * 30 s is stuck, not queued.
 */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

function createPrisma(connection: SqlConnection): PrismaClient {
  return new PrismaClient({ adapter: connection.prismaAdapter(), transactionOptions: TRANSACTION_OPTIONS });
}

function handle(): Handle {
  const g = globalThis as GlobalWithDb;
  if (!g[key]) {
    const connection = openConnection();
    g[key] = { connection, prisma: createPrisma(connection) };
  }
  return g[key];
}

export function db(): PrismaClient {
  return handle().prisma;
}

export function sql(): SqlConnection {
  return handle().connection;
}

/** Uses an explicit connection for this process (tests, scripts). */
export function installConnection(connection: SqlConnection): PrismaClient {
  const prisma = createPrisma(connection);
  (globalThis as GlobalWithDb)[key] = { connection, prisma };
  return prisma;
}

export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const current = g[key];
  if (!current) return;
  g[key] = undefined;
  await current.prisma.$disconnect();
  await current.connection.close();
}
