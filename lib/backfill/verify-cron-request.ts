// Scheduled routes (/api/cron/*) accept only the bearer token Vercel Cron sends, CRON_SECRET.
import { timingSafeEqual } from "node:crypto";
import { getEnv } from "@/lib/config/env";
import { AppError } from "@/lib/errors/app-error";

export function verifyCronRequest(request: Request, secret = getEnv().CRON_SECRET): void {
  if (!secret) throw new AppError("unavailable", "CRON_SECRET is not set: scheduled routes are disabled.");
  const presented = Buffer.from(request.headers.get("authorization") ?? "");
  const expected = Buffer.from(`Bearer ${secret}`);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    throw new AppError("unauthenticated", "This route is called by the scheduler with CRON_SECRET as a bearer token.");
  }
}
