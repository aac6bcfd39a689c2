// Loading state of the weekly dead-letter reports.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function ReportsDlqLoading() {
  return <LoadingSkeleton label="Loading the reports" />;
}
