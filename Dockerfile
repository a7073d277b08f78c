# syntax=docker/dockerfile:1

# ---- build: compile TypeScript with the full dependency set ----------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No dependency needs an install script to build or run (esbuild's binary comes
# from its optional per-platform package), so skip scripts.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# ---- prod-deps: production node_modules only, in a clean tree --------------
FROM node:20-bookworm-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- runtime ---------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime
# HOST=0.0.0.0: the app defaults to 127.0.0.1, unreachable from outside the container.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000
# /app is the project root the app resolves schema/, seeds/ and node_modules/
# (GraphiQL assets) from; package.json also carries "type": "module" for dist/.
WORKDIR /app
# Files stay root-owned: the node user can read the app but not change it.
COPY package.json package-lock.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY schema ./schema
# The start-up check reads the sample keys' ids from here, to refuse them if present.
COPY seeds ./seeds
USER node
EXPOSE 4000
# Slim images have no curl/wget, so probe /healthz (process up) with node itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "require('node:http').get({host:'127.0.0.1',port:process.env.PORT||4000,path:'/healthz',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('timeout',()=>process.exit(1)).on('error',()=>process.exit(1))"]
# Run node directly (not npm) so SIGTERM reaches the app's shutdown handler.
# Keys: docker compose exec api node dist/src/cli/keys.js issue --role ADMIN
CMD ["node", "dist/src/main.js"]
