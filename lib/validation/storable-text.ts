// Text the database can store and people can read: well-formed Unicode (no lone surrogates), no
// NUL, no control characters other than tab and newlines. PostgreSQL rejects the first two, so
// letting them through would turn bad input into a server error.
import { z } from "zod";

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function isStorableText(value: string): boolean {
  return value.isWellFormed() && !CONTROL_CHARACTERS.test(value);
}

export function storableText(max: number) {
  return z.string().max(max).refine(isStorableText, "contains characters that cannot be stored (control characters or broken Unicode)");
}
