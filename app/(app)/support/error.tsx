"use client";
// Error state of the support overview: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function SupportError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="The support overview could not be loaded" reset={reset} />;
}
