"use client";
// Error state of an issue: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function IssueError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load this issue" reset={reset} />;
}
