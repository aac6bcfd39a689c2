"use server";
// Server actions of the drift list, through the one gate (session, permission, zod).
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { repairAllDrift, repairDrift } from "@/lib/reconciliation/repair-drift";

export const repairDriftAction = authorizedAction(
  "reconciliation:repair",
  z.discriminatedUnion("scope", [z.object({ scope: z.literal("all") }), z.object({ scope: z.literal("invoice"), driftId: z.uuid() })]),
  async (input, user) => {
    const by = { email: user.email ?? user.id };
    return input.scope === "all" ? repairAllDrift(by) : repairDrift(input.driftId, by);
  },
);
