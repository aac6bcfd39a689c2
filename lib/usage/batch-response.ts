// The answer to a batch: one result per item in the order sent (items that failed validation
// included, with their fields), and the counts of each outcome.
import type { BatchItem } from "./parse-usage-request";
import type { UsageItemOutcome } from "./record-usage";

export type BatchItemResult =
  | ({ index: number } & Extract<UsageItemOutcome, { status: "recorded" | "duplicate" }>)
  | { index: number; status: "rejected"; error: { code: string; message: string; fields?: Record<string, string> } };

/** `outcomes` holds one outcome per valid item, in the order of the valid items. */
export function summarizeBatch(items: BatchItem[], outcomes: UsageItemOutcome[]) {
  let next = 0;
  const results: BatchItemResult[] = items.map((item, index) => {
    if (!item.ok) return { index, status: "rejected", error: { code: "invalid_input", message: "Some fields are not valid.", fields: item.fields } };
    const outcome = outcomes[next++];
    if (!outcome) throw new Error("fewer outcomes than valid items");
    return { index, ...outcome };
  });
  const count = (status: BatchItemResult["status"]) => results.filter((r) => r.status === status).length;
  return { recorded: count("recorded"), duplicates: count("duplicate"), rejected: count("rejected"), results };
}
