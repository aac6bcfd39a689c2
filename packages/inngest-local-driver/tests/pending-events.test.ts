// The driver reads the events still to fan out, oldest first, 100 at a time. Behind a backlog that
// read must cost the 100 rows it returns, not a read and sort of every pending event: a backlog of
// N events is read N/100 times, so a read that grows with N makes its fan-out grow with N².
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../../tests/support/test-database";
import { PENDING_EVENTS_SQL, pendingEvents } from "../src/store";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  // 3,000 events already fanned out, then a backlog of 3,000 still to fan out.
  await database.connection.query(
    `INSERT INTO "inngest_events" ("id", "name", "payload")
     SELECT 'evt-' || g, 'test/pending', jsonb_build_object('name', 'test/pending', 'data', jsonb_build_object('i', g))
     FROM generate_series(1, 6000) AS g`,
  );
  await database.connection.query(`DELETE FROM "inngest_pending_events" WHERE "event_id" IN (SELECT 'evt-' || g FROM generate_series(1, 3000) AS g)`);
  await database.connection.query(`VACUUM ANALYZE "inngest_events", "inngest_pending_events"`);
});
afterAll(() => database?.drop());

interface PlanNode {
  "Node Type": string;
  "Actual Rows": number;
  "Shared Hit Blocks": number;
  "Shared Read Blocks": number;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

it("reads the oldest pending events in order without reading or sorting the rest of the backlog", async () => {
  const events = await pendingEvents(database.connection, 100);
  expect(events.map((event) => event.id)).toEqual(Array.from({ length: 100 }, (_, i) => `evt-${3001 + i}`));

  const [row] = await database.connection.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${PENDING_EVENTS_SQL}`, [100, "0"]);
  const nodes = nodesOf(row!["QUERY PLAN"][0].Plan);
  expect(nodes.map((node) => node["Node Type"])).not.toContain("Sort");
  // No step of the plan touches more than the rows it returns.
  expect(Math.max(...nodes.map((node) => node["Actual Rows"]))).toBe(100);
});

it("reads after the last event a reader fanned out without stepping over those it fanned out", async () => {
  const db = database.connection;
  // The oldest 1,000 of the backlog fanned out, as a reader does chunk by chunk: their index
  // entries stay behind until vacuum.
  const [{ last }] = await db.query<{ last: string }>(
    `WITH fanned_out AS (
       DELETE FROM "inngest_pending_events"
       WHERE "sequence" IN (SELECT "sequence" FROM "inngest_pending_events" ORDER BY "sequence" LIMIT 1000)
       RETURNING "sequence"
     )
     SELECT max("sequence")::text AS last FROM fanned_out`,
  );

  const events = await pendingEvents(db, 100, last);
  expect(events.map((event) => event.id)).toEqual(Array.from({ length: 100 }, (_, i) => `evt-${4001 + i}`));
  expect(events.every((event) => BigInt(event.sequence) > BigInt(last))).toBe(true);

  const blocks = async (after: string) => {
    const [row] = await db.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${PENDING_EVENTS_SQL}`, [100, after]);
    return nodesOf(row!["QUERY PLAN"][0].Plan).reduce((sum, node) => sum + node["Shared Hit Blocks"] + node["Shared Read Blocks"], 0);
  };
  const fromStart = await blocks("0");
  const fromLast = await blocks(last);
  // From the start, the index pages of the 1,000 fanned-out events are read again.
  expect(fromLast).toBeLessThan(fromStart);
});

it("marks each stored event pending once, whichever statement stores it", async () => {
  const db = database.connection;
  await db.query(`INSERT INTO "inngest_events" ("id", "name", "payload") VALUES ('evt-once', 'test/pending', '{}'::jsonb)`);
  // A second store of the same id is left out by ON CONFLICT: it must not be pending a second time.
  await db.query(
    `INSERT INTO "inngest_events" ("id", "name", "payload") VALUES ('evt-once', 'test/pending', '{}'::jsonb), ('evt-next', 'test/pending', '{}'::jsonb)
     ON CONFLICT DO NOTHING`,
  );
  const rows = await db.query<{ event_id: string; same: boolean }>(
    `SELECT p."event_id", p."sequence" = e."sequence" AND p."received_at" = e."received_at" AS same
     FROM "inngest_pending_events" p JOIN "inngest_events" e ON e."id" = p."event_id"
     WHERE p."event_id" IN ('evt-once', 'evt-next') ORDER BY p."sequence"`,
  );
  expect(rows).toEqual([
    { event_id: "evt-once", same: true },
    { event_id: "evt-next", same: true },
  ]);
});

it("forgets a deleted event's pending row, which readiness would count as stalled forever", async () => {
  const db = database.connection;
  await db.query(`INSERT INTO "inngest_events" ("id", "name", "payload") VALUES ('evt-deleted', 'test/pending', '{}'::jsonb)`);
  await db.query(`DELETE FROM "inngest_events" WHERE "id" = 'evt-deleted'`);
  expect(await db.query(`SELECT 1 FROM "inngest_pending_events" WHERE "event_id" = 'evt-deleted'`)).toEqual([]);
});
