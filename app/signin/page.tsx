// Serves /signin: email + password sign-in; in demo mode it lists the demo accounts.
import type { Metadata } from "next";
import { connection } from "next/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { getEnv } from "@/lib/config/env";
import { DEMO_PASSWORD, demoAccounts } from "@/lib/demo/demo-accounts";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage() {
  // Demo mode is a run-time setting: render per request, not at build time.
  await connection();
  const demo = getEnv().demoMode;
  return (
    <main className="mx-auto flex min-h-screen max-w-4xl flex-col items-center justify-center gap-10 px-6 py-12 md:flex-row md:items-start">
      <section className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold text-indigo-700">Ledgerline</h1>
        <p className="mb-6 text-sm text-slate-600">Sign in to see your billing.</p>
        <SignInForm />
      </section>
      {demo && (
        <section aria-label="Demo accounts" className="w-full max-w-sm rounded-lg border border-amber-200 bg-amber-50 p-6 text-sm">
          <h2 className="mb-2 font-semibold text-amber-900">Demo mode</h2>
          <p className="mb-3 text-amber-900">
            Every account below uses the password <code className="rounded bg-white px-1">{DEMO_PASSWORD}</code>.
          </p>
          <ul className="space-y-1">
            {demoAccounts.map((account) => (
              <li key={account.email}>
                <code>{account.email}</code> <span className="text-amber-800">— {account.role}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
