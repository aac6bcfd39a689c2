// Loading state of /reports/<report> while its figures are read.
export { ReportLoading as default } from "@/components/reports/report-loading";
