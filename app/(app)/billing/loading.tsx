// Loading state of /billing while invoices are read.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function BillingLoading() {
  return <LoadingSkeleton label="Loading invoices" />;
}
