# syntax=docker/dockerfile:1
# ResuMate API (Node). Configuration only through environment variables (see README / src/config.ts).
# The server migrates and seeds on every start (idempotent, one instance at a time via an
# advisory lock), answers /health at once and /ready when the database (and cache) answer,
# and drains in-flight requests on SIGTERM.

# --- production dependencies only (esbuild, a dependency, compiles the server in the image) ---
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- everything, for the test profile of docker-compose.yml (npm test, check:worker) ---
FROM node:20-bookworm-slim AS test
WORKDIR /app
ENV CI=true WRANGLER_SEND_METRICS=false NO_COLOR=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
CMD ["sh", "-c", "npm run lint && npm run typecheck && npm test && npm run check:worker"]

# --- runtime ---
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8000 \
    PGLITE_DIR=/data/pglite
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root src ./src
COPY --chown=root:root drizzle ./drizzle
COPY --chown=root:root scripts ./scripts
# What `npm start` runs: the server compiled once here (dist/server), so the container starts it
# without compiling and the read-only app files stay as they are.
RUN node scripts/start.mjs --build
# The app's files stay root-owned and read-only to the process; only /data (the embedded
# database, used when DATABASE_URL is unset) is writable.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
# What `npm start` runs, without npm in between: node is PID 1's child (compose `init: true`)
# and receives SIGTERM itself, so the graceful drain runs.
CMD ["node", "scripts/start.mjs"]
