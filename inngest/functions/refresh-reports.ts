// Every five minutes: refresh the rollups that are not maintained per write (MRR snapshot,
// pipeline hours), publish what changed, then pre-warm the most used report views.
import { inngest } from "@/inngest/client";
import { prewarmReports } from "@/lib/reports/prewarm-reports";
import { refreshMrrAndPublish, refreshPipelineAndPublish } from "@/lib/reports/refresh-reports";

export const refreshReportsFunction = inngest.createFunction(
  { id: "refresh-reports", name: "Refresh and pre-warm reports", triggers: [{ cron: "*/5 * * * *" }], retries: 2 },
  async ({ step }) => {
    const mrrTenants = await step.run("refresh-mrr", () => refreshMrrAndPublish());
    const pipelineTenants = await step.run("refresh-pipeline", () => refreshPipelineAndPublish());
    const prewarm = await step.run("prewarm-reports", () => prewarmReports());
    return { mrrTenants, pipelineTenants, prewarm };
  },
);
