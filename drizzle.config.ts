import { defineConfig } from "drizzle-kit";

// `npm run db:generate` writes SQL migrations from db/schema into db/migrations.
// The same migration set is applied to PGlite and to PostgreSQL (see db/migrate.ts).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
});
