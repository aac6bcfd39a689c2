// npm run db:check-drift — applies the SQL migrations to a scratch database (in-memory PGlite, or a
// throwaway database next to DATABASE_URL when it is set) and fails when the result differs from
// prisma/schema/ beyond the SQL-only objects listed in lib/db/schema-drift.ts.
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { openConnection } from "@/lib/db/connection";
import { checkSchemaDrift, formatDriftReport, hasDrift, type DriftReport } from "@/lib/db/schema-drift";
import { runScript } from "./run-script";

async function adminQuery(baseUrl: string, statement: string): Promise<void> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

async function checkOnScratchDatabase(baseUrl: string | undefined): Promise<DriftReport> {
  if (!baseUrl) {
    const connection = openConnection({ pgliteDir: "memory://" });
    try {
      return await checkSchemaDrift({ connection });
    } finally {
      await connection.close();
    }
  }
  const name = `ledgerline_drift_${randomBytes(6).toString("hex")}`;
  await adminQuery(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const connection = openConnection({ databaseUrl: url.toString(), poolSize: 2 });
  try {
    return await checkSchemaDrift({ connection, url: url.toString() });
  } finally {
    await connection.close();
    await adminQuery(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

runScript(async () => {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  const report = await checkOnScratchDatabase(databaseUrl);
  const where = databaseUrl ? "PostgreSQL" : "PGlite";
  if (hasDrift(report)) throw new Error(formatDriftReport(report));
  console.log(`Migrations and prisma/schema/ agree (${where}).`);
});
