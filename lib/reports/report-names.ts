// The reports Ledgerline serves, and the scope key of the all-tenants totals.

export const reportNames = ["revenue", "mrr", "collections", "customers", "aging", "pipeline"] as const;

export type ReportName = (typeof reportNames)[number];

export const reportTitles: Record<ReportName, string> = {
  revenue: "Revenue",
  mrr: "MRR",
  collections: "Failed payments",
  customers: "Top customers",
  aging: "Invoice aging",
  pipeline: "Pipeline",
};

/** Rollup rows under this tenant id hold the totals of every tenant (staff only). */
export const ALL_TENANTS = "00000000-0000-0000-0000-000000000000";

export function isReportName(value: string): value is ReportName {
  return (reportNames as readonly string[]).includes(value);
}
