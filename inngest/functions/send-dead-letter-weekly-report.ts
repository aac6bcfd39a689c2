// Every Monday 07:00 UTC: compute and store last week's dead-letter health report, then mail it
// to DLQ_REPORT_RECIPIENTS (through SMTP_URL, or the local inbox in demo mode).
import { inngest } from "@/inngest/client";
import { mailTransportFor } from "@/lib/alerts/mail-transport";
import { getEnv } from "@/lib/config/env";
import { reportRecipients } from "@/lib/dead-letters/report-recipients";
import { sendWeeklyDlqReport, storeWeeklyDlqReport } from "@/lib/dead-letters/weekly-report";

export const sendDeadLetterWeeklyReportFunction = inngest.createFunction(
  // The id predates the file's name; ids stay stable so runs in flight keep their steps.
  { id: "dlq-weekly-report", name: "Weekly dead-letter report", triggers: [{ cron: "0 7 * * 1" }], retries: 3 },
  async ({ step }) => {
    const report = await step.run("compute-and-store-report", () => storeWeeklyDlqReport(new Date(), reportRecipients(getEnv())));
    const delivery = await step.run("send-report", () => sendWeeklyDlqReport(report.id, mailTransportFor(getEnv().SMTP_URL), getEnv().appUrl));
    return { ...report, delivery };
  },
);
