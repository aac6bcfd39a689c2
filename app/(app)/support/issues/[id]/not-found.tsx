// Not-found state of /support/issues/[id].
import Link from "next/link";

export default function IssueNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">No such issue</h1>
      <Link href="/support" className="text-indigo-700 hover:underline">
        Back to the support home
      </Link>
    </div>
  );
}
