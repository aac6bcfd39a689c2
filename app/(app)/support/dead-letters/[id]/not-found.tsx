// Not-found state of /support/dead-letters/[id].
import Link from "next/link";

export default function EnvelopeNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">No such failure</h1>
      <Link href="/support/dead-letters" className="text-indigo-700 hover:underline">
        Back to the dead letters
      </Link>
    </div>
  );
}
