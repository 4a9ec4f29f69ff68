import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root };
// Test mail servers (SMTP, IMAP, Graph stand-ins) listen on loopback; other internal addresses stay refused.
const OUTBOUND_ALLOW = "127.0.0.1,::1,localhost";

// Two projects over the same files:
//  - unit: every *.test.ts; DB tests run on PGlite (a migrated data dir dumped once in global setup).
//  - pg:   only *.db.test.ts, each file in its own fresh PostgreSQL database (TEST_DATABASE_URL).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        // Next compiles JSX itself (tsconfig "preserve"); tests of server-rendered components need it compiled here.
        oxc: { jsx: { runtime: "automatic" } },
        test: {
          name: "unit",
          include: ["{lib,db,inngest,app,components,scripts,bench,services}/**/*.test.ts"],
          environment: "node",
          globalSetup: ["db/testing/global-setup.ts"],
          env: { DOCKET_TEST_ENGINE: "pglite", DOCKET_OUTBOUND_ALLOW: OUTBOUND_ALLOW },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "pg",
          include: ["{lib,db,inngest,app,scripts,services}/**/*.db.test.ts"],
          environment: "node",
          globalSetup: ["db/testing/global-setup.ts"],
          env: { DOCKET_TEST_ENGINE: "postgres", DOCKET_OUTBOUND_ALLOW: OUTBOUND_ALLOW },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
