// The JSON editor of a payload to replay: monospaced, no spell check, red-bordered while invalid.
export function PayloadTextarea({ label, value, onChange, rows, invalid = false }: { label: string; value: string; onChange: (text: string) => void; rows: number; invalid?: boolean }) {
  return (
    <textarea
      aria-label={label}
      spellCheck={false}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      rows={rows}
      className={`w-full rounded border p-3 font-mono text-xs ${invalid ? "border-red-400" : "border-slate-300"}`}
    />
  );
}
