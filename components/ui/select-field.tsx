// A labelled <select>: the label above, the options, and the field's error under it.
import type { ComponentProps } from "react";

export type SelectOption = string | { value: string; label: string };

interface SelectFieldProps extends Omit<ComponentProps<"select">, "children"> {
  label: string;
  options: readonly SelectOption[];
  /** A first option with the empty value, e.g. "Any" or "All tenants". */
  emptyOption?: string;
  error?: string;
}

export const fieldClass = "w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm font-normal text-slate-900 focus:border-indigo-500 focus:outline-none disabled:bg-slate-50";

export function SelectField({ label, options, emptyOption, error, className, ...select }: SelectFieldProps) {
  return (
    <label className={`flex flex-col gap-1 text-xs font-medium text-slate-600 ${className ?? ""}`}>
      {label}
      <select {...select} aria-invalid={error ? true : undefined} className={fieldClass}>
        {emptyOption !== undefined && <option value="">{emptyOption}</option>}
        {options.map((option) => {
          const { value, label: text } = typeof option === "string" ? { value: option, label: option } : option;
          return (
            <option key={value} value={value}>
              {text}
            </option>
          );
        })}
      </select>
      {error && <span className="font-normal text-red-700">{error}</span>}
    </label>
  );
}
