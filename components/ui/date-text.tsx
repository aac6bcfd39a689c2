const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function DateText({ value, withTime = false }: { value: Date | string | null | undefined; withTime?: boolean }) {
  if (!value) return <span className="text-slate-600">—</span>;
  const date = typeof value === "string" ? new Date(value) : value;
  return <time dateTime={date.toISOString()}>{(withTime ? dateTimeFormat : dateFormat).format(date)}</time>;
}
