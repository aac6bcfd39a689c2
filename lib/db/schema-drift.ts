// Proves that the SQL migrations build exactly the Prisma schema (prisma/schema/). The migrations
// are applied to a scratch database with the project's own runner, then Prisma's schema engine
// (its WebAssembly build, talking to the database through the connection's driver adapter) is
// asked for the migration that would turn that database into the schema: anything it prints is
// drift. Objects the schema cannot express live only in SQL; they are listed in SQL_ONLY_OBJECTS
// with the reason, and the check fails on any such object missing from that list, so the list
// stays the complete inventory of what the schema does not show.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import { Pool } from "pg";
import type { SqlConnection } from "./connection";
import { migrate, readMigrations, type MigrationFile } from "./migrate";

export interface SchemaFile {
  /** The file name inside prisma/schema/, e.g. `invoices.prisma`. */
  path: string;
  content: string;
}

export type SqlOnlyKind = "index" | "trigger" | "function" | "check" | "view";

export interface SqlOnlyObject {
  kind: SqlOnlyKind;
  name: string;
  reason: string;
}

/** What the migrations create that the Prisma schema cannot declare. */
export const SQL_ONLY_OBJECTS: readonly SqlOnlyObject[] = [
  // Partial and expression indexes, and what an index INCLUDEs.
  {
    kind: "index",
    name: "audit_events_entity_source_event_key",
    reason: "partial unique index (WHERE source_event_id IS NOT NULL): one audit row per entity and source event",
  },
  {
    kind: "index",
    name: "failure_envelopes_dlq_group_idx",
    reason: "expression index on dlq_reason_key(reason) behind the dead-letter issue filter",
  },
  {
    kind: "index",
    name: "failure_envelopes_dlq_payload_words_idx",
    reason: "GIN expression index on to_tsvector(payload) for dead-letter word search",
  },
  {
    kind: "index",
    name: "failure_envelopes_dlq_reason_words_idx",
    reason: "GIN expression index on to_tsvector(reason) for dead-letter word search",
  },
  {
    kind: "index",
    name: "report_customer_monthly_month_idx",
    reason:
      "covering index: its key columns are declared in reports.prisma, its INCLUDE (paid_total, paid_count) is SQL-only, " +
      "so Prisma's diff always wants to recreate it",
  },
  // The append-only audit log.
  { kind: "function", name: "audit_events_reject_change", reason: "raises on any change to audit_events" },
  { kind: "trigger", name: "audit_events_no_update_delete", reason: "audit_events is append-only: rejects UPDATE and DELETE" },
  { kind: "trigger", name: "audit_events_no_truncate", reason: "audit_events is append-only: rejects TRUNCATE" },
  // One idempotency key per tenant across usage_increments and pending_usage_increments.
  { kind: "function", name: "claim_usage_idempotency_key", reason: "claims an increment's key in usage_idempotency_keys; skips the row when another increment holds it" },
  { kind: "trigger", name: "usage_increments_claim_idempotency_key", reason: "every increment written on a draft's line claims its key first" },
  { kind: "trigger", name: "pending_usage_increments_claim_idempotency_key", reason: "every held increment claims its key first" },
  // Every event the local driver stores is pending until its fan-out.
  { kind: "function", name: "inngest_events_mark_pending", reason: "writes the inserted events' rows in inngest_pending_events" },
  { kind: "trigger", name: "inngest_events_mark_pending", reason: "every stored event is pending until its fan-out, whichever statement stores it" },
  { kind: "function", name: "inngest_events_forget_pending", reason: "deletes the deleted events' rows in inngest_pending_events" },
  { kind: "trigger", name: "inngest_events_forget_pending", reason: "a deleted event leaves no pending row behind to count as stalled" },
  // SQL functions.
  { kind: "function", name: "dlq_reason_key", reason: "normalizes a failure reason into the key dead-letter issues group by" },
  // CHECK constraints.
  { kind: "check", name: "users_customer_has_tenant", reason: "a customer user belongs to a tenant; staff users do not" },
  { kind: "check", name: "subscriptions_amount_nonnegative", reason: "money is never negative" },
  { kind: "check", name: "invoices_amounts_nonnegative", reason: "money is never negative" },
  { kind: "check", name: "invoices_currency_lowercase", reason: "currencies are ISO codes in Stripe's lowercase form" },
  { kind: "check", name: "retry_policies_max_attempts_check", reason: "a retry policy allows 1 to 20 attempts" },
  { kind: "check", name: "api_keys_key_hash_sha256", reason: "only the SHA-256 hex of an API key is stored" },
  { kind: "check", name: "usage_lines_unit_amount_nonnegative", reason: "money is never negative" },
  { kind: "check", name: "usage_lines_synced_quantity_nonnegative", reason: "Stripe never holds a negative quantity" },
  { kind: "check", name: "usage_lines_pending_op", reason: "a pending Stripe write is create, update or delete" },
  { kind: "check", name: "sync_conflicts_status", reason: "a conflict is open, accepted_theirs or kept_ours" },
];

export interface DriftReport {
  /** Statements of the engine's migration (database → schema) that no SQL-only object explains. */
  differences: string[];
  /** Objects in the migrated database that the schema cannot show and SQL_ONLY_OBJECTS does not list. */
  unlisted: Array<{ kind: SqlOnlyKind; name: string }>;
  /** SQL_ONLY_OBJECTS entries the migrated database does not have (a stale entry). */
  missing: SqlOnlyObject[];
}

export function readSchemaFiles(dir = path.resolve("prisma/schema")): SchemaFile[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".prisma"))
    .sort()
    .map((name) => ({ path: name, content: fs.readFileSync(path.join(dir, name), "utf8") }));
}

export function hasDrift(report: DriftReport): boolean {
  return report.differences.length > 0 || report.unlisted.length > 0 || report.missing.length > 0;
}

/** An empty throwaway database: the check applies the migrations to it. */
export interface ScratchDatabase {
  connection: SqlConnection;
  /** Its connection string, when it is a PostgreSQL database. */
  url?: string;
}

/** Applies `migrations` to the scratch database and compares the result with `schema`. */
export async function checkSchemaDrift(
  { connection, url }: ScratchDatabase,
  schema: SchemaFile[] = readSchemaFiles(),
  { migrations = readMigrations(), allowList = SQL_ONLY_OBJECTS }: { migrations?: MigrationFile[]; allowList?: readonly SqlOnlyObject[] } = {},
): Promise<DriftReport> {
  await migrate(connection, migrations);
  const script = await diffDatabaseToSchema({ connection, url }, schema);
  const allowed = new Set(allowList.map((entry) => entry.name));
  const differences = splitStatements(script).filter((statement) => !namesAny(statement, allowed));

  const present = await sqlOnlyObjectsIn(connection);
  const presentKeys = new Set(present.map(key));
  const listedKeys = new Set(allowList.map(key));
  return {
    differences,
    unlisted: present.filter((object) => !listedKeys.has(key(object))),
    missing: allowList.filter((entry) => !presentKeys.has(key(entry))),
  };
}

export function formatDriftReport(report: DriftReport): string {
  const lines: string[] = [];
  if (report.differences.length) {
    lines.push("The migrations and prisma/schema/ disagree. SQL that would turn the migrated database into the schema:", "");
    lines.push(...report.differences.flatMap((statement) => [statement, ""]));
    lines.push(
      "Declare in the schema what the migrations create, or add a migration for what the schema declares. " +
        "If Prisma cannot express it, list it in SQL_ONLY_OBJECTS (lib/db/schema-drift.ts) with the reason.",
    );
  }
  for (const object of report.unlisted) {
    lines.push(`The migrations create ${object.kind} "${object.name}", which the schema cannot show: list it in SQL_ONLY_OBJECTS with the reason.`);
  }
  for (const entry of report.missing) {
    lines.push(`SQL_ONLY_OBJECTS lists ${entry.kind} "${entry.name}", which the migrations do not create: remove the entry.`);
  }
  return lines.join("\n");
}

function key(object: { kind: SqlOnlyKind; name: string }): string {
  return `${object.kind}:${object.name}`;
}

function namesAny(statement: string, names: Set<string>): boolean {
  for (const match of statement.matchAll(/"([^"]+)"/g)) if (names.has(match[1])) return true;
  return false;
}

/** The engine prints one `-- Step` comment and its SQL per change, separated by blank lines. */
function splitStatements(script: string): string[] {
  return script
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk.split("\n").some((line) => line.trim() && !line.trimStart().startsWith("--")));
}

async function diffDatabaseToSchema(scratch: ScratchDatabase, schema: SchemaFile[]): Promise<string> {
  const { SchemaEngine } = loadSchemaEngine();
  const files = schema.map((file) => ({ path: file.path, content: file.content }));
  const adapter = engineAdapter(scratch);
  let engine: engineBindings.SchemaEngine | undefined;
  try {
    engine = await SchemaEngine.new(
      { datamodels: files.map((file): [string, string] => [file.path, file.content]) },
      () => undefined,
      bindMigrationAwareSqlAdapterFactory(withoutShadowDatabase(adapter.factory)),
    );
    const result = await engine.diff({
      // The "config datasource" is the database the adapter is connected to.
      from: { tag: "schemaDatasource", files, configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } catch (error) {
    if (lastPanic) throw new Error(`Prisma's schema engine panicked: ${lastPanic}`, { cause: error });
    throw error;
  } finally {
    engine?.free();
    await adapter.close();
  }
}

/**
 * The driver adapter the engine reads the database through. On PostgreSQL it gets its own small
 * pool: the engine's catalog queries return PostgreSQL's one-byte "char" type (relkind, contype…),
 * which @prisma/adapter-pg 7.10 rejects as an unsupported type while the engine expects it as a
 * character column (as PGlite's adapter reports it). The pool tags such a column and the adapter
 * reports it as a character column.
 */
function engineAdapter({ connection, url }: ScratchDatabase): { factory: SqlDriverAdapterFactory; close(): Promise<void> } {
  if (connection.kind === "pglite") return { factory: connection.prismaAdapter(), close: async () => undefined };
  if (!url) throw new Error("The schema drift check needs the scratch PostgreSQL database's connection string.");
  const pool = new Pool({ connectionString: url, max: 2 });
  pool.on("error", () => undefined);
  // The adapter queries through the pool, and through a pooled client inside transactions.
  pool.query = tagCharColumns(pool.query);
  pool.on("connect", (client) => {
    client.query = tagCharColumns(client.query);
  });
  const factory = new PrismaPg(pool);
  return {
    factory: {
      provider: factory.provider,
      adapterName: factory.adapterName,
      connect: async () => readingCharColumns(await factory.connect()),
    },
    close: () => pool.end(),
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
const CHAR_TAG = "\u0000char";

function tagCharColumns<Query extends (...args: never[]) => unknown>(query: Query): Query {
  return new Proxy(query, {
    apply(target, self, args) {
      const result: unknown = Reflect.apply(target, self, args);
      return result instanceof Promise ? result.then(tagCharFields) : result;
    },
  });
}

function tagCharFields(result: unknown): unknown {
  if (typeof result !== "object" || result === null || !("fields" in result) || !Array.isArray(result.fields)) return result;
  for (const field of result.fields) {
    if (typeof field !== "object" || field === null || !("dataTypeID" in field) || field.dataTypeID !== PG_CHAR_OID) continue;
    field.dataTypeID = PG_TEXT_OID;
    if ("name" in field) field.name = `${String(field.name)}${CHAR_TAG}`;
  }
  return result;
}

/** The engine only reads the catalog (no transactions), so queryRaw is all there is to wrap. */
function readingCharColumns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return new Proxy(adapter, {
    get(target, property, receiver) {
      if (property !== "queryRaw") {
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return async (query: SqlQuery) => {
        const result = await target.queryRaw(query);
        const tagged = result.columnNames.map((name) => name.endsWith(CHAR_TAG));
        return {
          ...result,
          columnNames: result.columnNames.map((name, i) => (tagged[i] ? name.slice(0, -CHAR_TAG.length) : name)),
          columnTypes: result.columnTypes.map((type, i) => (tagged[i] ? ColumnTypeEnum.Character : type)),
        };
      };
    },
  });
}

/** A diff between a live database and a schema needs no shadow database. */
function withoutShadowDatabase(factory: SqlDriverAdapterFactory): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: () => Promise.reject(new Error("The schema drift check does not use a shadow database.")),
  };
}

declare global {
  // Where the engine's WebAssembly build reports a panic before it aborts (as Prisma's CLI sets up).
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let engineLoaded = false;
let lastPanic = "";

/** Instantiates the engine's WebAssembly module once per process, as Prisma's own loader does. */
function loadSchemaEngine(): typeof engineBindings {
  if (engineLoaded) return engineBindings;
  globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => void (lastPanic = message) };
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@prisma/schema-engine-wasm");
  const wasm = new WebAssembly.Module(fs.readFileSync(path.join(path.dirname(entry), "schema_engine_bg.wasm")));
  const imports: WebAssembly.Imports = { "./schema_engine_bg.js": { ...engineBindings } };
  const instance = new WebAssembly.Instance(wasm, imports);
  engineBindings.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  engineLoaded = true;
  return engineBindings;
}

interface NamedRow {
  kind: SqlOnlyKind;
  name: string;
}

/** Everything in the current schema that Prisma's schema cannot declare. */
async function sqlOnlyObjectsIn(connection: SqlConnection): Promise<NamedRow[]> {
  return connection.query<NamedRow>(`
    SELECT 'index' AS kind, c.relname AS name
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
     WHERE c.relnamespace = current_schema()::regnamespace
       AND (i.indexprs IS NOT NULL OR i.indpred IS NOT NULL OR i.indnatts > i.indnkeyatts)
    UNION ALL
    SELECT 'trigger', t.tgname
      FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT 'function', p.proname
      FROM pg_proc p
     WHERE p.pronamespace = current_schema()::regnamespace
       AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'check', con.conname
      FROM pg_constraint con
     WHERE con.connamespace = current_schema()::regnamespace AND con.contype IN ('c', 'x')
    UNION ALL
    SELECT 'view', c.relname
      FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('v', 'm')
     ORDER BY 1, 2`);
}
