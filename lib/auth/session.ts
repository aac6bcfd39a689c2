// Server-side access checks. Every page and action starts here: the proxy redirects early, but
// this is the check that counts.
import "server-only";
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors/app-error";
import { authOptions } from "./options";
import { can, type Permission } from "./roles";

export type SessionUser = Session["user"];

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(authOptions());
  return session?.user?.role ? session.user : null;
}

/** For pages: signed-out users go to sign-in; users without the permission get a 403 page. */
export async function requirePageUser(permission?: Permission): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return user;
}

/** For route handlers and actions: throws coded errors that map to 401/403. */
export async function requireUser(permission?: Permission): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated", "Sign in to continue.");
  if (permission && !can(user.role, permission)) {
    throw new AppError("forbidden", "You do not have permission to do this.");
  }
  return user;
}
