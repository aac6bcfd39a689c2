// GitHub's user info with a verified email. next-auth's GitHub provider takes the public profile
// email, or the primary address when there is none, and drops whether GitHub verified it; here
// the primary address and its `verified` flag always come from GET /user/emails.
import { z } from "zod";
import { logger } from "@/lib/logging/logger";

const emailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

export interface GitHubUserinfoContext {
  client: { userinfo(accessToken: string): Promise<object> };
  tokens: { access_token?: string };
}

export type GitHubProfile = Record<string, unknown> & { email?: string; email_verified: boolean };

export async function githubUserinfoRequest({ client, tokens }: GitHubUserinfoContext, fetchImpl: typeof fetch = fetch): Promise<GitHubProfile> {
  const accessToken = tokens.access_token ?? "";
  const profile = { ...(await client.userinfo(accessToken)) };
  const response = await fetchImpl("https://api.github.com/user/emails", {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "Ledgerline" },
  });
  // Without the list (scope refused, GitHub down) nothing is verified: sign-in is refused.
  const emails = response.ok ? emailsSchema.safeParse(await response.json()) : undefined;
  if (!emails?.success) logger().warn({ status: response.status }, "GitHub email list unreadable: sign-in refused as unverified");
  const primary = emails?.success ? emails.data.find((entry) => entry.primary) : undefined;
  return { ...profile, email: primary?.email, email_verified: primary?.verified === true };
}
