// Every server action × every role, generated from the modules that declare "use server": an
// action without an entry in the table below fails this test, so a new action cannot be
// forgotten. Input is empty, so an allowed role gets as far as validation and no further.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string; email: string; name: string; role: string; tenantId: string | null } } }));
vi.mock("next-auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getServerSession: async () => session.current }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

/** Which roles may run each action. */
const matrix: Record<string, Role[]> = {
  runBackfillAction: ["support", "admin"],
  setUsageLineQuantityAction: ["support", "admin"],
  setInvoiceHoldAction: ["support", "admin"],
  resolveConflictAction: ["support", "admin"],
  // Support may repair drift: it only makes the local copy match Stripe.
  repairDriftAction: ["support", "admin"],
  // Support may revoke a leaked key but never mint one: a key posts billable usage.
  createApiKeyAction: ["customer", "admin"],
  revokeApiKeyAction: ["customer", "support", "admin"],
  openCustomerPortalAction: ["customer", "support", "admin"],
  replayEnvelopeAction: ["support", "admin"],
  replayEditedEnvelopeAction: ["admin"],
  dryRunReplayAction: ["support", "admin"],
  discardEnvelopeAction: ["admin"],
  resolveEnvelopeAction: ["support", "admin"],
  setFailureGroupStateAction: ["support", "admin"],
  startBulkReplayAction: ["support", "admin"],
  mapIssueCustomerAction: ["support", "admin"],
  replayIssueAction: ["support", "admin"],
  previewIssueCorrectionAction: ["admin"],
  correctIssueAction: ["admin"],
  saveRetryPolicyAction: ["admin"],
};

function serverActionModules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : serverActionModules(full);
    return /\.tsx?$/.test(entry.name) && /^["']use server["']/m.test(fs.readFileSync(full, "utf8")) ? [full] : [];
  });
}

type Action = (input: unknown) => Promise<{ ok: boolean; error?: { code: string } }>;
const actions = new Map<string, Action>();
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  for (const file of [...serverActionModules("lib"), ...serverActionModules("app")]) {
    const exported = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exported)) if (typeof value === "function") actions.set(name, value as Action);
  }
});
afterAll(() => database.drop());

const users: Record<Role | "anonymous", typeof session.current> = {
  anonymous: null,
  customer: { user: { id: "00000000-0000-0000-0000-00000000c001", email: "c@x.test", name: "C", role: "customer", tenantId: "00000000-0000-0000-0000-00000000aaaa" } },
  support: { user: { id: "00000000-0000-0000-0000-00000000c002", email: "s@x.test", name: "S", role: "support", tenantId: null } },
  admin: { user: { id: "00000000-0000-0000-0000-00000000c003", email: "a@x.test", name: "A", role: "admin", tenantId: null } },
};

describe("server action authorization matrix", () => {
  it("covers every server action the app declares", () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(matrix).sort());
  });

  for (const [name, allowed] of Object.entries(matrix)) {
    for (const role of ["anonymous", "customer", "support", "admin"] as const) {
      const expectAllowed = role !== "anonymous" && allowed.includes(role);
      it(`${name} × ${role} → ${expectAllowed ? "reaches validation" : "refused"}`, async () => {
        session.current = users[role];
        const result = await actions.get(name)!({});
        expect(result.ok).toBe(false);
        if (expectAllowed) expect(result.error?.code).toBe("invalid_input");
        else expect(result.error?.code).toBe(role === "anonymous" ? "unauthenticated" : "forbidden");
      });
    }
  }
});

describe("cross-tenant attempts through server actions (IDOR)", () => {
  it("refuses a customer acting on another tenant's records, even with valid ids", async () => {
    const { seedDemoData } = await import("@/lib/demo/seed-demo-data");
    await seedDemoData(database.prisma);
    const acme = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "acme" } });
    const globex = await database.prisma.tenant.findUniqueOrThrow({ where: { slug: "globex" } });
    const globexCustomer = await database.prisma.customer.findFirstOrThrow({ where: { tenantId: globex.id } });
    const acmeCustomer = await database.prisma.customer.findFirstOrThrow({ where: { tenantId: acme.id } });
    session.current = { user: { id: "00000000-0000-0000-0000-00000000c001", email: "ada@acme.test", name: "Ada", role: "customer", tenantId: acme.id } };

    const attempts = [
      actions.get("createApiKeyAction")!({ tenantId: globex.id, name: "stolen" }),
      actions.get("revokeApiKeyAction")!({ tenantId: globex.id, id: globexCustomer.id }),
      actions.get("openCustomerPortalAction")!({ tenantId: globex.id, customerId: globexCustomer.id }),
      // Own tenant in the input, another tenant's customer id.
      actions.get("openCustomerPortalAction")!({ tenantId: acme.id, customerId: globexCustomer.id }),
    ];
    for (const result of await Promise.all(attempts)) {
      expect(result.ok).toBe(false);
      expect(["not_found", "forbidden"]).toContain(result.error?.code);
    }
    expect(await database.prisma.apiKey.count({ where: { tenantId: globex.id } })).toBe(0);
    expect(acmeCustomer.tenantId).toBe(acme.id);
  });
});
