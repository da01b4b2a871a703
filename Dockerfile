# syntax=docker/dockerfile:1
# CDP Gateway image: compile in a build stage with the dev toolchain, run plain JavaScript with
# production dependencies only. Build: docker build -t cdp-gateway .
ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The incremental-build record is of no use in the image.
RUN npm run build && rm -f dist/.tsbuildinfo

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# No heap cap here: Node derives one from the container's memory limit, and the Kubernetes
# Deployment sets its own beside its limit (deploy/deployment.yaml; README, Performance).
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
# No production dependency has an install script; refusing them keeps the install reproducible.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The official image's unprivileged user (uid 1000); nothing in /app is writable by it.
USER node
EXPOSE 4000
# No curl in slim images: Node's own fetch probes the liveness endpoint.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form without npm or a shell in between, so SIGTERM reaches Node and the graceful drain runs.
CMD ["node", "dist/server.js"]
