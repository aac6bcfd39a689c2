// Loading state of a failure envelope.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function DlqIdLoading() {
  return <LoadingSkeleton label="Loading this failure" />;
}
