"use client";
// Error state of /support/conflicts/[id]: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="This page could not be loaded" reset={reset} />;
}
