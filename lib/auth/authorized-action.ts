// The one gate every mutation passes: session, permission (which implies the role), tenant
// scope, and zod validation of the input. Server actions are wrapped with it; Next itself
// rejects cross-site action posts (Origin check), which is the CSRF protection.
import "server-only";
import type { z } from "zod";
import { AppError, isAppError, type ErrorCode } from "@/lib/errors/app-error";
import { logger } from "@/lib/logging/logger";
import type { Permission } from "./roles";
import { requireUser, type SessionUser } from "./session";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string; fields?: Record<string, string> } };

export function authorizedAction<Schema extends z.ZodType, Result>(
  permission: Permission,
  schema: Schema,
  handler: (input: z.output<Schema>, user: SessionUser) => Promise<Result>,
): (input: z.input<Schema>) => Promise<ActionResult<Result>> {
  return async (input) => {
    try {
      const user = await requireUser(permission);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        const fields = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join(".") || "input", issue.message]));
        return { ok: false, error: { code: "invalid_input", message: "Some fields are not valid.", fields } };
      }
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (error) {
      if (isAppError(error)) return { ok: false, error: { code: error.code, message: error.message } };
      logger().error({ err: error, permission }, "action failed");
      return { ok: false, error: { code: "internal", message: "Something went wrong on our side. Nothing was changed." } };
    }
  };
}

/** For staff actions on a tenant's data: customers may only act within their own tenant. */
export function assertTenantAccess(user: SessionUser, tenantId: string | null): void {
  if (user.role === "customer" && user.tenantId !== tenantId) {
    throw new AppError("not_found", "That record does not exist.");
  }
}
