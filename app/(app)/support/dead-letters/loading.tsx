// Loading state of the dead-letter explorer.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function DlqLoading() {
  return <LoadingSkeleton label="Loading failures" />;
}
