// Turns an explorer filter into SQL over failure_envelopes (alias "fe"), shaped so each part can
// use an index: btree for status / job type / tenant / dates, the fingerprint index
// for an issue, GIN jsonb_path_ops for id search (containment) and JSON paths (@?), GIN
// tsvector indexes for words in the payload and the reason.
import { sql } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import type { DlqFilter } from "./filters";

export interface WhereSql {
  /** Equality, range and JSON path conditions: cheap to check row by row along a sorted index. */
  clauses: string[];
  params: unknown[];
  /** Word and id searches, numbered on their own ($1…): answered by their GIN indexes. */
  search: string[];
  searchParams: unknown[];
}

/** Renumbers $n placeholders by `offset`, to append one statement's conditions to another's. */
function shiftPlaceholders(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/** Moves the searches into the plain conditions (one parameter list). */
export function mergeSearch(where: WhereSql): void {
  where.clauses.push(...where.search.map((clause) => shiftPlaceholders(clause, where.params.length)));
  where.params.push(...where.searchParams);
  where.search = [];
  where.searchParams = [];
}

/**
 * Words → a prefix tsquery ('card:* & declin:*'); only letters and digits reach the query. Words
 * under four characters match whole: a prefix like 'in:*' would expand to most of the index.
 */
export function wordsToTsquery(text: string): string | null {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length ? words.slice(0, 8).map((w) => (w.length >= 4 ? `${w}:*` : w)).join(" & ") : null;
}

/**
 * Words in a text column or in a payload's string values, through the GIN tsvector index: the
 * words as Postgres' parser reads them (so "ACME-0042" matches), or as prefixes ("declin").
 */
function wordsMatch(column: string, text: string, p: (value: unknown) => string): string {
  const vector = `to_tsvector('simple'::regconfig, ${column})`;
  const prefix = wordsToTsquery(text);
  const exact = `websearch_to_tsquery('simple'::regconfig, ${p(text)})`;
  // One tsquery (a || b): one pass over the GIN index instead of two bitmaps OR-ed.
  return prefix ? `${vector} @@ (${exact} || to_tsquery('simple'::regconfig, ${p(prefix)}))` : `${vector} @@ ${exact}`;
}

function objectContaining(field: string, value: string): string {
  return JSON.stringify({ stripeEvent: { data: { object: { [field]: value } } } });
}

/** Throws invalid_input when the JSON path does not parse (before it reaches the list query). */
export async function assertValidJsonPath(path: string): Promise<void> {
  try {
    await sql().query(`SELECT $1::jsonpath`, [path]);
  } catch {
    throw new AppError("invalid_input", "The JSON path is not valid (example: $.stripeEvent.data.object.customer ? (@ == \"cus_123\")).", { fields: { path: "not a valid JSON path" } });
  }
}

export async function buildEnvelopeWhere(filter: DlqFilter): Promise<WhereSql> {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const search: string[] = [];
  const searchParams: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ps = (value: unknown) => {
    searchParams.push(value);
    return `$${searchParams.length}`;
  };
  if (filter.status) clauses.push(`fe."status" = ${p(filter.status)}::"EnvelopeStatus"`);
  if (filter.jobType) clauses.push(`fe."job_type" = ${p(filter.jobType)}`);
  if (filter.tenant) clauses.push(`fe."tenant_id" = ${p(filter.tenant)}::uuid`);
  if (filter.from) clauses.push(`fe."failed_at" >= ${p(filter.from)}::date`);
  if (filter.to) clauses.push(`fe."failed_at" < ${p(filter.to)}::date + 1`);
  if (filter.group) {
    const [group] = await sql().query<{ fingerprint: string }>(`SELECT "fingerprint" FROM "failure_groups" WHERE "id" = $1`, [filter.group]);
    if (!group) throw new AppError("not_found", "That issue does not exist.");
    clauses.push(`fe."fingerprint" = ${p(group.fingerprint)}`);
  }
  if (filter.reason) search.push(wordsMatch(`fe."reason"`, filter.reason, ps));
  if (filter.q) {
    const q = filter.q;
    search.push(
      `(fe."stripe_event_id" = ${ps(q)} OR fe."job_id" = ${ps(q)} OR fe."payload" @> ${ps(objectContaining("id", q))}::jsonb` +
        ` OR fe."payload" @> ${ps(objectContaining("customer", q))}::jsonb OR fe."payload" @> ${ps(objectContaining("number", q))}::jsonb` +
        ` OR fe."payload" @> ${ps(objectContaining("invoice", q))}::jsonb)`,
    );
  }
  if (filter.text) search.push(wordsMatch(`fe."payload"`, filter.text, ps));
  if (filter.path) {
    await assertValidJsonPath(filter.path);
    clauses.push(`fe."payload" @? ${p(filter.path)}::jsonpath`);
  }
  return { clauses, params, search, searchParams };
}
