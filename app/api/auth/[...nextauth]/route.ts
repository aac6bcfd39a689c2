// Serves /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints. Sign-in
// attempts are rate-limited per client IP, and refused for an account with too many failures.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { signInRefusal } from "@/lib/auth/sign-in-limits";

export const runtime = "nodejs";

type Context = { params: Promise<{ nextauth: string[] }> };

function GET(request: Request, context: Context) {
  return NextAuth(authOptions())(request, context);
}

async function POST(request: Request, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth[0] === "callback" || nextauth[0] === "signin") {
    const refusal = await signInRefusal(request);
    if (refusal) return refusal;
  }
  return NextAuth(authOptions())(request, context);
}

export { GET, POST };
