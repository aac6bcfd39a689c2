// Issues as support sees them: a whole-sentence title, the cause kind (which decides the fix on
// offer), what the cause touches (job types, tenants, invoices) and the money at risk.
import { db, sql } from "@/lib/db/client";
import type { FailureGroup } from "@/lib/db/generated/client";
import type { FailureGroupState } from "@/lib/db/generated/enums";
import { isUuid } from "@/lib/validation/is-uuid";
import { causeKindOf, issueTitle, type CauseKind } from "./fingerprint";
import { moneyAtRiskByFingerprint, moneyRank, NO_MONEY_AT_RISK, type MoneyAtRisk } from "./money-at-risk";

export interface IssueSummary {
  id: string;
  fingerprint: string;
  title: string;
  kind: CauseKind;
  subject: string | null;
  state: FailureGroupState;
  occurrences: number;
  /** Envelopes still open or being replayed. */
  unresolved: number;
  jobTypes: string[];
  tenants: { id: string; name: string }[];
  invoices: string[];
  money: MoneyAtRisk;
  firstSeenAt: string;
  lastSeenAt: string;
}

interface ReachRow {
  fingerprint: string;
  job_types: string[] | null;
  tenants: { id: string; name: string }[] | null;
  invoices: string[] | null;
  unresolved: number;
}

/** Envelopes read per issue for its reach: bounded, so an outage of 100,000 failures stays cheap. */
const REACH_SAMPLE = 1_000;

/**
 * What each issue touches, from its unresolved envelopes (and a few settled ones, so a resolved
 * issue still says what it touched): bounded samples read through the (fingerprint, status) index.
 */
async function reachOf(fingerprints: string[]): Promise<Map<string, ReachRow>> {
  if (fingerprints.length === 0) return new Map();
  const rows = await sql().query<ReachRow>(
    `SELECT f."fp" AS "fingerprint", r."job_types", r."tenants", r."invoices",
            (SELECT count(*) FROM "failure_envelopes" u WHERE u."fingerprint" = f."fp" AND u."status" IN ('open', 'replayed'))::int AS "unresolved"
     FROM jsonb_array_elements_text($1::jsonb) AS f("fp")
     CROSS JOIN LATERAL (
       SELECT array_agg(DISTINCT s."job_type") AS "job_types",
              COALESCE(jsonb_agg(DISTINCT jsonb_build_object('id', t."id", 'name', t."name")) FILTER (WHERE t."id" IS NOT NULL), '[]'::jsonb) AS "tenants",
              array_agg(DISTINCT s."invoice_id") FILTER (WHERE s."invoice_id" IS NOT NULL) AS "invoices"
       FROM (
         (SELECT fe."job_type", fe."tenant_id", CASE WHEN fe."payload" #>> '{stripeEvent,data,object,object}' = 'invoice' THEN fe."payload" #>> '{stripeEvent,data,object,id}' END AS "invoice_id"
          FROM "failure_envelopes" fe WHERE fe."fingerprint" = f."fp" AND fe."status" IN ('open', 'replayed') LIMIT $2)
         UNION ALL
         (SELECT fe."job_type", fe."tenant_id", CASE WHEN fe."payload" #>> '{stripeEvent,data,object,object}' = 'invoice' THEN fe."payload" #>> '{stripeEvent,data,object,id}' END
          FROM "failure_envelopes" fe WHERE fe."fingerprint" = f."fp" AND fe."status" IN ('resolved', 'discarded') LIMIT $3)
       ) s LEFT JOIN "tenants" t ON t."id" = s."tenant_id"
     ) r`,
    [JSON.stringify(fingerprints), REACH_SAMPLE, REACH_SAMPLE / 10],
  );
  return new Map(rows.map((row) => [row.fingerprint, row]));
}

/** `money`, when the caller already read it (to rank the issues), is not read again. */
async function summarize(groups: FailureGroup[], knownMoney?: Map<string, MoneyAtRisk>): Promise<IssueSummary[]> {
  const fingerprints = groups.map((g) => g.fingerprint);
  const [reach, money] = await Promise.all([reachOf(fingerprints), knownMoney ?? moneyAtRiskByFingerprint(fingerprints)]);
  return groups.map((group) => {
    const r = reach.get(group.fingerprint);
    return {
      id: group.id,
      fingerprint: group.fingerprint,
      title: issueTitle(group.sampleReason, group.subject),
      kind: causeKindOf(group.sampleReason),
      subject: group.subject,
      state: group.state,
      occurrences: group.occurrences,
      unresolved: r?.unresolved ?? 0,
      jobTypes: r?.job_types ?? [],
      tenants: r?.tenants ?? [],
      invoices: (r?.invoices ?? []).filter((id): id is string => Boolean(id)),
      money: money.get(group.fingerprint) ?? NO_MONEY_AT_RISK,
      firstSeenAt: group.firstSeenAt.toISOString(),
      lastSeenAt: group.lastSeenAt.toISOString(),
    };
  });
}

export type IssueSort = "money" | "recent";

/** Issues, most money at risk first (ties: most recent), or most recent first. */
export async function listIssues(options: { state?: FailureGroupState | "unresolved"; sort?: IssueSort; limit?: number } = {}): Promise<IssueSummary[]> {
  const state = options.state === "unresolved" ? { in: ["open", "acknowledged"] as FailureGroupState[] } : options.state;
  const limit = options.limit ?? 20;
  if ((options.sort ?? "money") === "recent") {
    return summarize(await db().failureGroup.findMany({ where: state ? { state } : {}, orderBy: [{ lastSeenAt: "desc" }], take: Math.min(limit, 500) }));
  }
  // Ranked by money over the 500 most recent; only the issues shown have their reach read.
  const groups = await db().failureGroup.findMany({ where: state ? { state } : {}, orderBy: [{ lastSeenAt: "desc" }], take: 500 });
  const money = await moneyAtRiskByFingerprint(groups.map((g) => g.fingerprint));
  const rank = (group: FailureGroup) => moneyRank(money.get(group.fingerprint) ?? NO_MONEY_AT_RISK);
  const shown = groups.sort((a, b) => rank(b) - rank(a) || b.lastSeenAt.getTime() - a.lastSeenAt.getTime()).slice(0, limit);
  return summarize(shown, money);
}

export async function getIssue(id: string): Promise<IssueSummary | null> {
  if (!isUuid(id)) return null;
  const group = await db().failureGroup.findUnique({ where: { id } });
  return group ? (await summarize([group]))[0]! : null;
}

/** The issue an envelope belongs to. */
export async function getIssueOfEnvelope(envelopeId: string): Promise<IssueSummary | null> {
  if (!isUuid(envelopeId)) return null;
  const envelope = await db().failureEnvelope.findUnique({ where: { id: envelopeId }, select: { fingerprint: true } });
  if (!envelope?.fingerprint) return null;
  const group = await db().failureGroup.findUnique({ where: { fingerprint: envelope.fingerprint } });
  return group ? (await summarize([group]))[0]! : null;
}

/** The envelopes of an issue still waiting for a fix (open), oldest first: what "replay all" sends. */
export async function listOpenEnvelopeIdsOfIssue(fingerprint: string): Promise<string[]> {
  const rows = await db().failureEnvelope.findMany({ where: { fingerprint, status: "open" }, orderBy: [{ failedAt: "asc" }, { id: "asc" }], select: { id: true } });
  return rows.map((row) => row.id);
}

/** The oldest open envelope of an issue and its payload: the one an issue-wide correction starts from. */
export async function getFirstOpenEnvelopeOfIssue(fingerprint: string): Promise<{ id: string; payload: unknown } | null> {
  return db().failureEnvelope.findFirst({ where: { fingerprint, status: "open" }, orderBy: [{ failedAt: "asc" }, { id: "asc" }], select: { id: true, payload: true } });
}
