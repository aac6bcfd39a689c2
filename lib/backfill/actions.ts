"use server";
// Server action behind the support page's "Backfill" button. Gated by dlq:replay: feeding
// missed Stripe events through the pipeline is a replay, which support and admins may do.
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { backfillStripeEvents } from "./backfill-stripe-events";
import { parseBackfillWindow } from "./parse-window";

const backfillInput = z
  .object({
    hours: z.coerce.number().positive("must be a positive number").max(24 * 30, "Stripe keeps 30 days (720 hours)").optional(),
    since: z.string().trim().min(1).optional(),
    until: z.string().trim().optional(),
  })
  .refine((v) => (v.hours === undefined) !== (v.since === undefined), { message: "Choose a number of hours or a start time.", path: ["since"] });

export const runBackfillAction = authorizedAction("dlq:replay", backfillInput, async (input, user) => {
  const window = parseBackfillWindow(
    { since: input.since, hours: input.hours === undefined ? undefined : String(input.hours), until: input.until || undefined },
    new Date(),
  );
  return backfillStripeEvents({ ...window, actor: user.email, source: "support" });
});
