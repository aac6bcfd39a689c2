// Loading state of /billing/api-keys.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function PageLoading() {
  return <LoadingSkeleton label="Loading API keys" />;
}
