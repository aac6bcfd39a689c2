"use server";
// Server actions on draft invoices (support's interventions before finalization), each through the
// one gate (session, permission, zod).
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { setInvoiceHold, setUsageLineQuantity } from "@/lib/invoices/intervene-on-invoice";

const reason = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(500);
const uuid = z.uuid();

export const setUsageLineQuantityAction = authorizedAction(
  "billing:intervene",
  z.object({ invoiceId: uuid, usageLineId: uuid, quantity: z.coerce.number().int().min(0).max(100_000_000), reason, expectedVersion: z.coerce.number().int().min(1) }),
  async (input, user) => {
    const result = await setUsageLineQuantity(input, { email: user.email ?? user.id });
    return result;
  },
);

export const setInvoiceHoldAction = authorizedAction(
  "billing:intervene",
  z.object({ invoiceId: uuid, held: z.boolean(), reason, expectedVersion: z.coerce.number().int().min(1) }),
  (input, user) => setInvoiceHold(input, { email: user.email ?? user.id }),
);
