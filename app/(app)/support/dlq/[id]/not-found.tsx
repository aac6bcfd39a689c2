// Not-found state of /support/dlq/[id].
import Link from "next/link";

export default function EnvelopeNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">No such failure</h1>
      <Link href="/support/dlq" className="text-indigo-700 hover:underline">
        Back to the dead letters
      </Link>
    </div>
  );
}
