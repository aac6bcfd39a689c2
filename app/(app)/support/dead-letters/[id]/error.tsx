"use client";
// Error state of a failure envelope: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function DlqIdError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load this failure" reset={reset} />;
}
