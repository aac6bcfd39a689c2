// The current period as the customer should see it: the draft's lines as Stripe last reported
// them, except that Ledgerline's usage lines show their compiled quantity (pending included)
// instead of Stripe's possibly older copy. Pure, so the arithmetic is tested on its own.

export interface StripeSideLine {
  id: string;
  stripeLineItemId: string | null;
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
}

export interface UsageSideLine {
  id: string;
  lineKey: string;
  description: string;
  unitAmount: number;
  stripeLineId: string | null;
  syncedQuantity: number;
  compiledQuantity: number;
}

export interface RunningLine {
  id: string;
  description: string;
  quantity: number;
  unitAmount: number;
  amount: number;
  /** Usage not yet in Stripe (quantity); 0 for lines Stripe owns. */
  pendingQuantity: number;
  source: "stripe" | "usage";
}

export function composeRunningLines(stripeLines: StripeSideLine[], usageLines: UsageSideLine[]): { lines: RunningLine[]; total: number; pendingAmount: number } {
  const usageLineIds = new Set(usageLines.flatMap((l) => (l.stripeLineId ? [l.stripeLineId] : [])));
  const lines: RunningLine[] = [
    ...stripeLines
      .filter((l) => !l.stripeLineItemId || !usageLineIds.has(l.stripeLineItemId))
      .map((l) => ({ id: l.id, description: l.description, quantity: l.quantity, unitAmount: l.unitAmount, amount: l.amount, pendingQuantity: 0, source: "stripe" as const })),
    ...usageLines.map((l) => {
      const quantity = Math.max(0, l.compiledQuantity);
      return { id: l.id, description: l.description, quantity, unitAmount: l.unitAmount, amount: quantity * l.unitAmount, pendingQuantity: quantity - l.syncedQuantity, source: "usage" as const };
    }),
  ];
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const pendingAmount = lines.reduce((sum, l) => sum + l.pendingQuantity * l.unitAmount, 0);
  return { lines, total, pendingAmount };
}
