// Loading state of /support/backfill while recent runs are read.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function BackfillLoading() {
  return <LoadingSkeleton label="Loading backfills" />;
}
