// Loading state of one invoice.
import { LoadingSkeleton } from "@/components/ui/loading-skeleton";

export default function InvoiceLoading() {
  return <LoadingSkeleton label="Loading this invoice" />;
}
