// Loading state of a run and the failure it came from.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function DlqRunsRunidLoading() {
  return <LoadingSkeleton label="Loading this run" />;
}
