# syntax=docker/dockerfile:1
# Ledgerline as a container: the Next standalone server plus a bundled migration step, running
# as the unprivileged `node` user. See docs/deploy.md.
ARG NODE_VERSION=22

# 1. Dependencies (the postinstall step generates the Prisma client from the schema).
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
# The workspace packages' manifests: npm ci links them (their source comes with the build stage).
COPY packages/stripe-simulator/package.json ./packages/stripe-simulator/
COPY packages/inngest-local-driver/package.json ./packages/inngest-local-driver/
COPY prisma ./prisma
COPY scripts/prisma-generate.mjs ./scripts/
RUN npm ci --no-audit --no-fund

# 2. Build: `next build` (standalone output + static assets), then bundle docker/prepare-database.ts
#    (the project's migration runner and demo seed) into plain JavaScript inside the standalone tree.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=deps /app/lib/db/generated ./lib/db/generated
RUN npm run build && node docker/build-entry.mjs

# 3. Runtime: only the standalone tree (server.js, traced node_modules, static assets,
#    prisma/migrations, docker/prepare-database.mjs and docker/entrypoint.sh).
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
COPY --from=build --chown=node:node /app/.next/standalone ./
USER node
EXPOSE 3000
# Embedded PGlite (no DATABASE_URL), the generated demo auth secret and simulator state live here.
VOLUME ["/data"]
# Liveness only (/api/health never touches the database). Slim images have no curl: use Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["/bin/sh", "docker/entrypoint.sh"]
