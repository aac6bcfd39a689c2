// Catch-up after an outage of our webhook endpoint: lists the Stripe events created in a window
// (Stripe keeps 30 days of them) and feeds every one the inbox lacks through the normal path,
// acceptStripeEvent, exactly as if its webhook had arrived. Events already in the inbox are
// skipped, so running it twice, or while webhooks flow, changes nothing twice.
import { randomUUID } from "node:crypto";
import type Stripe from "stripe";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { logger } from "@/lib/logging/logger";
import { getStripe } from "@/lib/stripe/client";
import { stripeEventSchema } from "@/lib/stripe/schemas";
import { acceptStripeEvent } from "@/lib/webhooks/accept-stripe-event";
import { handledStripeEventTypes } from "@/lib/webhooks/handled-event-types";

/** Stripe's Events API returns events from the last 30 days only. */
export const STRIPE_EVENT_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;
const PAGE_SIZE = 100;

export interface BackfillOptions {
  since: Date;
  /** Default: now. */
  until?: Date;
  /** Also store event types the pipeline does not handle (marked ignored). Default: handled types only, as the webhook endpoint subscribes. */
  allTypes?: boolean;
  /** Who asked (user email, "cli:<user>", "system:cron"): recorded in the audit log. */
  actor: string;
  source: "support" | "cli" | "cron";
  stripe?: Stripe;
  now?: Date;
}

export interface BackfillReport {
  runId: string;
  since: string;
  until: string;
  /** Events Stripe listed in the window. */
  seen: number;
  /** Already in the inbox (delivered by webhook, or an earlier backfill): skipped. */
  alreadyInInbox: number;
  /** Stored and handed to Inngest, as a webhook would have been. */
  fed: number;
  /** Stored but their hand-over failed: the inbox sweeper dispatches them within a minute. */
  queued: number;
  /** Stored as ignored (types the pipeline does not handle; only with allTypes). */
  ignored: number;
  /** Not a valid Stripe event by our schema: logged, not stored. */
  invalid: number;
}

/** The earliest start Stripe can still answer for. */
export function earliestBackfillStart(now: Date): Date {
  return new Date(now.getTime() - STRIPE_EVENT_RETENTION_DAYS * DAY_MS);
}

export function validateBackfillWindow(since: Date, until: Date, now: Date): void {
  if (Number.isNaN(since.getTime()) || Number.isNaN(until.getTime())) {
    throw new AppError("invalid_input", "The backfill window needs valid dates (ISO 8601, e.g. 2026-11-01T00:00:00Z).");
  }
  if (since.getTime() >= until.getTime()) {
    throw new AppError("invalid_input", `The start (${since.toISOString()}) must be before the end (${until.toISOString()}).`);
  }
  const earliest = earliestBackfillStart(now);
  if (since.getTime() < earliest.getTime()) {
    throw new AppError(
      "invalid_input",
      `Stripe keeps events for ${STRIPE_EVENT_RETENTION_DAYS} days: the earliest start is ${earliest.toISOString()}, ` +
        `not ${since.toISOString()}. Older changes can only be recovered by re-syncing the objects themselves.`,
    );
  }
}

const toUnix = (date: Date) => Math.floor(date.getTime() / 1000);

async function feedPage(page: Stripe.Event[], report: BackfillReport): Promise<void> {
  const ids = page.map((event) => event.id);
  const present = await db().webhookInbox.findMany({ where: { eventId: { in: ids } }, select: { eventId: true } });
  const known = new Set(present.map((row) => row.eventId));
  // Stripe lists newest first; within a page, feed oldest first as they happened.
  for (const raw of [...page].reverse()) {
    if (known.has(raw.id)) {
      report.alreadyInInbox++;
      continue;
    }
    const parsed = stripeEventSchema.safeParse(raw);
    if (!parsed.success) {
      report.invalid++;
      logger().warn({ eventId: raw.id, issue: parsed.error.issues[0]?.message }, "backfill: Stripe event failed validation");
      continue;
    }
    const outcome = await acceptStripeEvent(parsed.data);
    if (outcome === "accepted") report.fed++;
    else if (outcome === "queued") report.queued++;
    else if (outcome === "ignored") report.ignored++;
    // A webhook for it arrived meanwhile.
    else report.alreadyInInbox++;
  }
}

export async function backfillStripeEvents(options: BackfillOptions): Promise<BackfillReport> {
  const now = options.now ?? new Date();
  const until = options.until ?? now;
  validateBackfillWindow(options.since, until, now);
  const stripe = options.stripe ?? getStripe();
  const report: BackfillReport = {
    runId: randomUUID(),
    since: options.since.toISOString(),
    until: until.toISOString(),
    seen: 0,
    alreadyInInbox: 0,
    fed: 0,
    queued: 0,
    ignored: 0,
    invalid: 0,
  };

  const audit = (eventType: string, extra: Record<string, string> = {}) =>
    recordAuditEvent(db(), {
      entityType: "stripe_backfill",
      entityId: report.runId,
      eventType,
      payload: { ...report, allTypes: options.allTypes ?? false, ...extra },
      actor: options.actor,
      source: options.source,
    });

  try {
    const events = stripe.events.list({
      created: { gte: toUnix(options.since), lte: toUnix(until) },
      limit: PAGE_SIZE,
      ...(options.allTypes ? {} : { types: [...handledStripeEventTypes] }),
    });
    let page: Stripe.Event[] = [];
    for await (const event of events) {
      report.seen++;
      page.push(event);
      if (page.length === PAGE_SIZE) {
        await feedPage(page, report);
        page = [];
      }
    }
    await feedPage(page, report);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await audit("stripe.backfill.failed", { error: message });
    throw new AppError(
      "unavailable",
      `The backfill stopped after ${report.seen} event(s) (${report.fed} fed): ${message}. Run it again: events already fed are skipped.`,
    );
  }
  await audit("stripe.backfill.completed");
  logger().info({ ...report, actor: options.actor }, "Stripe event backfill finished");
  return report;
}
