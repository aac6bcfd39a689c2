// What a support page shows for an id that names nothing: what is missing, and the way back.
import Link from "next/link";

export function NotFoundNotice({ title, backHref, backLabel }: { title: string; backHref: string; backLabel: string }) {
  return (
    <div className="space-y-2">
      <h1 className="text-xl font-semibold">{title}</h1>
      <Link href={backHref} className="text-indigo-700 hover:underline">
        {backLabel}
      </Link>
    </div>
  );
}
