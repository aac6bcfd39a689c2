"use client";
// Error state of /billing: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function BillingError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="Your invoices could not be loaded" reset={reset} />;
}
