// The invoice list's keyset cursor (`after`, the id of the previous page's last invoice), checked
// before it reaches the query: a broken link is the caller's mistake, not a database error.
import { AppError } from "@/lib/errors/app-error";
import { isUuid } from "@/lib/validation/is-uuid";

export const INVALID_INVOICE_CURSOR_MESSAGE = "The page link is not valid (it was not made by this list); open the invoices from their first page.";

export function isInvoiceCursor(value: string): boolean {
  return isUuid(value);
}

/** The cursor, or undefined for the first page; throws a 400 for one the list never made. */
export function parseInvoiceCursor(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  if (!isInvoiceCursor(value)) throw new AppError("invalid_input", INVALID_INVOICE_CURSOR_MESSAGE, { fields: { after: "is not a valid page link" } });
  return value;
}
