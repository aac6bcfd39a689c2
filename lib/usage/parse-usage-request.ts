// Turns a raw POST /api/usage body into a validated increment, or a 400 naming the fields.
import { AppError } from "@/lib/errors/app-error";
import { usageIncrementSchema, type UsageIncrementInput } from "./schemas";

export function parseUsageRequest(rawBody: string): UsageIncrementInput {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_input", "The body must be JSON.");
  }
  const parsed = usageIncrementSchema.safeParse(json);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "body", issue.message]));
    throw new AppError("invalid_input", "Some fields are not valid.", { fields });
  }
  return parsed.data;
}
