// Runs before every page request: signed-out visitors go to /signin and only staff reach
// /support. Pages and queries check again on the server; this only saves a round trip.
import { getToken } from "next-auth/jwt";
import { NextResponse, type NextRequest } from "next/server";
import { getAuthSecret } from "@/lib/auth/secret";

export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: getAuthSecret() });
  const { pathname, search } = request.nextUrl;
  if (!token?.role) {
    const url = new URL("/signin", request.url);
    url.searchParams.set("callbackUrl", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }
  if (pathname.startsWith("/support") && token.role === "customer") {
    return NextResponse.redirect(new URL("/forbidden", request.url));
  }
  return NextResponse.next();
}

export const config = {
  matcher: ["/billing/:path*", "/support/:path*", "/reports/:path*"],
};
