// Stripe embeds only the first page of a list in the objects it sends (an invoice's lines, the
// refunds an older charge carries). These tell a first page from a whole list, and fetch the whole
// list, so nothing stores a partial one.
import type { StripeGuard } from "@/lib/billing-sync/stripe-guard";
import { AppError } from "@/lib/errors/app-error";

/** The paging fields of a list Stripe embeds in an object. */
export interface EmbeddedList {
  data: readonly unknown[];
  has_more?: boolean;
  total_count?: number;
}

/** True when an embedded list is only a first page of a longer list. */
export function isFirstPageOnly(list: EmbeddedList | null | undefined): boolean {
  if (!list) return false;
  return list.has_more === true || (list.total_count ?? 0) > list.data.length;
}

/**
 * Every item of a Stripe list, read through the SDK's auto-pagination. One guarded call for the
 * whole list: a 429 starts the listing again rather than resuming mid-way. Either every page
 * arrives or it throws (a failure is retried by the caller's policy); more than `max` items is
 * refused with `tooMany`, as nothing here stores that many.
 */
export async function listEveryPage(guard: StripeGuard, call: string, pages: () => AsyncIterable<unknown>, limit: { max: number; tooMany: string }): Promise<unknown[]> {
  return guard.call(call, async () => {
    const collected: unknown[] = [];
    for await (const item of pages()) {
      if (collected.length === limit.max) throw new AppError("invalid_input", limit.tooMany);
      collected.push(item);
    }
    return collected;
  });
}
