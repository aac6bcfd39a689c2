"use client";
// Error state of one invoice: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function InvoiceError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="This invoice could not be loaded" reset={reset} />;
}
