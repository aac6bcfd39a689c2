// Prisma CLI configuration. The app itself never reads this file: lib/db/client.ts picks the
// driver adapter. `prisma migrate deploy` (where Prisma's engine is installed) uses DATABASE_URL.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/ledgerline" },
});
