// Serves /forbidden: shown when a signed-in user opens a page their role may not see.
import Link from "next/link";

export default function ForbiddenPage() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">You do not have access to that page</h1>
      <p className="mt-2 text-slate-600">Your account&apos;s role does not include it. Ask an administrator if you need it.</p>
      <Link href="/" className="mt-6 inline-block text-indigo-700 underline">
        Back to your home page
      </Link>
    </main>
  );
}
