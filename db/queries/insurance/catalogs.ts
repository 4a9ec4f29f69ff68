import { and, asc, desc, eq, gt, inArray, lt, max, ne, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { catalogEntries, catalogs, insurers } from "@/db/schema";
import { UserError } from "@/lib/errors";
import type { CatalogEntry, CatalogRowError } from "@/lib/insurance/catalog";
import { CATALOG_SEARCH_KEYS_VERSION, catalogLabel, catalogSearchKey } from "@/lib/insurance/catalog-keys";
import { normalizeText } from "@/lib/insurance/text";
import { requireInsurer } from "./insurers";

// Insurers' vehicle catalogs: import in batches, activate one version, search and look up codes.

export async function createCatalog(db: Db, q: { workspaceId: string; actorId: string | null; insurerId: string; filename: string; blobKey: string | null }) {
  await requireInsurer(db, q);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from ${insurers} where id = ${q.insurerId} for update`);
    const [m] = await tx.select({ v: max(catalogs.version) }).from(catalogs).where(eq(catalogs.insurerId, q.insurerId));
    const [c] = await tx
      .insert(catalogs)
      .values({ workspaceId: q.workspaceId, insurerId: q.insurerId, version: (m?.v ?? 0) + 1, filename: q.filename, blobKey: q.blobKey, createdBy: q.actorId })
      .returning();
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "catalog.uploaded", entityType: "catalog", entityId: c.id, after: { filename: q.filename, version: c.version },
    });
    return c;
  });
}

export async function listCatalogs(db: Db, q: { workspaceId: string }) {
  return db
    .select({
      id: catalogs.id,
      insurerId: catalogs.insurerId,
      insurerName: insurers.name,
      version: catalogs.version,
      status: catalogs.status,
      filename: catalogs.filename,
      importState: catalogs.importState,
      importError: catalogs.importError,
      totalRows: catalogs.totalRows,
      importedRows: catalogs.importedRows,
      errorCount: catalogs.errorCount,
      rowErrors: catalogs.rowErrors,
      importMs: catalogs.importMs,
      embeddingState: catalogs.embeddingState,
      embeddingModel: catalogs.embeddingModel,
      embeddingTotal: catalogs.embeddingTotal,
      embeddingDone: catalogs.embeddingDone,
      embeddingError: catalogs.embeddingError,
      createdAt: catalogs.createdAt,
      activatedAt: catalogs.activatedAt,
    })
    .from(catalogs)
    .innerJoin(insurers, eq(insurers.id, catalogs.insurerId))
    .where(eq(catalogs.workspaceId, q.workspaceId))
    .orderBy(asc(insurers.name), desc(catalogs.version));
}

export async function getCatalog(db: Db, q: { workspaceId: string; catalogId: string }) {
  const [c] = await db.select().from(catalogs).where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.id, q.catalogId)));
  return c ?? null;
}

export async function setCatalogImportState(
  db: Db,
  q: { workspaceId: string; catalogId: string; state: "importing" | "imported" | "failed"; error?: string | null; importMs?: number },
) {
  await db
    .update(catalogs)
    .set({ importState: q.state, importError: q.error ?? null, ...(q.importMs !== undefined ? { importMs: q.importMs } : {}) })
    .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.id, q.catalogId)));
}

export const CATALOG_BATCH = 1000;

/**
 * Store a parsed catalog's entries in batches of 1,000 (replacing any a previous attempt left), with progress
 * after each batch and the row-level errors kept on the catalog.
 */
export async function importCatalogEntries(
  db: Db,
  q: { workspaceId: string; catalogId: string; entries: readonly CatalogEntry[]; errors: readonly CatalogRowError[]; onBatch?: (done: number) => Promise<void> | void },
) {
  const where = and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.id, q.catalogId));
  await db.delete(catalogEntries).where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId)));
  await db
    .update(catalogs)
    .set({
      totalRows: q.entries.length, importedRows: 0, errorCount: q.errors.length, rowErrors: q.errors.slice(0, 500), importState: "importing",
      searchKeysVersion: CATALOG_SEARCH_KEYS_VERSION,
    })
    .where(where);
  for (let i = 0; i < q.entries.length; i += CATALOG_BATCH) {
    const batch = q.entries.slice(i, i + CATALOG_BATCH);
    await db.insert(catalogEntries).values(
      batch.map((e) => ({
        workspaceId: q.workspaceId,
        catalogId: q.catalogId,
        code: e.code,
        brand: e.brand,
        model: e.model,
        version: e.version,
        year: e.year,
        body: e.body,
        use: e.use,
        description: e.description,
        searchKeys: catalogSearchKey(e),
      })),
    );
    const done = i + batch.length;
    await db.update(catalogs).set({ importedRows: done }).where(where);
    await q.onBatch?.(done);
  }
}

/** Entries read and re-keyed per statement: 70,000-entry catalogs go through in pages, never one giant statement. */
export const CATALOG_REKEY_BATCH = 2000;

/**
 * Recompute the stored search keys of one catalog's entries with the current rule (catalogSearchKey), a page of
 * entries at a time (keyset on id), writing only the keys that changed; then mark the catalog keyed with the current
 * rule. Idempotent: a second run changes nothing.
 */
export async function rekeyCatalogEntries(db: Db, q: { workspaceId: string; catalogId: string; batch?: number }) {
  const batch = Math.max(1, q.batch ?? CATALOG_REKEY_BATCH);
  let last = 0;
  let scanned = 0;
  let changed = 0;
  for (;;) {
    const page = await db
      .select({
        id: catalogEntries.id, brand: catalogEntries.brand, model: catalogEntries.model, version: catalogEntries.version,
        description: catalogEntries.description, year: catalogEntries.year, searchKeys: catalogEntries.searchKeys,
      })
      .from(catalogEntries)
      .where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId), gt(catalogEntries.id, last)))
      .orderBy(asc(catalogEntries.id))
      .limit(batch);
    if (!page.length) break;
    last = page[page.length - 1].id;
    scanned += page.length;
    const stale = page.map((e) => ({ id: e.id, key: catalogSearchKey(e), old: e.searchKeys })).filter((e) => e.key !== e.old);
    if (stale.length) {
      const values = sql.join(stale.map((e) => sql`(${e.id}::bigint, ${e.key}::text)`), sql`, `);
      await db.execute(
        sql`update ${catalogEntries} set search_keys = v.k from (values ${values}) as v(id, k) where ${catalogEntries.id} = v.id and ${catalogEntries.catalogId} = ${q.catalogId}`,
      );
      changed += stale.length;
    }
    if (page.length < batch) break;
  }
  await db
    .update(catalogs)
    .set({ searchKeysVersion: CATALOG_SEARCH_KEYS_VERSION })
    .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.id, q.catalogId)));
  return { scanned, changed };
}

/**
 * Start-up maintenance, every workspace: catalogs whose search keys an older rule computed (imported before
 * CATALOG_SEARCH_KEYS_VERSION) are re-keyed, one catalog at a time. Catalogs still importing are left to their import,
 * which keys with the current rule.
 */
export async function rekeyStaleCatalogs(db: Db, opts: { batch?: number } = {}) {
  const stale = await db
    .select({ id: catalogs.id, workspaceId: catalogs.workspaceId })
    .from(catalogs)
    .where(and(lt(catalogs.searchKeysVersion, CATALOG_SEARCH_KEYS_VERSION), ne(catalogs.importState, "importing")))
    .orderBy(asc(catalogs.createdAt));
  const out: { catalogId: string; scanned: number; changed: number }[] = [];
  for (const c of stale) out.push({ catalogId: c.id, ...(await rekeyCatalogEntries(db, { workspaceId: c.workspaceId, catalogId: c.id, batch: opts.batch })) });
  return out;
}

/** Make a catalog version the insurer's active one (the previous active version is archived). */
export async function activateCatalog(db: Db, q: { workspaceId: string; actorId: string | null; catalogId: string }) {
  const c = await getCatalog(db, q);
  if (!c) throw new UserError("No such catalog in this workspace.", "not_found");
  if (c.importState !== "imported") throw new UserError(`Catalog version ${c.version} is ${c.importState}; activate it once its import has finished.`);
  if (c.importedRows === 0) throw new UserError(`Catalog version ${c.version} has no entries; fix the file and upload it again.`);
  if (c.status === "active") return c;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select id from ${insurers} where id = ${c.insurerId} for update`);
    const previous = await tx
      .update(catalogs)
      .set({ status: "archived" })
      .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.insurerId, c.insurerId), eq(catalogs.status, "active")))
      .returning({ id: catalogs.id, version: catalogs.version });
    const [after] = await tx.update(catalogs).set({ status: "active", activatedAt: new Date() }).where(eq(catalogs.id, c.id)).returning();
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "catalog.activated", entityType: "catalog", entityId: c.id,
      before: { active: previous.map((p) => p.version) }, after: { active: c.version },
    });
    return after;
  });
}

export async function activeCatalog(db: Db, q: { workspaceId: string; insurerId: string }) {
  const [c] = await db
    .select()
    .from(catalogs)
    .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.insurerId, q.insurerId), eq(catalogs.status, "active")));
  return c ?? null;
}

export async function loadCatalogEntries(db: Db, q: { workspaceId: string; catalogId: string }): Promise<CatalogEntry[]> {
  return db
    .select({
      code: catalogEntries.code,
      brand: catalogEntries.brand,
      model: catalogEntries.model,
      version: catalogEntries.version,
      year: catalogEntries.year,
      body: catalogEntries.body,
      use: catalogEntries.use,
      description: catalogEntries.description,
    })
    .from(catalogEntries)
    .where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId)))
    .orderBy(asc(catalogEntries.id));
}

/**
 * The catalog search dialog: trigram word similarity over the normalized search keys (pg_trgm index), a
 * code prefix, and a 4-digit year in the query as a filter.
 */
export async function searchCatalog(db: Db, q: { workspaceId: string; catalogId: string; query: string; limit?: number }) {
  const limit = Math.min(q.limit ?? 20, 50);
  const raw = q.query.trim();
  if (!raw) return [];
  const yearMatch = /\b(19[5-9]\d|20\d\d)\b/.exec(raw);
  const text = normalizeText(raw.replace(/\b(19[5-9]\d|20\d\d)\b/, " "));
  const where: SQL[] = [eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId)];
  if (yearMatch) where.push(eq(catalogEntries.year, Number(yearMatch[1])));
  const codeLike = /^\d{3,}$/.test(raw) ? raw : null;
  // The trigram index finds entries containing the query (or, for a whole broker description pasted in, its first
  // words: brand and model), and the full query ranks them by word similarity / similarity.
  const words = text.split(" ");
  const lead = words.length <= 6 ? text : words.slice(0, 3).join(" ");
  const score = text ? sql<number>`greatest(word_similarity(${text}, ${catalogEntries.searchKeys}), similarity(${text}, ${catalogEntries.searchKeys}))` : sql<number>`1`;
  const match = codeLike ? sql`(${catalogEntries.code} like ${`${codeLike}%`})` : text ? sql`(${lead} <% ${catalogEntries.searchKeys})` : sql`true`;
  return db
    .select({
      code: catalogEntries.code,
      brand: catalogEntries.brand,
      model: catalogEntries.model,
      version: catalogEntries.version,
      year: catalogEntries.year,
      body: catalogEntries.body,
      use: catalogEntries.use,
      description: catalogEntries.description,
      score,
    })
    .from(catalogEntries)
    .where(and(...where, match))
    .orderBy(desc(score), asc(catalogEntries.code))
    .limit(limit);
}

export async function catalogEntryByCode(db: Db, q: { workspaceId: string; catalogId: string; code: string }) {
  const [e] = await db
    .select()
    .from(catalogEntries)
    .where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId), eq(catalogEntries.code, q.code)));
  return e ?? null;
}

/**
 * The quote-file description (catalogLabel: brand + description) of each code, one query: every row gets its
 * description by the same rule whether the code was auto-accepted, accepted from a proposal or corrected.
 */
export async function catalogLabelsByCode(db: Db, q: { workspaceId: string; catalogId: string | null; codes: string[] }) {
  const codes = [...new Set(q.codes.filter(Boolean))];
  if (!q.catalogId || !codes.length) return new Map<string, string>();
  const entries = await db
    .select({ code: catalogEntries.code, brand: catalogEntries.brand, description: catalogEntries.description })
    .from(catalogEntries)
    .where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId), inArray(catalogEntries.code, codes)));
  return new Map(entries.map((e) => [e.code, catalogLabel(e)]));
}

/** The entries of a catalog for the given codes (what the quote file writes for a coded row), by code. */
export async function catalogEntriesByCode(db: Db, q: { workspaceId: string; catalogId: string | null; codes: string[] }): Promise<Map<string, CatalogEntry>> {
  const codes = [...new Set(q.codes.filter(Boolean))];
  const out = new Map<string, CatalogEntry>();
  if (!q.catalogId) return out;
  // in slices: a fleet of tens of thousands of rows stays under the protocol's limit of bound parameters
  for (let i = 0; i < codes.length; i += 5000) {
    const entries = await db
      .select({
        code: catalogEntries.code, brand: catalogEntries.brand, model: catalogEntries.model, version: catalogEntries.version, year: catalogEntries.year,
        body: catalogEntries.body, use: catalogEntries.use, description: catalogEntries.description,
      })
      .from(catalogEntries)
      .where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId), inArray(catalogEntries.code, codes.slice(i, i + 5000))));
    for (const e of entries) out.set(e.code, e);
  }
  return out;
}

/** The distinct uses a catalog writes ("PARTICULAR", "CARGA", "SERVICIO PUBLICO"): its vocabulary for the quote file's USO. */
export async function catalogUses(db: Db, q: { workspaceId: string; catalogId: string | null }): Promise<string[]> {
  if (!q.catalogId) return [];
  const rows = await db
    .selectDistinct({ use: catalogEntries.use })
    .from(catalogEntries)
    .where(and(eq(catalogEntries.workspaceId, q.workspaceId), eq(catalogEntries.catalogId, q.catalogId), sql`${catalogEntries.use} <> ''`))
    .orderBy(asc(catalogEntries.use));
  return rows.map((r) => r.use);
}
