// Who gets the weekly report: DLQ_REPORT_RECIPIENTS, or the demo support account in demo mode.
import type { Env } from "@/lib/config/env";

export function reportRecipients(env: Pick<Env, "DLQ_REPORT_RECIPIENTS" | "demoMode">): string[] {
  const configured = (env.DLQ_REPORT_RECIPIENTS ?? "").split(",").map((r) => r.trim()).filter(Boolean);
  if (configured.length) return configured;
  return env.demoMode ? ["support@ledgerline.test"] : [];
}
