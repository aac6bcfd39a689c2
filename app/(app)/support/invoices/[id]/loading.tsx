// Loading state of /support/invoices/[id].
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function PageLoading() {
  return <LoadingSkeleton label="Loading the draft invoice" />;
}
