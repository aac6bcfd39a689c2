// Silent failure: sign-in was limited per X-Forwarded-For's leftmost entry, which the client
// writes itself, so rotating it allowed unlimited password guessing.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { signInRefusal } from "@/lib/auth/sign-in-limits";
import { authorizeCredentials } from "@/lib/auth/options";
import { DEMO_PASSWORD } from "@/lib/demo/demo-accounts";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { setRateLimitStore } from "@/lib/rate-limit/limits";
import { MemoryRateLimitStore } from "@/lib/rate-limit/store";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

// Behind one load balancer (10.0.0.1, the address the server appends for its socket): the entry
// left of it is the one the balancer appended, the client's real address. Set
// before any module reads the environment.
vi.hoisted(() => {
  process.env.TRUSTED_PROXY_HOPS = "1";
  process.env.RATE_LIMIT_SIGNIN_PER_MINUTE = "5";
  process.env.RATE_LIMIT_SIGNIN_FAILURES_PER_ACCOUNT = "10";
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.prisma);
});
afterAll(() => database.drop());

function attempt(email: string, password: string, forwardedFor: string): NextRequest {
  return new NextRequest("http://localhost:3000/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": forwardedFor },
    body: new URLSearchParams({ email, password, csrfToken: "token", json: "true" }),
  });
}

describe("sign-in guessing with a rotating X-Forwarded-For", () => {
  it("refuses a client once its own address has spent the budget, whatever it writes in front", async () => {
    setRateLimitStore(new MemoryRateLimitStore());
    const refused = [];
    for (let i = 0; i < 6; i++) {
      refused.push(await signInRefusal(attempt(`guess-${i}@acme.test`, "wrong", `198.51.100.${i}, 203.0.113.7, 10.0.0.1`)));
    }
    expect(refused.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(refused[5]?.status).toBe(429);
    expect(Number(refused[5]?.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("locks an account after too many failures, even from a new address each time", async () => {
    setRateLimitStore(new MemoryRateLimitStore());
    for (let i = 0; i < 10; i++) {
      const request = attempt("ada@acme.test", `guess-${i}`, `198.51.100.${i}, 203.0.113.${i}, 10.0.0.1`);
      expect(await signInRefusal(request)).toBeNull();
      expect(await authorizeCredentials({ email: i % 2 ? "ada@acme.test" : "ADA@Acme.test", password: `guess-${i}` })).toBeNull();
    }
    // The eleventh try, from yet another address and with the right password, is refused too.
    const request = attempt("Ada@acme.test", DEMO_PASSWORD, "198.51.100.99, 203.0.113.99, 10.0.0.1");
    const response = await authPost(request, { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) });
    expect(response.status).toBe(429);
    // next-auth's client reads the error from `url`; without it the form's signIn() throws.
    expect(new URL((await response.json()).url).searchParams.get("error")).toBe("RateLimited");
    expect(await authorizeCredentials({ email: "ada@acme.test", password: DEMO_PASSWORD })).toBeNull();
    // Other accounts are unaffected.
    expect(await authorizeCredentials({ email: "grace@globex.test", password: DEMO_PASSWORD })).toMatchObject({ email: "grace@globex.test" });
  });
});
