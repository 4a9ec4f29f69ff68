import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// End-to-end browser suite: `npm run test:e2e` = `vitest run -c vitest.e2e.config.ts`.
// e2e/global-setup.ts builds the app (unless E2E_SKIP_BUILD=1), starts a local OpenID provider and
// `next start` on a fresh embedded database; specs in e2e/**/*.spec.ts drive /usr/bin/chromium through
// playwright-core. One server, one browser at a time: files run one after another.
const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    name: "e2e",
    include: ["e2e/**/*.spec.ts"],
    environment: "node",
    globalSetup: ["e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
  },
});
