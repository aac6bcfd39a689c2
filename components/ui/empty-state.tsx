import type { ReactNode } from "react";

/**
 * What a list says when it has nothing to show. `section` is the dashed card that stands in for a
 * whole table; `inline` is one quiet line inside a section that has other content.
 */
export function EmptyState({ children, variant = "section" }: { children: ReactNode; variant?: "section" | "inline" }) {
  if (variant === "inline") return <p className="text-sm text-slate-600">{children}</p>;
  return <div className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">{children}</div>;
}
