"use client";
// Pretty-printed JSON with a copy button.
import { useState } from "react";

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  const text = JSON.stringify(value, null, 2);
  const [copied, setCopied] = useState(false);
  return (
    <div className="relative rounded-lg border border-slate-200 bg-slate-950">
      <button
        type="button"
        aria-label={`Copy ${label}`}
        onClick={() => navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))}
        className="absolute right-2 top-2 rounded bg-slate-700 px-2 py-1 text-xs text-white hover:bg-slate-600"
      >
        {copied ? "Copied" : "Copy"}
      </button>
      {/* Focusable, so a keyboard can scroll a payload taller than the box. */}
      <pre tabIndex={0} aria-label={label} className="max-h-[28rem] overflow-auto p-4 text-xs leading-relaxed text-slate-100 focus:outline-2 focus:outline-indigo-400">{text}</pre>
    </div>
  );
}
