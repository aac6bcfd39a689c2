// Loading state of retry policies.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function SettingsLoading() {
  return <LoadingSkeleton label="Loading the retry policies" />;
}
