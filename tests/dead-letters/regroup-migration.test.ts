// The migration to root-cause issues regroups envelopes recorded before it: one issue per cause
// across job types (an unmapped customer; a Stripe status across customers), open while any of
// its envelopes is unresolved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection, type SqlConnection } from "@/lib/db/connection";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createEmptyDatabase } from "../support/test-database";

const REGROUP = "20261130060000_root_cause_issues";
let connection: SqlConnection;
let dropDatabase: () => Promise<void>;

const unmapped = 'Stripe customer cus_old1 has no valid "ledgerline_tenant" metadata, so it cannot be assigned to a tenant. Set it in Stripe, then replay.';

beforeAll(async () => {
  const empty = await createEmptyDatabase();
  dropDatabase = empty.dropDatabase;
  connection = openConnection({ databaseUrl: empty.url, pgliteDir: "memory://", poolSize: 2 });
  const all = readMigrations();
  await migrate(connection, all.filter((m) => m.name < REGROUP));
  const envelopes: [string, string, string][] = [
    ["stripe-invoice-created", unmapped, "open"],
    ["stripe-invoice-updated", unmapped, "open"],
    ["stripe-invoice-finalized", unmapped, "resolved"],
    ["stripe-invoice-paid", "Stripe answered 500 for cus_aaaa1111", "resolved"],
    ["stripe-customer-updated", "Stripe answered 500 for cus_bbbb2222", "resolved"],
  ];
  for (const [i, [jobType, reason, status]] of envelopes.entries()) {
    await connection.query(
      `INSERT INTO "failure_envelopes" ("job_id", "job_type", "failed_at", "attempt", "max_attempts", "reason", "payload", "backoff_strategy", "status", "run_id")
       VALUES ($1, $2, now(), 3, 3, $3, '{}'::jsonb, '{}'::jsonb, $4::"EnvelopeStatus", $5)`,
      [`job-${i}`, jobType, reason, status, `run-${i}`],
    );
  }
  await connection.query(
    `INSERT INTO "failure_groups" ("job_type", "reason_key", "sample_reason", "occurrences", "first_seen_at", "last_seen_at")
     SELECT "job_type", dlq_reason_key("reason"), min("reason"), count(*), min("failed_at"), max("failed_at") FROM "failure_envelopes" GROUP BY 1, 2`,
  );
  await migrate(connection, all);
});
afterAll(async () => {
  await connection.close();
  await dropDatabase();
});

describe(REGROUP, () => {
  it("leaves one issue per cause, whatever job type met it", async () => {
    const groups = await connection.query<{ subject: string | null; occurrences: number; state: string }>(
      `SELECT "subject", "occurrences", "state"::text AS "state" FROM "failure_groups" ORDER BY "subject"`,
    );
    expect(groups).toEqual([
      { subject: "cus_old1", occurrences: 3, state: "open" },
      { subject: "http_500", occurrences: 2, state: "resolved" },
    ]);
    const unstamped = await connection.query<{ n: number }>(`SELECT count(*)::int AS "n" FROM "failure_envelopes" WHERE "fingerprint" IS NULL`);
    expect(unstamped[0]!.n).toBe(0);
  });
});
