import { DataTable } from "@/components/ui/data-table";
import type { ConflictDiffEntry } from "@/lib/conflicts/detect-conflict";

export function ConflictDiff({ diff }: { diff: ConflictDiffEntry[] }) {
  return (
    <DataTable
      caption="Fields that differ"
      rows={diff}
      rowKey={(d) => d.field}
      columns={[
        { header: "Field", className: "font-mono text-xs", cell: (d) => d.field },
        { header: "Ours (Ledgerline)", cell: (d) => d.ours ?? "—" },
        { header: "Theirs (Stripe)", cell: (d) => d.theirs ?? "—" },
      ]}
    />
  );
}
