// Loading state of the support overview.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function SupportLoading() {
  return <LoadingSkeleton label="Loading the support overview" />;
}
