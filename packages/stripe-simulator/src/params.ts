// zod building blocks for Stripe request parameters (everything arrives as strings) and the
// mapping from zod issues to Stripe's parameter errors.
import { z } from "zod";
import { StripeApiError } from "./errors";
import type { FormObject, FormValue } from "./form";

export const intParam = z
  .string()
  .regex(/^-?\d+$/, "Invalid integer")
  .transform((v) => Number(v));

export const nonNegativeIntParam = intParam.pipe(z.number().int().min(0));

export const boolParam = z.enum(["true", "false"]).transform((v) => v === "true");

/** Stripe's `Emptyable<MetadataParam>`: "" clears all keys, a key posted as "" is removed. */
export const metadataParam = z.union([z.literal(""), z.record(z.string(), z.string())]);

export const expandParam = z.array(z.string()).optional();

export const currencyParam = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, "Invalid currency")
  .transform((v) => v.toLowerCase());

export const rangeParam = z.union([
  intParam,
  z.strictObject({ gt: intParam.optional(), gte: intParam.optional(), lt: intParam.optional(), lte: intParam.optional() }),
]);
export type RangeFilter = z.infer<typeof rangeParam>;

export const paginationShape = {
  limit: intParam.pipe(z.number().int()).optional(),
  starting_after: z.string().optional(),
  ending_before: z.string().optional(),
  created: rangeParam.optional(),
  expand: expandParam,
};

export function applyMetadata(
  current: Record<string, string> | null,
  update: z.infer<typeof metadataParam> | undefined,
): Record<string, string> {
  const base = { ...(current ?? {}) };
  if (update === undefined) return base;
  if (update === "") return {};
  for (const [key, value] of Object.entries(update)) {
    if (value === "") delete base[key];
    else base[key] = value;
  }
  return base;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  return head === undefined ? "" : head + rest.map((p) => `[${p}]`).join("");
}

function valueAt(root: FormValue, path: ReadonlyArray<PropertyKey>): FormValue | undefined {
  let node: FormValue | undefined = root;
  for (const key of path) {
    if (node === undefined || typeof node === "string") return undefined;
    node = Array.isArray(node) ? node[Number(key)] : node[String(key)];
  }
  return node;
}

/** Parses request params, answering invalid ones the way Stripe does (400 with `param` and a code). */
export function parseParams<S extends z.ZodType>(schema: S, raw: FormObject): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const param = formatPath([...issue.path, issue.keys[0]]);
    throw new StripeApiError(400, "invalid_request_error", `Received unknown parameter: ${param}`, {
      code: "parameter_unknown",
      param,
      validation: true,
    });
  }
  const param = formatPath(issue.path);
  const value = valueAt(raw, issue.path);
  if (value === undefined) {
    throw new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, {
      code: "parameter_missing",
      param,
      validation: true,
    });
  }
  const shown = typeof value === "string" ? value : JSON.stringify(value);
  const integer = issue.message === "Invalid integer";
  throw new StripeApiError(
    400,
    "invalid_request_error",
    integer ? `Invalid integer: ${shown}` : `Invalid ${param}: ${issue.message} (received ${shown})`,
    { code: integer ? "parameter_invalid_integer" : "parameter_invalid_string", param, validation: true },
  );
}
