#!/bin/sh
# Container start, run from the app directory: bring the database schema up to date (and load
# the demo data in demo mode), then replace this shell with the standalone Next server so it
# receives SIGTERM directly. Replicas starting together serialize on the migration lock.
set -e
# next-auth builds its callback URLs from NEXTAUTH_URL; npm start derives it from APP_URL too.
export NEXTAUTH_URL="${NEXTAUTH_URL:-${APP_URL:-http://localhost:${PORT:-3000}}}"
node docker/prepare-database.mjs
# The preload appends each socket's address to X-Forwarded-For (see TRUSTED_PROXY_HOPS).
exec node --import ./docker/append-socket-address.mjs server.js
