// Loading state of alerts and the local inbox.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function AlertsLoading() {
  return <LoadingSkeleton label="Loading the alerts" />;
}
