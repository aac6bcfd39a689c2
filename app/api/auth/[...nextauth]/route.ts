// Serves /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints. Sign-in
// attempts are rate-limited per client IP.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { clientIp, limitRequest, tooManyRequests } from "@/lib/rate-limit/limits";

export const runtime = "nodejs";

type Context = { params: Promise<{ nextauth: string[] }> };

function GET(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth[0] === "callback" || nextauth[0] === "signin") {
    const budget = await limitRequest("anonymous", `signin:${clientIp(request)}`);
    if (!budget.allowed) return tooManyRequests(budget);
  }
  return NextAuth(authOptions())(request, context);
}

export { GET, POST };
