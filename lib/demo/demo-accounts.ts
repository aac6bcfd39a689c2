// The demo's sign-in accounts, listed on the sign-in page in demo mode.
import type { Role } from "@/lib/auth/roles";

export const DEMO_PASSWORD = "ledgerline-demo";

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  tenantSlug?: string;
}

export const demoTenants = [
  { slug: "acme", name: "Acme Cloud", currency: "usd", plans: [19900, 4900] },
  { slug: "globex", name: "Globex Analytics", currency: "usd", plans: [99900] },
  { slug: "initech", name: "Initech Hosting", currency: "eur", plans: [4900] },
  { slug: "umbrella", name: "Umbrella Labs", currency: "usd", plans: [29900] },
] as const;

export const demoAccounts: DemoAccount[] = [
  { email: "ada@acme.test", name: "Ada (Acme Cloud)", role: "customer", tenantSlug: "acme" },
  { email: "grace@globex.test", name: "Grace (Globex Analytics)", role: "customer", tenantSlug: "globex" },
  { email: "linus@initech.test", name: "Linus (Initech Hosting)", role: "customer", tenantSlug: "initech" },
  { email: "support@ledgerline.test", name: "Sam Support", role: "support" },
  { email: "admin@ledgerline.test", name: "Alex Admin", role: "admin" },
];
