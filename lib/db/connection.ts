// Opens the database this process uses: PostgreSQL when DATABASE_URL is set, otherwise the
// embedded PGlite under DATA_DIR. Both speak the same SQL and serve the same migrations; only
// the driver differs. Nothing outside lib/db constructs a driver.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { getEnv } from "@/lib/config/env";
import type { PrismaClient } from "./generated/client";
import { DatabaseLockedError, lockDataDirectorySync } from "./pglite-lock";

type PrismaAdapter = NonNullable<NonNullable<ConstructorParameters<typeof PrismaClient>[0]>["adapter"]>;

export type DatabaseKind = "pglite" | "postgres";

export interface SqlSession {
  /** Runs one or more statements separated by semicolons, without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one parameterized statement ($1, $2…) and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface SqlConnection extends SqlSession {
  readonly kind: DatabaseKind;
  /** Runs `fn` on one dedicated database session (for session-level locks). */
  session<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /** A driver adapter for the Prisma client over this same connection. */
  prismaAdapter(): PrismaAdapter;
  close(): Promise<void>;
}

export interface ConnectionOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  pgliteDir?: string;
  poolSize?: number;
}

export function defaultConnectionOptions(): ConnectionOptions {
  const env = getEnv();
  return {
    databaseUrl: env.DATABASE_URL,
    pgliteDir: path.resolve(env.DATA_DIR, "pglite"),
    poolSize: env.DATABASE_POOL_SIZE,
  };
}

/** Opens lazily: nothing connects until the first query. */
export function openConnection(options: ConnectionOptions = defaultConnectionOptions()): SqlConnection {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options.pgliteDir ?? "memory://");
}

function openPostgres(connectionString: string, max: number): SqlConnection {
  const pool = new Pool({ connectionString, max });
  // An idle client losing its server (restart, failover) must not crash the process.
  pool.on("error", () => undefined);
  return {
    kind: "postgres",
    async exec(sql) {
      await pool.query(sql);
    },
    async query(sql, params) {
      const result = await pool.query(sql, params as unknown[]);
      return result.rows;
    },
    async session(fn) {
      const client = await pool.connect();
      try {
        return await fn({
          exec: async (sql) => void (await client.query(sql)),
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
        });
      } finally {
        client.release();
      }
    },
    prismaAdapter: () => new PrismaPg(pool),
    close: () => pool.end(),
  };
}

function openPglite(dir: string): SqlConnection {
  const inMemory = dir.startsWith("memory://");
  const release = inMemory ? () => undefined : lockDataDirectorySync(dir);
  const db = new PGlite(inMemory ? dir : path.join(dir, "data"));
  const connection: SqlConnection = {
    kind: "pglite",
    async exec(sql) {
      await db.exec(sql);
    },
    async query(sql, params) {
      const result = await db.query(sql, params as unknown[]);
      return result.rows as never[];
    },
    // PGlite has a single session, owned by this process through the directory lock.
    session: (fn) => fn(connection),
    prismaAdapter: () => new PrismaPGlite(db),
    async close() {
      await db.close();
      release();
    },
  };
  return connection;
}

/**
 * For command-line tools: waits up to `waitMs` for another process to release the embedded
 * database (e.g. a second `db:migrate` running at the same time) instead of failing at once.
 */
export async function openConnectionWhenFree(options: ConnectionOptions = defaultConnectionOptions(), waitMs = 30_000): Promise<SqlConnection> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return openConnection(options);
    } catch (error) {
      if (!(error instanceof DatabaseLockedError) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
