// Empty databases (no migrations applied) for test files that migrate one step by step, each
// dropped after its test.
import { afterEach } from "vitest";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
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
