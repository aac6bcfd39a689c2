// Prisma CLI configuration. The app itself never reads this file: lib/db/client.ts picks the
// driver adapter. `prisma migrate deploy` (where Prisma's engine is installed) uses DATABASE_URL.
// The schema is a folder, one file per area (prisma/schema/schema.prisma lists them).
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/ledgerline" },
});
