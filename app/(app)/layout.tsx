// Layout of the signed-in area: the app shell with role-aware navigation, and one react-query
// client for every page that polls (billing, the invoice page, the dead-letter explorer).
import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell/app-shell";
import { QueryProvider } from "@/components/providers/query-provider";
import { requirePageUser } from "@/lib/auth/session";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  return (
    <AppShell user={user}>
      <QueryProvider>{children}</QueryProvider>
    </AppShell>
  );
}
