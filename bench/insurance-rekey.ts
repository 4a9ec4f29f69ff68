/**
 * Re-keying a catalog imported before the current search-key rule (start-up maintenance,
 * services/insurance/rekey-catalogs.ts): a 70,000-entry generated catalog whose stored keys are made old (the
 * words apart, as before the trim rule), then re-keyed in pages, on PGlite and — when reachable — PostgreSQL.
 * Prints entries scanned/changed, the time, and the second (no-op) run. Not written to docs.
 * Run: npx tsx bench/insurance-rekey.ts [--catalog 70000] [--batch 2000]
 */
import { sql } from "drizzle-orm";
import { migrateDatabase, openDatabase, type Database } from "@/db/client";
import { createCatalog, importCatalogEntries, rekeyStaleCatalogs, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { fmt, msSince, numberArg, withScratchPostgres } from "./support";

const CATALOG = numberArg("catalog", 70_000);
const BATCH = numberArg("batch", 2_000);

async function run(database: Database, engine: string) {
  const db = database.db;
  const u = await findOrCreateUserByEmail(db, "bench@rekey.bench");
  const workspaceId = await ensurePersonalWorkspace(db, u.id);
  const insurer = await createInsurer(db, { workspaceId, actorId: u.id, name: `Bench ${Date.now()}` });
  const catalog = await createCatalog(db, { workspaceId, actorId: u.id, insurerId: insurer.id, filename: "bench.csv", blobKey: null });
  // the generator makes ~41,000 distinct entries; a larger catalog repeats them under codes of their own
  const pool = toCatalogEntries(generateCatalog({ seed: 1, size: Math.min(CATALOG, 40_000) }));
  const entries = Array.from({ length: CATALOG }, (_, i) => (i < pool.length ? pool[i] : { ...pool[i % pool.length], code: `${pool[i % pool.length].code}R${Math.floor(i / pool.length)}` }));
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries, errors: [] });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported" });
  // what an import before the rule stored: every key rewritten by plain upper-casing (numerals as written), version 0
  await db.execute(sql`update catalog_entries set search_keys = upper(brand || ' ' || model || ' ' || version || ' ' || description || ' ' || year) where catalog_id = ${catalog.id}`);
  await db.execute(sql`update catalogs set search_keys_version = 0 where id = ${catalog.id}`);
  let t = performance.now();
  const [first] = await rekeyStaleCatalogs(db, { batch: BATCH });
  const firstMs = msSince(t);
  await db.execute(sql`update catalogs set search_keys_version = 0 where id = ${catalog.id}`);
  t = performance.now();
  const [second] = await rekeyStaleCatalogs(db, { batch: BATCH });
  const secondMs = msSince(t);
  console.log(
    `${engine}: ${fmt(first.scanned)} entries in pages of ${fmt(BATCH)}: ${fmt(first.changed)} keys rewritten in ${fmt(firstMs)} ms; ` +
      `again (nothing to change): ${fmt(second.changed)} rewritten, ${fmt(secondMs)} ms`,
  );
}

const lite = await openDatabase({});
await migrateDatabase(lite);
await run(lite, "PGlite");
await lite.close();
await withScratchPostgres("docket_bench_rekey", (database) => run(database, "PostgreSQL"));
