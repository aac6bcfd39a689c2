// Serves "/": sends each signed-in user to their home area.
import { redirect } from "next/navigation";
import { isStaff } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";

export default async function HomePage() {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  redirect(isStaff(user.role) ? "/support" : "/billing");
}
