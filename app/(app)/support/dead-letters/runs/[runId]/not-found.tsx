// Not-found state of /support/dead-letters/runs/[runId].
import Link from "next/link";

export default function RunNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">No such run</h1>
      <Link href="/support/dead-letters" className="text-indigo-700 hover:underline">
        Back to the dead letters
      </Link>
    </div>
  );
}
