import Link from "next/link";
import type { ReactNode } from "react";
import { can } from "@/lib/auth/roles";
import type { SessionUser } from "@/lib/auth/session";
import { SignOutButton } from "@/components/auth/sign-out-button";

interface NavItem {
  href: string;
  label: string;
}

function navFor(user: SessionUser): { customer: NavItem[]; support: NavItem[] } {
  return {
    customer: [
      { href: "/billing", label: "Billing" },
      { href: "/reports", label: "Reports" },
    ],
    support: can(user.role, "support:view")
      ? [
          { href: "/support", label: "Overview" },
          { href: "/support/dlq", label: "Dead letters" },
          { href: "/support/invoices", label: "Drafts" },
          { href: "/support/conflicts", label: "Conflicts" },
          { href: "/support/alerts", label: "Alerts" },
          { href: "/support/backfill", label: "Backfill" },
          { href: "/support/settings", label: "Settings" },
        ]
      : [],
  };
}

export function AppShell({ user, children }: { user: SessionUser; children: ReactNode }) {
  const nav = navFor(user);
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-6 px-6 py-3">
          <Link href="/" className="text-lg font-semibold tracking-tight text-indigo-700">
            Ledgerline
          </Link>
          <nav aria-label="Main" className="flex flex-1 items-center gap-4 text-sm">
            {nav.customer.map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-700 hover:text-indigo-700">
                {item.label}
              </Link>
            ))}
            {nav.support.length > 0 && <span className="h-4 w-px bg-slate-300" aria-hidden />}
            {nav.support.map((item) => (
              <Link key={item.href} href={item.href} className="text-slate-700 hover:text-indigo-700">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="flex items-center gap-3 text-sm text-slate-600">
            <span>
              {user.name} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase">{user.role}</span>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
    </div>
  );
}
