import type { ConflictDiffEntry } from "@/lib/reconciliation/detect-conflict";

export function ConflictDiff({ diff }: { diff: ConflictDiffEntry[] }) {
  return (
    <table className="w-full text-left text-sm">
      <thead className="border-b bg-slate-50 text-xs uppercase text-slate-500">
        <tr><th className="px-3 py-2">Field</th><th className="px-3 py-2">Ours (Ledgerline)</th><th className="px-3 py-2">Theirs (Stripe)</th></tr>
      </thead>
      <tbody>
        {diff.map((d) => (
          <tr key={d.field} className="border-b border-slate-100">
            <td className="px-3 py-2 font-mono text-xs">{d.field}</td>
            <td className="px-3 py-2">{d.ours ?? "—"}</td>
            <td className="px-3 py-2">{d.theirs ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
