// `expand[]`: replaces ID strings at the given dotted paths with the objects they name, walking
// into lists (`data.customer`) and arrays, as Stripe does.
export type Resolver = (id: string) => object | undefined;

function expandAt(node: unknown, segments: string[], resolve: Resolver): unknown {
  if (segments.length === 0) return node;
  if (Array.isArray(node)) return node.map((item) => expandAt(item, segments, resolve));
  if (typeof node !== "object" || node === null) return node;
  const record = node as Record<string, unknown>;
  const [head, ...rest] = segments;
  let value = record[head];
  if (typeof value === "string") value = resolve(value) ?? value;
  record[head] = rest.length === 0 ? value : expandAt(value, rest, resolve);
  return record;
}

export function expandObject<T extends object>(object: T, paths: string[] | undefined, resolve: Resolver): T {
  if (!paths || paths.length === 0) return object;
  const copy = structuredClone(object);
  for (const path of paths) expandAt(copy, path.split("."), resolve);
  return copy;
}
