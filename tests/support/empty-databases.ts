// Empty databases (no migrations applied) for test files that migrate one step by step, each
// dropped after its test.
import { afterEach, expect } from "vitest";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
import { migrate, readMigrations, type MigrationFile } from "@/lib/db/migrate";
import { createEmptyDatabase } from "./test-database";

/** Call once at a test file's top level; the opener it returns gives a fresh empty database per call. */
export function emptyDatabasesPerTest(): () => Promise<SqlConnection> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return async () => {
    const empty = await createEmptyDatabase();
    const connection = openConnection({ databaseUrl: empty.url, pgliteDir: "memory://" });
    cleanups.push(async () => {
      await connection.close();
      await empty.dropDatabase();
    });
    return connection;
  };
}

/** Applies every migration before `name` (which must exist), and answers them all for the rest. */
export async function migrateToJustBefore(connection: SqlConnection, name: string): Promise<MigrationFile[]> {
  const migrations = readMigrations();
  const index = migrations.findIndex((m) => m.name === name);
  expect(index).toBeGreaterThan(0);
  await migrate(connection, migrations.slice(0, index));
  return migrations;
}
