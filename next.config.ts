import type { NextConfig } from "next";
import { securityHeaders } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  output: "standalone",
  poweredByHeader: false,
  // Type checking is its own step (`npm run typecheck`, run by CI); skipping it here keeps the
  // first `npm start` quick.
  typescript: { ignoreBuildErrors: true },
  // The dead-letter explorer's pages were under /support/dlq: links already sent in alerts and
  // weekly reports keep working.
  async redirects() {
    return [
      { source: "/support/dlq", destination: "/support/dead-letters", permanent: true },
      { source: "/support/dlq/:path*", destination: "/support/dead-letters/:path*", permanent: true },
      { source: "/support/reports/dlq", destination: "/support/reports/dead-letters", permanent: true },
    ];
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders(process.env.NODE_ENV === "production") }];
  },
  // The emulators are workspace packages published as TypeScript source; instrumentation loads them.
  transpilePackages: ["@ledgerline/stripe-simulator", "@ledgerline/inngest-local-driver"],
  // PGlite ships WASM and data files it loads from its own package directory at run time.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pino", "pg"],
};

export default nextConfig;
