"use client";
// Accept theirs / keep ours on a conflict.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { resolveConflictAction } from "@/lib/conflicts/actions";

export function ResolveConflictButtons({ conflictId, canKeepOurs }: { conflictId: string; canKeepOurs: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const resolve = (resolution: "accept_theirs" | "keep_ours") =>
    start(async () => {
      const result = await resolveConflictAction({ conflictId, resolution });
      if (result.ok) router.refresh();
      else setMessage(result.error.message);
    });
  return (
    <div className="flex items-center gap-2">
      <button type="button" disabled={pending} onClick={() => resolve("accept_theirs")} className="rounded border border-slate-300 px-3 py-1.5 text-sm disabled:opacity-50">Accept theirs (Stripe)</button>
      <button type="button" disabled={pending || !canKeepOurs} onClick={() => resolve("keep_ours")} className="rounded bg-indigo-600 px-3 py-1.5 text-sm text-white disabled:opacity-50">Keep ours</button>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </div>
  );
}
