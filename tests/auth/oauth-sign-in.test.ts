// OAuth sign-in admits a person already in the users table only when the provider says the
// email is verified: Google's email_verified, GitHub's primary address marked verified.
import type { Account, Profile, User } from "next-auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/options";
import { githubUserinfoRequest } from "@/lib/auth/github-verified-email";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await database.prisma.user.create({ data: { email: "known@example.test", name: "Known", role: "support" } });
});
afterAll(() => database.drop());

const user: User = { id: "provider-id", email: "known@example.test", name: "Known", role: "customer", tenantId: null };
const account = (provider: string): Account => ({ provider, type: "oauth", providerAccountId: "provider-id" });

function signIn(provider: string, profile: Record<string, unknown>, who: User = user) {
  const callback = authOptions().callbacks?.signIn;
  if (!callback) throw new Error("no signIn callback");
  const asProfile: Profile = profile;
  return callback({ user: who, account: account(provider), profile: asProfile });
}

describe("OAuth sign-in", () => {
  it.each<[string, string, Record<string, unknown>, boolean]>([
    ["Google, verified", "google", { email: "known@example.test", email_verified: true }, true],
    ["Google, not verified", "google", { email: "known@example.test", email_verified: false }, false],
    ["Google, verification as a string", "google", { email: "known@example.test", email_verified: "true" }, false],
    ["Google, no verification claim", "google", { email: "known@example.test" }, false],
    ["GitHub, primary email verified", "github", { email: "known@example.test", email_verified: true }, true],
    ["GitHub, primary email not verified", "github", { email: "known@example.test", email_verified: false }, false],
    ["GitHub, profile without verification info", "github", { email: "known@example.test", login: "known" }, false],
    ["a provider with no verification rule", "gitlab", { email: "known@example.test", email_verified: true }, false],
  ])("%s", async (_name, provider, profile, allowed) => {
    expect(await signIn(provider, profile)).toBe(allowed);
  });

  it("still refuses a verified email nobody added to the users table", async () => {
    expect(await signIn("google", { email: "stranger@example.test", email_verified: true }, { ...user, email: "stranger@example.test" })).toBe(false);
  });

  it("leaves email + password sign-in to its own check", async () => {
    const callback = authOptions().callbacks?.signIn;
    expect(await callback?.({ user, account: { provider: "credentials", type: "credentials", providerAccountId: "x" } })).toBe(true);
  });
});

describe("GitHub's user info", () => {
  const client = { userinfo: async () => ({ id: 7, login: "known", email: "public@example.test" }) };
  const emails = (list: unknown[]) => async () => Response.json(list);

  it("takes the primary address and whether GitHub verified it", async () => {
    const profile = await githubUserinfoRequest(
      { client, tokens: { access_token: "gho_x" } },
      emails([
        { email: "public@example.test", primary: false, verified: true },
        { email: "known@example.test", primary: true, verified: true },
      ]),
    );
    expect(profile).toMatchObject({ login: "known", email: "known@example.test", email_verified: true });
  });

  it.each<[string, unknown[]]>([
    ["an unverified primary address", [{ email: "known@example.test", primary: true, verified: false }]],
    ["no primary address", [{ email: "known@example.test", primary: false, verified: true }]],
  ])("marks the profile unverified for %s", async (_name, list) => {
    expect(await githubUserinfoRequest({ client, tokens: { access_token: "gho_x" } }, emails(list))).toMatchObject({ email_verified: false });
  });

  it("marks the profile unverified when the address list cannot be read", async () => {
    const failing = async () => new Response("forbidden", { status: 403 });
    expect(await githubUserinfoRequest({ client, tokens: { access_token: "gho_x" } }, failing)).toMatchObject({ email_verified: false });
  });
});
