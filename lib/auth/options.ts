// next-auth configuration: email + password against the users table (works offline), plus
// GitHub / Google when their credentials are set. Sessions are signed JWTs carrying the
// user's id, role and tenant.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import { z } from "zod";
import { getEnv } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { githubUserinfoRequest } from "./github-verified-email";
import { allowOAuthSignIn } from "./oauth-sign-in";
import { getAuthSecret } from "./secret";
import { verifyPassword } from "./password";
import { recordFailedSignIn, signInAllowed } from "./sign-in-limits";
import type { Role } from "./roles";

const credentialsSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()), password: z.string().min(1).max(200) });

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role; tenantId: string | null };
  }
  interface User {
    role: Role;
    tenantId: string | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    tenantId?: string | null;
  }
}

function oauthProviders(): NextAuthOptions["providers"] {
  const env = getEnv();
  const providers: NextAuthOptions["providers"] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    // The primary address and whether GitHub verified it, for the sign-in check below.
    const userinfo = { url: "https://api.github.com/user", request: githubUserinfoRequest };
    providers.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET, userinfo }));
  }
  if (env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET) {
    providers.push(GoogleProvider({ clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET }));
  }
  return providers;
}

export async function authorizeCredentials(input: unknown) {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  // A locked account is refused before bcrypt, even with the right password: a guess cannot
  // be told from its owner.
  if (!(await signInAllowed(email))) return null;
  const user = await db().user.findUnique({ where: { email } });
  if (!user?.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    // Unknown emails count too, so failures say nothing about which accounts exist.
    await recordFailedSignIn(email);
    return null;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, tenantId: user.tenantId };
}

export function authOptions(): NextAuthOptions {
  const secure = getEnv().appUrl.startsWith("https://");
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/signin" },
    useSecureCookies: secure,
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: (credentials) => authorizeCredentials(credentials),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      // OAuth sign-in only for people already known to Ledgerline: the provider proves the
      // email (verified), the users table grants the role and tenant.
      async signIn({ user, account, profile }) {
        if (!account || account.type === "credentials") return true;
        return allowOAuthSignIn({ user, account, profile });
      },
      async jwt({ token, user, account }) {
        if (user && account?.type === "credentials") {
          token.uid = user.id;
          token.role = user.role;
          token.tenantId = user.tenantId;
        } else if (user?.email) {
          const known = await db().user.findUnique({ where: { email: user.email.toLowerCase() } });
          if (known) Object.assign(token, { uid: known.id, role: known.role, tenantId: known.tenantId });
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid && token.role) {
          session.user = {
            id: token.uid,
            email: token.email ?? "",
            name: token.name ?? "",
            role: token.role,
            tenantId: token.tenantId ?? null,
          };
        }
        return session;
      },
    },
  };
}
