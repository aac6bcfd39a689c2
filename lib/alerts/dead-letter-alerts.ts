// Alerts when a job gives up for good: one message per root cause (issue) within a window (later
// ones in the window are counted into it, not repeated), naming the money at risk and linking to
// the issue where it is fixed; plus a "queue filling up" alarm when the dead letters of one window
// cross a threshold. Slack when SLACK_WEBHOOK_URL is set, otherwise the local inbox. Delivery never throws: a failed post is recorded on the alert.
import { getEnv } from "@/lib/config/env";
import { describeMoneyAtRisk } from "@/lib/dead-letters/format-money-at-risk";
import { getIssueOfEnvelope } from "@/lib/dead-letters/issues";
import { moneyAtRiskOfEnvelope } from "@/lib/dead-letters/money-at-risk";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/logging/logger";
import { writeInboxMessage } from "./local-inbox";
import { postToSlack, type SlackMessage } from "./slack-transport";

export interface AlertOptions {
  now?: Date;
  windowMinutes?: number;
  rateThreshold?: number;
  slackWebhookUrl?: string | null;
  appUrl?: string;
  fetchImpl?: typeof fetch;
}

export interface ResolvedOptions {
  now: Date;
  windowMs: number;
  rateThreshold: number;
  slackWebhookUrl: string | null;
  appUrl: string;
  fetchImpl?: typeof fetch;
}

export function resolve(options: AlertOptions): ResolvedOptions {
  const env = getEnv();
  return {
    now: options.now ?? new Date(),
    windowMs: (options.windowMinutes ?? env.DLQ_ALERT_WINDOW_MINUTES) * 60_000,
    rateThreshold: options.rateThreshold ?? env.DLQ_RATE_ALERT_THRESHOLD,
    slackWebhookUrl: options.slackWebhookUrl === undefined ? (env.SLACK_WEBHOOK_URL ?? null) : options.slackWebhookUrl,
    appUrl: options.appUrl ?? env.appUrl,
    fetchImpl: options.fetchImpl,
  };
}

export interface AlertDraft {
  kind: "envelope" | "rate" | "stall" | "sync";
  alertKey: string;
  jobType?: string;
  reason?: string;
  tenantId?: string | null;
  envelopeId?: string;
  message: SlackMessage;
}

/** Opens a new alert for the key, or counts into the one of the current window. Serialized per key. */
export async function openOrGroup(draft: AlertDraft, options: ResolvedOptions): Promise<{ id: string; fire: boolean }> {
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`dlq-alert:${draft.alertKey}`}))::text AS "locked"`;
    const current = await tx.dlqAlert.findFirst({
      where: { alertKey: draft.alertKey, createdAt: { gt: new Date(options.now.getTime() - options.windowMs) } },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    if (current) {
      await tx.dlqAlert.update({ where: { id: current.id }, data: { occurrences: { increment: 1 }, lastOccurredAt: options.now } });
      return { id: current.id, fire: false };
    }
    const created = await tx.dlqAlert.create({
      data: {
        kind: draft.kind,
        alertKey: draft.alertKey,
        jobType: draft.jobType ?? null,
        reason: draft.reason?.slice(0, 1000) ?? null,
        tenantId: draft.tenantId ?? null,
        envelopeId: draft.envelopeId ?? null,
        text: draft.message.text,
        channel: options.slackWebhookUrl ? "slack" : "inbox",
        createdAt: options.now,
        lastOccurredAt: options.now,
      },
      select: { id: true },
    });
    return { id: created.id, fire: true };
  });
}

export async function deliver(alertId: string, message: SlackMessage, options: ResolvedOptions): Promise<void> {
  try {
    if (options.slackWebhookUrl) await postToSlack(options.slackWebhookUrl, message, { fetchImpl: options.fetchImpl });
    else await writeInboxMessage({ channel: "slack", recipients: "#dead-letters", subject: message.text.slice(0, 200), text: message.text, body: { blocks: JSON.parse(JSON.stringify(message.blocks)) } });
    await db().dlqAlert.update({ where: { id: alertId }, data: { deliveredAt: new Date() } });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger().warn({ err: error, alertId }, "dead-letter alert not delivered");
    await db().dlqAlert.update({ where: { id: alertId }, data: { deliveryError: reason.slice(0, 1000) } });
  }
}

interface EnvelopeAlertFacts {
  jobType: string;
  reason: string;
  tenantName: string;
  issueTitle: string;
  moneyAtRisk: string;
  link: string;
}

/** The alert names the cause, the money at stake and where it is fixed (the issue). */
export function envelopeMessage(facts: EnvelopeAlertFacts): SlackMessage {
  const text = `Dead letter: ${facts.issueTitle} At risk: ${facts.moneyAtRisk}. (${facts.jobType} for ${facts.tenantName})`;
  return {
    text,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `Dead letter: ${facts.jobType}`.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: `*${facts.issueTitle}*\n*At risk:* ${facts.moneyAtRisk}` } },
      {
        type: "section",
        fields: [
          { type: "mrkdwn", text: `*Tenant*\n${facts.tenantName}` },
          { type: "mrkdwn", text: `*Job type*\n${facts.jobType}` },
        ],
      },
      { type: "section", text: { type: "mrkdwn", text: `*Reason*\n${facts.reason.slice(0, 1500)}` } },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Fix the issue in Ledgerline" }, url: facts.link }] },
    ],
  };
}

function rateMessage(count: number, windowMinutes: number, link: string): SlackMessage {
  const text = `Dead-letter queue filling up: ${count} jobs gave up in the last ${windowMinutes} minutes.`;
  return {
    text,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `:rotating_light: *${text}*` } },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the explorer" }, url: link }] },
    ],
  };
}

export interface AlertOutcome {
  envelopeAlert: "sent" | "grouped" | "skipped";
  rateAlert: "sent" | "grouped" | "below-threshold";
}

/** Called once a failure envelope is written (or reopened by a failed replay). */
export async function alertOnDeadLetter(envelopeId: string, alertOptions: AlertOptions = {}): Promise<AlertOutcome> {
  const options = resolve(alertOptions);
  const envelope = await db().failureEnvelope.findUnique({ where: { id: envelopeId }, select: { id: true, jobType: true, reason: true, tenantId: true } });
  let envelopeAlert: AlertOutcome["envelopeAlert"] = "skipped";
  if (envelope) {
    const issue = await getIssueOfEnvelope(envelope.id);
    const tenant = envelope.tenantId ? await db().tenant.findUnique({ where: { id: envelope.tenantId }, select: { name: true } }) : null;
    const message = envelopeMessage({
      jobType: envelope.jobType,
      reason: envelope.reason,
      tenantName: tenant?.name ?? "an unknown tenant",
      issueTitle: issue?.title ?? envelope.reason.slice(0, 300),
      moneyAtRisk: describeMoneyAtRisk(issue?.money ?? (await moneyAtRiskOfEnvelope(envelope.id))),
      link: issue ? `${options.appUrl}/support/issues/${issue.id}` : `${options.appUrl}/support/dead-letters/${envelope.id}`,
    });
    // One alert per root cause and window, whichever job met it.
    const alert = await openOrGroup(
      { kind: "envelope", alertKey: `issue:${issue?.fingerprint ?? envelope.id}`, jobType: envelope.jobType, reason: envelope.reason, tenantId: envelope.tenantId, envelopeId: envelope.id, message },
      options,
    );
    if (alert.fire) await deliver(alert.id, message, options);
    envelopeAlert = alert.fire ? "sent" : "grouped";
  }
  const since = new Date(options.now.getTime() - options.windowMs);
  const recent = await db().failureEnvelope.count({ where: { failedAt: { gt: since, lte: options.now } } });
  if (recent < options.rateThreshold) return { envelopeAlert, rateAlert: "below-threshold" };
  const windowMinutes = Math.round(options.windowMs / 60_000);
  const message = rateMessage(recent, windowMinutes, `${options.appUrl}/support/dead-letters?status=open`);
  const alert = await openOrGroup({ kind: "rate", alertKey: "rate", message }, options);
  if (alert.fire) await deliver(alert.id, message, options);
  return { envelopeAlert, rateAlert: alert.fire ? "sent" : "grouped" };
}
