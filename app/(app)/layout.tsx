// Layout of the signed-in area: the app shell with role-aware navigation.
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { requirePageUser } from "@/lib/auth/session";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={user}>{children}</AppShell>;
}
