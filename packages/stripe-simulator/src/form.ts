// Decodes Stripe's form encoding (`metadata[plan]=pro`, `lines[0][amount]=100`, `expand[]=customer`)
// into nested objects and arrays, the same shapes the SDK started from.
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const segments = [key.slice(0, first)];
  const pattern = /\[([^\]]*)\]/g;
  for (const match of key.slice(first).matchAll(pattern)) segments.push(match[1]);
  return segments;
}

function isIndexKeyed(object: FormObject): boolean {
  const keys = Object.keys(object);
  return keys.length > 0 && keys.every((k) => /^\d+$/.test(k));
}

/** Objects whose keys are all indices become arrays (sorted by index, holes closed). */
function finalize(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  if (isIndexKeyed(value)) {
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => finalize(value[k]));
  }
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = finalize(v);
  return out;
}

export function parseFormEncoded(body: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const segments = splitKey(rawKey);
    if (segments.some((s) => FORBIDDEN_KEYS.has(s))) continue;
    let node: FormObject = root;
    for (let i = 0; i < segments.length; i++) {
      // `a[]` appends: it takes the next free index.
      const segment = segments[i] === "" ? String(Object.keys(node).length) : segments[i];
      if (i === segments.length - 1) {
        node[segment] = value;
        break;
      }
      const existing = node[segment];
      if (existing === undefined || typeof existing === "string" || Array.isArray(existing)) {
        const child: FormObject = {};
        node[segment] = child;
        node = child;
      } else {
        node = existing;
      }
    }
  }
  const out: FormObject = {};
  for (const [k, v] of Object.entries(root)) out[k] = finalize(v);
  return out;
}
