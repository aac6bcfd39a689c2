// A charge as API versions before 2022-11-15 embed it in `charge.refunded` carries only the first
// page of its refunds. This completes it from `/v1/refunds?charge=` before anything stores it: the
// mirror never holds a partial refund list, and the invoice's returned money counts every refund.
import { z } from "zod";
import { stripeGuard, type StripeGuard } from "@/lib/billing-sync/stripe-guard";
import { AppError } from "@/lib/errors/app-error";
import { getStripe } from "@/lib/stripe/client";
import { isFirstPageOnly, listEveryPage } from "@/lib/stripe/list-every-page";
import { stripeRefundSchema, type StripeCharge } from "@/lib/stripe/money-returned-schemas";

/** The most refunds one charge may have here: they are all written in one transaction. */
export const MAX_CHARGE_REFUNDS = 1000;

/** True when the charge's embedded refunds are only a first page of a longer list. */
export function hasIncompleteRefunds(charge: StripeCharge): boolean {
  return isFirstPageOnly(charge.refunds);
}

/** The charge with all of its refunds, listed from Stripe when its embedded list is a first page. */
export async function completeChargeRefunds(charge: StripeCharge, guard: StripeGuard = stripeGuard()): Promise<StripeCharge> {
  if (!hasIncompleteRefunds(charge)) return charge;
  const raw = await listEveryPage(guard, "refunds.list", () => getStripe().refunds.list({ charge: charge.id, limit: 100 }), {
    max: MAX_CHARGE_REFUNDS,
    tooMany: `Charge ${charge.id} has more than ${MAX_CHARGE_REFUNDS} refunds; Ledgerline stores at most ${MAX_CHARGE_REFUNDS}.`,
  });
  const data = z.array(stripeRefundSchema).max(MAX_CHARGE_REFUNDS).parse(raw);
  return { ...charge, refunds: { data, has_more: false, total_count: data.length } };
}

/** Refuses a charge whose refunds are a first page: storing it would silently drop the rest. */
export function assertCompleteRefunds(charge: StripeCharge): void {
  if (hasIncompleteRefunds(charge)) {
    throw new AppError("internal", `Charge ${charge.id} carries ${charge.refunds?.data.length ?? 0} of its refunds; complete them before applying it.`, {
      stripeChargeId: charge.id,
    });
  }
}
