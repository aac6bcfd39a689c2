"use server";
// Server actions of the conflict review, through the one gate (session, permission, zod).
import { z } from "zod";
import { authorizedAction } from "@/lib/auth/authorized-action";
import { requestTenantSync } from "@/lib/billing-sync/request-sync";
import { resolveConflict } from "@/lib/conflicts/resolve-conflict";

const uuid = z.uuid();

export const resolveConflictAction = authorizedAction(
  "conflicts:resolve",
  z.object({ conflictId: uuid, resolution: z.enum(["accept_theirs", "keep_ours"]) }),
  async (input, user) => {
    const result = await resolveConflict(input, { email: user.email ?? user.id });
    if (input.resolution === "keep_ours") requestTenantSync(result.tenantId, "support");
    return result;
  },
);
