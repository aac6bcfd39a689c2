"use client";
// Error state of alerts and the local inbox: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function AlertsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load the alerts" reset={reset} />;
}
