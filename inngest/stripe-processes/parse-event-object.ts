// Reads a Stripe event's object with its schema, or fails the run for good (the payload will not
// change on a retry) with the field at fault, so the dead letter says what to correct.
import { NonRetriableError } from "inngest";
import type { StripeEvent } from "@/lib/stripe/schemas";

interface ObjectSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

export function parseEventObject<T>(schema: ObjectSchema<T>, stripeEvent: Pick<StripeEvent, "id" | "data">, what: string): T {
  const parsed = schema.safeParse(stripeEvent.data.object);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const detail = [issue?.path.map(String).join("."), issue?.message ?? "unreadable"].filter(Boolean).join(" ");
  throw new NonRetriableError(`Invalid ${what} in ${stripeEvent.id}: ${detail}`);
}
