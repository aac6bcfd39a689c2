// Role checks on every dead-letter page, action and JSON route: customers never get in; support
// views and replays; only admins discard, edit payloads and change retry policies.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { seedEnvelope } from "./helpers";

const session = vi.hoisted(() => ({ user: null as null | { id: string; email: string; name: string; role: Role; tenantId: string | null } }));

vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", async () => {
  const { can } = await import("@/lib/auth/roles");
  const { AppError } = await import("@/lib/errors/app-error");
  return {
    getSessionUser: async () => session.user,
    requireUser: async (permission?: Parameters<typeof can>[1]) => {
      if (!session.user) throw new AppError("unauthenticated", "Sign in to continue.");
      if (permission && !can(session.user.role, permission)) throw new AppError("forbidden", "You do not have permission to do this.");
      return session.user;
    },
    requirePageUser: async (permission?: Parameters<typeof can>[1]) => {
      if (!session.user) throw new Error("NEXT_REDIRECT /signin");
      if (permission && !can(session.user.role, permission)) throw new Error("NEXT_REDIRECT /forbidden");
      return session.user;
    },
  };
});

function signInAs(role: Role | null) {
  session.user = role ? { id: randomUUID(), email: `${role}@ledgerline.test`, name: role, role, tenantId: null } : null;
}

let database: TestDatabase;
let envelopeId: string;
beforeAll(async () => {
  database = await createTestDatabase();
  envelopeId = await seedEnvelope();
});
afterAll(() => database.drop());

const pages: [string, () => Promise<unknown>][] = [
  ["/support/dead-letters", async () => (await import("@/app/(app)/support/dead-letters/page")).default({ searchParams: Promise.resolve({}) })],
  ["/support/dead-letters/[id]", async () => (await import("@/app/(app)/support/dead-letters/[id]/page")).default({ params: Promise.resolve({ id: envelopeId }) })],
  ["/support/dead-letters/runs/[runId]", async () => (await import("@/app/(app)/support/dead-letters/runs/[runId]/page")).default({ params: Promise.resolve({ runId: "run_unknown" }) })],
  ["/support/alerts", async () => (await import("@/app/(app)/support/alerts/page")).default()],
  ["/support/settings", async () => (await import("@/app/(app)/support/settings/page")).default()],
  ["/support/reports/dead-letters", async () => (await import("@/app/(app)/support/reports/dead-letters/page")).default()],
];

describe("pages", () => {
  it.each(pages)("%s sends customers to /forbidden and signed-out visitors to /signin", async (_, render) => {
    signInAs("customer");
    await expect(render()).rejects.toThrow("/forbidden");
    signInAs(null);
    await expect(render()).rejects.toThrow("/signin");
  });

  it.each(pages)("%s renders for support", async (path, render) => {
    signInAs("support");
    if (path.includes("runs")) await expect(render()).rejects.toThrow(/NEXT_HTTP_ERROR_FALLBACK;404|NEXT_NOT_FOUND/);
    else await expect(render()).resolves.toBeTruthy();
  });
});

type ActionModule = typeof import("@/lib/dead-letters/actions");
type Call = (actions: ActionModule) => Promise<{ ok: boolean; error?: { code: string } }>;
const missing = randomUUID();

// [action, call, lowest role allowed]
const actions: [string, Call, Role][] = [
  ["replay", (a) => a.replayEnvelopeAction({ envelopeId: missing }), "support"],
  ["dry run", (a) => a.dryRunReplayAction({ envelopeId: missing }), "support"],
  ["mark resolved", (a) => a.resolveEnvelopeAction({ envelopeId: missing, reason: "fixed upstream" }), "support"],
  ["set issue state", (a) => a.setFailureGroupStateAction({ groupId: missing, state: "acknowledged" }), "support"],
  ["bulk replay", (a) => a.startBulkReplayAction({ query: "jobType=stripe-none" }), "support"],
  ["map an issue's customer to a tenant", (a) => a.mapIssueCustomerAction({ issueId: missing, tenantId: missing }), "support"],
  ["replay an issue", (a) => a.replayIssueAction({ issueId: missing }), "support"],
  ["preview an issue-wide correction", (a) => a.previewIssueCorrectionAction({ issueId: missing, envelopeId: missing, payloadJson: "{}" }), "admin"],
  ["correct every envelope of an issue", (a) => a.correctIssueAction({ issueId: missing, envelopeId: missing, payloadJson: "{}" }), "admin"],
  ["discard", (a) => a.discardEnvelopeAction({ envelopeId: missing, reason: "duplicate" }), "admin"],
  ["replay an edited payload", (a) => a.replayEditedEnvelopeAction({ envelopeId: missing, payloadJson: "{}" }), "admin"],
  ["change a retry policy", (a) => a.saveRetryPolicyAction({ jobType: "maintenance", policy: { maxAttempts: 2, strategy: "fixed", scheduleMs: [1000] } }), "admin"],
];

describe("actions", () => {
  it.each(actions)("%s checks the role", async (_, call, lowest) => {
    const actionsModule = await import("@/lib/dead-letters/actions");
    const allowed: Record<Role, boolean> = { customer: false, support: lowest === "support", admin: true };
    for (const role of ["customer", "support", "admin"] as const) {
      signInAs(role);
      const result = await call(actionsModule);
      if (allowed[role]) expect(result.error?.code, `${role} should pass the gate`).not.toBe("forbidden");
      else expect(result, `${role} should be refused`).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    signInAs(null);
    expect(await call(actionsModule)).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const { resolveEnvelopeAction } = await import("@/lib/dead-letters/actions");
    signInAs("support");
    const before = await database.prisma.auditEvent.count();
    expect(await resolveEnvelopeAction({ envelopeId, reason: "" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await resolveEnvelopeAction({ envelopeId: "not-an-id", reason: "fixed" })).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(await database.prisma.auditEvent.count()).toBe(before);
  });

  it("audits a support action with its actor", async () => {
    const { resolveEnvelopeAction } = await import("@/lib/dead-letters/actions");
    signInAs("support");
    expect(await resolveEnvelopeAction({ envelopeId, reason: "Fixed in Stripe by hand" })).toMatchObject({ ok: true });
    const event = await database.prisma.auditEvent.findFirstOrThrow({ where: { entityId: envelopeId, eventType: "failure_envelope.resolved" } });
    expect(event).toMatchObject({ actor: "support@ledgerline.test", source: "support", payload: { by: "support", reason: "Fixed in Stripe by hand" } });
    expect(await resolveEnvelopeAction({ envelopeId, reason: "again" })).toMatchObject({ ok: false, error: { code: "conflict" } });
  });
});

describe("GET /api/support/dead-letters", () => {
  it.each<[Role | null, number]>([
    [null, 401],
    ["customer", 403],
    ["support", 200],
  ])("answers %s with %i", async (role, status) => {
    const { GET } = await import("@/app/api/support/dead-letters/route");
    signInAs(role);
    const response = await GET(new Request("http://local/api/support/dead-letters?jobType=stripe-invoice-paid"));
    expect(response.status).toBe(status);
    if (status === 200) expect((await response.json()).envelopes).toHaveLength(1);
  });

  it("answers bad filters with 400 and the field", async () => {
    const { GET } = await import("@/app/api/support/dead-letters/route");
    signInAs("support");
    const response = await GET(new Request("http://local/api/support/dead-letters?status=nope"));
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields.status).toBeTruthy();
  });
});
