// The explorer's keyset cursor over (failed_at DESC, id DESC), opaque in the URL as `after`.
import { isUuid } from "@/lib/validation/is-uuid";

/** Follows "The page link" / the `after` field name. */
export const INVALID_CURSOR_MESSAGE = "is not valid (it was not made by this list); open the list from its first page";

export function encodeCursor(failedAt: Date | string, id: string): string {
  return Buffer.from(`${new Date(failedAt).toISOString()}|${id}`).toString("base64url");
}

/** The position a cursor names, or null when it is not one this list made. */
export function decodeCursor(cursor: string): { failedAt: Date; id: string } | null {
  const [at, envelopeId] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const failedAt = new Date(at ?? "");
  if (!envelopeId || Number.isNaN(failedAt.getTime()) || !isUuid(envelopeId)) return null;
  return { failedAt, id: envelopeId };
}
