// Who may sign in through an OAuth provider: a person already in the users table, and only when
// the provider vouches for the email. An unverified address at GitHub or Google proves nothing
// about who owns it, so it must not open a Ledgerline account that happens to share it.
import type { Account, Profile, User } from "next-auth";
import { db } from "@/lib/db/client";

/** Providers whose profile says whether the email is verified (GitHub's through github-verified-email.ts). */
const VERIFYING_PROVIDERS = new Set(["google", "github"]);

function emailVerified(account: Account, profile: Profile | undefined): boolean {
  if (!VERIFYING_PROVIDERS.has(account.provider) || !profile) return false;
  // Google's OpenID claim and the GitHub profile built here both carry a boolean; anything else is "no".
  return "email_verified" in profile && profile.email_verified === true;
}

export async function allowOAuthSignIn({ user, account, profile }: { user: User; account: Account; profile?: Profile }): Promise<boolean> {
  if (!user.email || !emailVerified(account, profile)) return false;
  if (profile?.email && profile.email.toLowerCase() !== user.email.toLowerCase()) return false;
  return (await db().user.count({ where: { email: user.email.toLowerCase() } })) > 0;
}
