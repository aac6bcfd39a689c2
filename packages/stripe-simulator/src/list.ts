// Stripe list semantics: newest first, `limit` 1–100 (default 10), cursor paging with
// `starting_after` / `ending_before`, `created` as a timestamp or a gt/gte/lt/lte range.
import { invalidParameter, StripeApiError } from "./errors";
import type { RangeFilter } from "./params";
import type { ListObject } from "./types";

export interface ListParams {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: RangeFilter;
}

export function inRange(value: number | null, range: RangeFilter | undefined): boolean {
  if (range === undefined) return true;
  if (value === null) return false;
  if (typeof range === "number") return value === range;
  return (
    (range.gt === undefined || value > range.gt) &&
    (range.gte === undefined || value >= range.gte) &&
    (range.lt === undefined || value < range.lt) &&
    (range.lte === undefined || value <= range.lte)
  );
}

/** `created` for most objects; invoice items carry `date` instead. */
function timestampOf(item: object): number | null {
  if ("created" in item && typeof item.created === "number") return item.created;
  if ("date" in item && typeof item.date === "number") return item.date;
  return null;
}

export function paginate<T extends { id: string }>(
  newestFirst: T[],
  params: ListParams,
  url: string,
): ListObject<T> {
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidParameter(
      limit < 1 ? "This value must be greater than or equal to 1." : "This value must be less than or equal to 100.",
      "limit",
      "parameter_invalid_integer",
    );
  }
  const items = newestFirst.filter((item) => inRange(timestampOf(item), params.created));
  const cursorIndex = (id: string, param: string): number => {
    const index = items.findIndex((item) => item.id === id);
    if (index === -1) {
      throw new StripeApiError(404, "invalid_request_error", `No such object: '${id}'`, {
        code: "resource_missing",
        param,
      });
    }
    return index;
  };
  if (params.ending_before !== undefined) {
    const end = cursorIndex(params.ending_before, "ending_before");
    const start = Math.max(0, end - limit);
    return { object: "list", data: items.slice(start, end), has_more: start > 0, url };
  }
  const start = params.starting_after !== undefined ? cursorIndex(params.starting_after, "starting_after") + 1 : 0;
  const page = items.slice(start, start + limit);
  return { object: "list", data: page, has_more: start + limit < items.length, url };
}
