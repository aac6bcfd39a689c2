import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
import { migrate, MigrationError, readMigrations, type MigrationFile } from "@/lib/db/migrate";
import { createEmptyDatabase } from "../support/test-database";

const execFileAsync = promisify(execFile);
const tsxCli = path.resolve("node_modules/tsx/dist/cli.mjs");

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function emptyConnection(): Promise<{ connection: SqlConnection; url?: string }> {
  const empty = await createEmptyDatabase();
  const connection = openConnection({ databaseUrl: empty.url, pgliteDir: "memory://" });
  cleanups.push(async () => {
    await connection.close();
    await empty.dropDatabase();
  });
  return { connection, url: empty.url };
}

describe("migrations", () => {
  it("applies every migration in order, once, and records it with Prisma's checksum", async () => {
    const { connection } = await emptyConnection();
    const files = readMigrations();
    const first = await migrate(connection);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await migrate(connection);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));
    const rows = await connection.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const { connection } = await emptyConnection();
    const files = readMigrations();
    await migrate(connection, files);
    const edited: MigrationFile[] = files.map((f, i) => (i === 0 ? { ...f, checksum: "0".repeat(64) } : f));
    await expect(migrate(connection, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it("rolls back a failing migration entirely and does not record it", async () => {
    const { connection } = await emptyConnection();
    const broken: MigrationFile = { name: "20990101000000_broken", sql: "CREATE TABLE half_done (id int); SELECT * FROM missing_table;", checksum: "x".repeat(64) };
    await expect(migrate(connection, [broken])).rejects.toBeInstanceOf(MigrationError);
    const tables = await connection.query(`SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'`);
    expect(tables).toHaveLength(0);
    const recorded = await connection.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1`, [broken.name]);
    expect(recorded).toHaveLength(0);
  });

  it("is safe to run from two processes at once: each migration is applied exactly once", async () => {
    const empty = await createEmptyDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-migrate-"));
    cleanups.push(async () => {
      await empty.dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: empty.url ?? "" };
    const run = () => execFileAsync(process.execPath, [tsxCli, "scripts/db-migrate.ts"], { env });
    const outputs = await Promise.all([run(), run()]);
    const appliedLines = outputs.flatMap(({ stdout }) => stdout.split("\n").filter((line) => line.startsWith("applied ")));
    expect(appliedLines.sort()).toEqual(readMigrations().map((m) => `applied   ${m.name}`).sort());
  }, 60_000);

  it("keeps an on-disk PGlite database across restarts and refuses a second process's open", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-pglite-"));
    const first = openConnection({ pgliteDir: dir });
    await migrate(first);
    await first.exec(`INSERT INTO tenants (slug, name) VALUES ('persisted', 'Persisted')`);
    // Another process holding the directory is simulated with a live pid (our parent).
    await first.close();
    fs.writeFileSync(path.join(dir, "ledgerline.pid"), String(process.ppid));
    expect(() => openConnection({ pgliteDir: dir })).toThrow(/in use by process/);
    fs.rmSync(path.join(dir, "ledgerline.pid"));
    const reopened = openConnection({ pgliteDir: dir });
    const rows = await reopened.query<{ slug: string }>(`SELECT slug FROM tenants`);
    expect(rows.map((r) => r.slug)).toEqual(["persisted"]);
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
