"use client";
// Error state of retry policies: a message and a retry, never a stack trace.
import { ErrorState } from "@/components/ui/error-state";

export default function SettingsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState title="We could not load the retry policies" reset={reset} />;
}
