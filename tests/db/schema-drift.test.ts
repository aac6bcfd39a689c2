import { afterEach, describe, expect, it } from "vitest";
import { openConnection } from "@/lib/db/connection";
import { readMigrations, type MigrationFile } from "@/lib/db/migrate";
import { checkSchemaDrift, formatDriftReport, hasDrift, readSchemaFiles, SQL_ONLY_OBJECTS, type SchemaFile, type ScratchDatabase } from "@/lib/db/schema-drift";
import { createEmptyDatabase } from "../support/test-database";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** An empty scratch database: in-memory PGlite, or a throwaway PostgreSQL database under test:pg. */
async function scratchDatabase(): Promise<ScratchDatabase> {
  const empty = await createEmptyDatabase();
  const connection = openConnection({ databaseUrl: empty.url, pgliteDir: "memory://", poolSize: 2 });
  cleanups.push(async () => {
    await connection.close();
    await empty.dropDatabase();
  });
  return { connection, url: empty.url };
}

function withExtraTenantIndex(files: SchemaFile[]): SchemaFile[] {
  return files.map((file) =>
    file.path === "tenants-and-users.prisma"
      ? { ...file, content: file.content.replace(/(\n\s*@@map\("tenants"\))/, "\n  @@index([name])$1") }
      : file,
  );
}

describe("schema drift check", () => {
  it("finds the migrations and prisma/schema/ in agreement", async () => {
    const report = await checkSchemaDrift(await scratchDatabase());
    expect(formatDriftReport(report)).toBe("");
    expect(hasDrift(report)).toBe(false);
  }, 60_000);

  it("reports, as SQL, an index the schema declares and no migration creates", async () => {
    const schema = withExtraTenantIndex(readSchemaFiles());
    expect(schema).not.toEqual(readSchemaFiles());
    const report = await checkSchemaDrift(await scratchDatabase(), schema);
    expect(report.differences).toEqual([`-- CreateIndex\nCREATE INDEX "tenants_name_idx" ON "tenants"("name");`]);
    expect(hasDrift(report)).toBe(true);
  }, 60_000);

  it("reports an object Prisma cannot see that the SQL-only list does not name, and a stale entry", async () => {
    const extra: MigrationFile = {
      name: "20990101000000_tenant_slug_lower",
      sql: `CREATE UNIQUE INDEX "tenants_slug_lower_key" ON "tenants" (lower("slug"));`,
      checksum: "e".repeat(64),
    };
    const allowList = [...SQL_ONLY_OBJECTS, { kind: "trigger" as const, name: "tenants_gone", reason: "no longer created" }];
    const report = await checkSchemaDrift(await scratchDatabase(), readSchemaFiles(), {
      migrations: [...readMigrations(), extra],
      allowList,
    });
    expect(report.differences).toEqual([]);
    expect(report.unlisted).toEqual([{ kind: "index", name: "tenants_slug_lower_key" }]);
    expect(report.missing.map((entry) => entry.name)).toEqual(["tenants_gone"]);
    expect(formatDriftReport(report)).toMatch(/tenants_slug_lower_key.*SQL_ONLY_OBJECTS/);
  }, 60_000);
});
