import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const alias = { "@": root };

// Two projects over the same files:
//  - unit: every *.test.ts; DB tests run on PGlite (a migrated data dir dumped once in global setup).
//  - pg:   only *.db.test.ts, each file in its own fresh PostgreSQL database (TEST_DATABASE_URL).
export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["{lib,db,inngest,app,components,scripts,bench,services}/**/*.test.ts"],
          environment: "node",
          globalSetup: ["db/testing/global-setup.ts"],
          env: { DOCKET_TEST_ENGINE: "pglite" },
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
          env: { DOCKET_TEST_ENGINE: "postgres" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
