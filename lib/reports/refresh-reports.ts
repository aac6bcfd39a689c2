// The scheduled refresh of the rollups that are not maintained per write (MRR from
// subscriptions, the pipeline from webhook events), publishing what changed.
import { publishReportChange } from "@/lib/reports/report-cache";
import { refreshCurrentMrr } from "./refresh-mrr";
import { refreshPipelineRollup } from "./refresh-pipeline";
import { ALL_TENANTS } from "./report-names";

export async function refreshMrrAndPublish(): Promise<number> {
  const tenants = await refreshCurrentMrr();
  for (const tenantId of tenants.filter((t) => t !== ALL_TENANTS)) await publishReportChange({ tenantId, reports: ["mrr"] });
  if (tenants.includes(ALL_TENANTS)) await publishReportChange({ tenantId: ALL_TENANTS, reports: ["mrr"] });
  return tenants.length;
}

export async function refreshPipelineAndPublish(): Promise<number> {
  const tenants = await refreshPipelineRollup();
  for (const tenantId of tenants) await publishReportChange({ tenantId, reports: ["pipeline"] });
  return tenants.length;
}
