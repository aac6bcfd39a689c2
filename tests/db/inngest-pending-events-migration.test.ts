// The migration that moves the local driver's "still to fan out" mark from the event row into
// inngest_pending_events, run on a database whose driver stopped mid-backlog: the events it had
// not fanned out are still to fan out afterwards, in the same order, and no other event is.
import { describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { emptyDatabasesPerTest, migrateToJustBefore } from "../support/empty-databases";

const MIGRATION = "20261203010000_inngest_pending_events_table";

const emptyConnection = emptyDatabasesPerTest();

describe(`migration ${MIGRATION}`, () => {
  it("keeps the events not yet fanned out pending, in arrival order, with their receipt time", async () => {
    const connection = await emptyConnection();
    const migrations = await migrateToJustBefore(connection, MIGRATION);
    // Six events as the old driver left them: the first two fanned out, the rest not.
    await connection.exec(`
      INSERT INTO inngest_events (id, name, payload, received_at, fanned_out_at)
      SELECT 'evt-' || g, 'test/backlog', '{}'::jsonb, now() - (10 - g) * interval '1 minute',
             CASE WHEN g <= 2 THEN now() END
      FROM generate_series(1, 6) AS g`);

    const result = await migrate(connection, migrations);
    expect(result.applied).toContain(MIGRATION);

    const pending = await connection.query<{ event_id: string; same: boolean }>(
      `SELECT p.event_id, p.sequence = e.sequence AND p.received_at = e.received_at AS same
       FROM inngest_pending_events p JOIN inngest_events e ON e.id = p.event_id ORDER BY p.sequence`,
    );
    expect(pending).toEqual(["evt-3", "evt-4", "evt-5", "evt-6"].map((event_id) => ({ event_id, same: true })));
    // An event stored after the migration is pending too (the trigger).
    await connection.exec(`INSERT INTO inngest_events (id, name, payload) VALUES ('evt-7', 'test/backlog', '{}'::jsonb)`);
    expect(await connection.query(`SELECT event_id FROM inngest_pending_events ORDER BY sequence DESC LIMIT 1`)).toEqual([{ event_id: "evt-7" }]);
  });
});
