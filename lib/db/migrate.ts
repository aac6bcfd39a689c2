// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, each exactly once, and
// records them in Prisma's own `_prisma_migrations` table with Prisma's checksum, so this runner
// and `prisma migrate deploy` agree on what is applied. Concurrent runners serialize on
// Prisma's advisory lock (PostgreSQL) or the data-directory lock (PGlite).
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlConnection, SqlSession } from "./connection";

/** The advisory lock key `prisma migrate` itself takes. */
const PRISMA_MIGRATE_LOCK = 72707369;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MigrationError";
  }
}

export function readMigrations(dir = path.resolve("prisma/migrations")): MigrationFile[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function migrate(
  connection: SqlConnection,
  migrations: MigrationFile[] = readMigrations(),
): Promise<MigrationResult> {
  return connection.session(async (session) => {
    if (connection.kind === "postgres") await session.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    try {
      return await applyPending(session, migrations);
    } finally {
      if (connection.kind === "postgres") await session.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);
    }
  });
}

async function applyPending(session: SqlSession, migrations: MigrationFile[]): Promise<MigrationResult> {
  await session.exec(CREATE_MIGRATIONS_TABLE);
  const rows = await session.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const byName = new Map(rows.map((row) => [row.migration_name, row]));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };

  for (const migration of migrations) {
    const row = byName.get(migration.name);
    if (row && !row.finished_at) {
      throw new MigrationError(
        `Migration ${migration.name} started earlier but never finished. Inspect the database, then ` +
          `mark it rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${migration.name}').`,
      );
    }
    if (row) {
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${migration.name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… ` +
            `in the database, ${migration.checksum.slice(0, 12)}… on disk). Applied migrations are history: ` +
            `restore the original file and put the change in a new migration.`,
        );
      }
      result.alreadyApplied.push(migration.name);
      continue;
    }
    await applyOne(session, migration);
    result.applied.push(migration.name);
  }
  return result;
}

async function applyOne(session: SqlSession, migration: MigrationFile): Promise<void> {
  // PostgreSQL DDL is transactional: a migration and its record land together or not at all.
  await session.exec("BEGIN");
  try {
    await session.exec(migration.sql);
    await session.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK");
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
  }
}
