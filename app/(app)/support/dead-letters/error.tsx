"use client";
// Error state of the dead-letter explorer: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function DlqError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load failures" reset={reset} />;
}
