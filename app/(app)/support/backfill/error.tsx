"use client";
// Error state of /support/backfill: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function BackfillError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="The backfill page could not be loaded" reset={reset} />;
}
