// The database access the driver needs, given by its caller: two methods any PostgreSQL client
// (or PGlite) can provide. The driver's tables (inngest_*) are created by the caller's migrations.

export interface SqlSession {
  /** Runs one or more statements separated by semicolons, without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one parameterized statement ($1, $2…) and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}
