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
          { href: "/support/dead-letters", label: "Dead letters" },
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
        {/* On a phone: the brand and the account on one line, the navigation wrapping below them. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
          <Link href="/" className="shrink-0 text-lg font-semibold tracking-tight text-indigo-700">
            Ledgerline
          </Link>
          <nav aria-label="Main" className="order-last flex w-full flex-wrap items-center gap-x-4 gap-y-1 text-sm md:order-none md:w-auto md:flex-1">
            {nav.customer.map((item) => (
              <Link key={item.href} href={item.href} className="whitespace-nowrap py-1 text-slate-700 hover:text-indigo-700">
                {item.label}
              </Link>
            ))}
            {nav.support.length > 0 && <span className="h-4 w-px bg-slate-300" aria-hidden />}
            {nav.support.map((item) => (
              <Link key={item.href} href={item.href} className="whitespace-nowrap py-1 text-slate-700 hover:text-indigo-700">
                {item.label}
              </Link>
            ))}
          </nav>
          <div className="flex min-w-0 flex-1 items-center justify-end gap-2 text-sm text-slate-600 md:flex-none">
            <span className="min-w-0 truncate">{user.name}</span>
            <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase text-slate-700">{user.role}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">{children}</main>
    </div>
  );
}
