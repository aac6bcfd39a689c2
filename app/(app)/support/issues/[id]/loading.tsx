// Loading state of an issue.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function IssueLoading() {
  return <LoadingSkeleton label="Loading this issue" />;
}
