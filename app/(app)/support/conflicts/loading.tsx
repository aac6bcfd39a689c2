// Loading state of /support/conflicts.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function PageLoading() {
  return <LoadingSkeleton label="Loading conflicts" />;
}
