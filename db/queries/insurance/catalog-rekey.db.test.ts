import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { catalogEntries, catalogs } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import type { CatalogEntry } from "@/lib/insurance/catalog";
import { CATALOG_SEARCH_KEYS_VERSION } from "@/lib/insurance/catalog-keys";
import { rekeyCatalogSearchKeys } from "@/services/insurance/rekey-catalogs";
import { createCatalog, importCatalogEntries, rekeyStaleCatalogs, searchCatalog, setCatalogImportState } from "./catalogs";
import { createInsurer } from "./insurers";

// Catalogs imported before the trim rule (TSURU GS1 = GS I, GSII = GS II) kept the search keys the old rule wrote
// ("… GS II …"), so the catalog search dialog ranked them unlike a catalog imported today. Start-up re-keys them in
// pages, and a re-keyed catalog answers the search exactly like a freshly imported one.

let database: Database;
let ws: string;
let fresh: string;
let old: string;
let importing: string;

const tsuru = (code: string, version: string): CatalogEntry => ({
  code, brand: "NISSAN", model: "TSURU", version, year: 2017, body: "SEDAN", use: "PARTICULAR", description: `${version} 1.6L STD`,
});
const ENTRIES = [
  tsuru("0101", "GS I"), tsuru("0102", "GS II"), tsuru("0103", "GS III"), tsuru("0104", "GSI"), tsuru("0105", "GS II AC"),
  tsuru("0106", "GS I AC"), tsuru("0107", "VALUE"),
];
/** What the rule before trims wrote: words apart, numerals as written. */
const oldKey = (e: CatalogEntry) => `NISSAN TSURU ${e.version} 1.6L STD 2017`;

async function catalogWith(name: string, state: "imported" | "importing") {
  const insurer = await createInsurer(database.db, { workspaceId: ws, actorId: uid, name });
  const c = await createCatalog(database.db, { workspaceId: ws, actorId: uid, insurerId: insurer.id, filename: `${name}.csv`, blobKey: null });
  await importCatalogEntries(database.db, { workspaceId: ws, catalogId: c.id, entries: ENTRIES, errors: [] });
  await setCatalogImportState(database.db, { workspaceId: ws, catalogId: c.id, state });
  return c.id;
}

/** Put back what an import before the rule stored: the old keys, and no rule version on the catalog. */
async function makeOld(catalogId: string) {
  for (const e of ENTRIES) {
    await database.db.update(catalogEntries).set({ searchKeys: oldKey(e) }).where(and(eq(catalogEntries.catalogId, catalogId), eq(catalogEntries.code, e.code)));
  }
  await database.db.update(catalogs).set({ searchKeysVersion: 0 }).where(eq(catalogs.id, catalogId));
}

const QUERIES = ["TSURU GS2", "NISSAN TSURU GS1 AC 2017", "TSURU GSII", "TSURU GS 3", "TSURU GSI"];
const answers = async (catalogId: string) => Object.fromEntries(await Promise.all(QUERIES.map(async (query) => [query, await searchCatalog(database.db, { workspaceId: ws, catalogId, query })])));
let uid: string;

const codesOf = (a: Record<string, { code: string; score: number }[]>) => Object.fromEntries(Object.entries(a).map(([q, hits]) => [q, hits.map((h) => `${h.code}@${Number(h.score).toFixed(3)}`)]));

beforeAll(async () => {
  database = await createTestDatabase();
  ({ userId: uid, workspaceId: ws } = await createTestUser(database.db, "catalogs@rekey.test"));
  fresh = await catalogWith("Seguros Hoy", "imported");
  old = await catalogWith("Seguros Antes", "imported");
  importing = await catalogWith("Seguros Importando", "importing");
  await makeOld(old);
  await makeOld(importing);
});

afterAll(async () => database?.close());

describe("re-keying catalogs imported before the trim rule", () => {
  it("a fresh import is keyed with the current rule", async () => {
    const [c] = await database.db.select().from(catalogs).where(eq(catalogs.id, fresh));
    expect(c.searchKeysVersion).toBe(CATALOG_SEARCH_KEYS_VERSION);
    const [e] = await database.db.select().from(catalogEntries).where(and(eq(catalogEntries.catalogId, fresh), eq(catalogEntries.code, "0102")));
    expect(e.searchKeys).toBe("NISSAN TSURU GS2 1.6L STD 2017");
  });

  it("an old-keyed catalog is searched unlike a fresh one until it is re-keyed, and exactly like it afterwards", async () => {
    const want = codesOf(await answers(fresh));
    expect(want["TSURU GS2"][0]).toMatch(/^0102@/);
    expect(codesOf(await answers(old))).not.toEqual(want);
    const done = await rekeyStaleCatalogs(database.db, { batch: 3 }); // 7 entries: three pages
    expect(done).toEqual([{ catalogId: old, scanned: 7, changed: 5 }]); // VALUE and GSI (a trim of its own) kept their keys
    expect(codesOf(await answers(old))).toEqual(want);
    const [c] = await database.db.select().from(catalogs).where(eq(catalogs.id, old));
    expect(c.searchKeysVersion).toBe(CATALOG_SEARCH_KEYS_VERSION);
  });

  it("is idempotent, and leaves a catalog still importing to its import", async () => {
    expect(await rekeyStaleCatalogs(database.db)).toEqual([]);
    const [e] = await database.db.select().from(catalogEntries).where(and(eq(catalogEntries.catalogId, importing), eq(catalogEntries.code, "0102")));
    expect(e.searchKeys).toBe("NISSAN TSURU GS II 1.6L STD 2017");
  });

  it("runs at start-up through the service, which says what it re-keyed", async () => {
    await makeOld(old);
    const lines: string[] = [];
    const log = { log: (m: string) => void lines.push(m), warn: (m: string) => void lines.push(`warn: ${m}`) };
    expect(await rekeyCatalogSearchKeys(database.db, log)).toEqual([{ catalogId: old, scanned: 7, changed: 5 }]);
    expect(lines).toEqual(["[docket] catalog search keys: 1 catalog(s) re-keyed with the current rule (5 entries changed)"]);
    expect(await rekeyCatalogSearchKeys(database.db, log)).toEqual([]);
    expect(lines.length).toBe(1);
  });
});
