// Not-found state of /support/dlq/runs/[runId].
import Link from "next/link";

export default function RunNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">No such run</h1>
      <Link href="/support/dlq" className="text-indigo-700 hover:underline">
        Back to the dead letters
      </Link>
    </div>
  );
}
