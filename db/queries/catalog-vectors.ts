import { and, asc, count, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { CATALOG_SEARCH_KEYS_VERSION } from "@/lib/insurance/catalog-keys";
import { entryEmbeddingText, dot } from "@/lib/insurance/embeddings";
import { brandKeyOf } from "@/lib/insurance/text";
import { rows as resultRows, type Database, type Db } from "../client";
import { catalogs, catalogVectors, type CatalogEmbeddingState } from "../schema";
import { loadCatalogEntries } from "@/db/queries/insurance/catalogs";

// Catalog embeddings: one row per distinct version text of a catalog, filled in batches by the embed-catalog
// function, searched by the match function for rows the offline matcher could not place. The nearest-text search
// runs in the database with pgvector when the server has it, otherwise in process over the same stored vectors.

const INSERT_BATCH = 1000;

function catalogWhere(q: { workspaceId: string; catalogId: string }) {
  return and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.id, q.catalogId));
}

function vectorWhere(q: { workspaceId: string; catalogId: string }) {
  return and(eq(catalogVectors.workspaceId, q.workspaceId), eq(catalogVectors.catalogId, q.catalogId));
}

/**
 * Start (or restart) embedding a catalog: replace its vector rows with one empty row per distinct version text
 * and record the model. Returns how many texts there are to embed.
 */
export async function prepareCatalogVectors(db: Db, q: { workspaceId: string; catalogId: string; model: string }) {
  const { values, entries } = await versionTexts(db, q);
  await db.transaction(async (tx) => {
    await tx.delete(catalogVectors).where(vectorWhere(q));
    for (let i = 0; i < values.length; i += INSERT_BATCH) await tx.insert(catalogVectors).values(values.slice(i, i + INSERT_BATCH));
    await tx
      .update(catalogs)
      .set({
        embeddingState: "embedding", embeddingModel: q.model, embeddingTotal: values.length, embeddingDone: 0, embeddingError: null,
        embeddingTextsVersion: CATALOG_SEARCH_KEYS_VERSION,
      })
      .where(catalogWhere(q));
  });
  return { texts: values.length, entries };
}

/** A catalog's distinct version texts as the current rule writes them (entryEmbeddingText), with brand and years. */
async function versionTexts(db: Db, q: { workspaceId: string; catalogId: string }) {
  const entries = await loadCatalogEntries(db, q);
  const texts = new Map<string, { brandKey: string; years: Set<number> }>();
  for (const e of entries) {
    const text = entryEmbeddingText(e);
    let t = texts.get(text);
    if (!t) texts.set(text, (t = { brandKey: brandKeyOf(e.brand), years: new Set() }));
    t.years.add(e.year);
  }
  const values = [...texts].map(([text, t]) => ({
    workspaceId: q.workspaceId,
    catalogId: q.catalogId,
    brandKey: t.brandKey,
    text,
    years: [...t.years].sort((a, b) => a - b),
  }));
  return { values, entries: entries.length };
}

/**
 * Bring an embedded catalog's texts up to the current rule without embedding it all again: texts the rule no longer
 * writes are dropped, texts it writes now are added without a vector (the embed steps fill them in, the next text
 * without a vector first, so a run stopped half-way resumes), kept texts keep their vectors (their years updated).
 * Idempotent: a second call finds nothing to change. Returns how many texts wait for a vector.
 */
export async function refreshCatalogVectors(db: Db, q: { workspaceId: string; catalogId: string }) {
  const { values, entries } = await versionTexts(db, q);
  return db.transaction(async (tx) => {
    const stored = await tx
      .select({ id: catalogVectors.id, text: catalogVectors.text, years: catalogVectors.years })
      .from(catalogVectors)
      .where(vectorWhere(q));
    const storedByText = new Map(stored.map((v) => [v.text, v]));
    const current = new Set(values.map((v) => v.text));
    const gone = stored.filter((v) => !current.has(v.text)).map((v) => v.id);
    for (let i = 0; i < gone.length; i += INSERT_BATCH) await tx.delete(catalogVectors).where(and(vectorWhere(q), inArray(catalogVectors.id, gone.slice(i, i + INSERT_BATCH))));
    const added = values.filter((v) => !storedByText.has(v.text));
    for (let i = 0; i < added.length; i += INSERT_BATCH) await tx.insert(catalogVectors).values(added.slice(i, i + INSERT_BATCH));
    for (const v of values) {
      const s = storedByText.get(v.text);
      if (s && s.years.join() !== v.years.join()) await tx.update(catalogVectors).set({ years: v.years }).where(eq(catalogVectors.id, s.id));
    }
    const [{ done }] = await tx.select({ done: count() }).from(catalogVectors).where(and(vectorWhere(q), isNotNull(catalogVectors.embedding)));
    await tx
      .update(catalogs)
      .set({ embeddingState: "embedding", embeddingTotal: values.length, embeddingDone: done, embeddingError: null, embeddingTextsVersion: CATALOG_SEARCH_KEYS_VERSION })
      .where(catalogWhere(q));
    return { texts: values.length, entries, dropped: gone.length, added: added.length, toEmbed: values.length - done };
  });
}

/** Catalogs embedded with `model` whose texts an older rule wrote (start-up sends each an embed request). */
export async function catalogsWithStaleVectorTexts(db: Db, q: { model: string }) {
  return db
    .select({ id: catalogs.id, workspaceId: catalogs.workspaceId })
    .from(catalogs)
    .where(and(eq(catalogs.embeddingState, "ready"), eq(catalogs.embeddingModel, q.model), lt(catalogs.embeddingTextsVersion, CATALOG_SEARCH_KEYS_VERSION)))
    .orderBy(asc(catalogs.createdAt));
}

/** The next texts that have no vector yet (in a stable order, so a retried step takes the same ones). */
export async function textsToEmbed(db: Db, q: { workspaceId: string; catalogId: string; limit: number }) {
  return db
    .select({ id: catalogVectors.id, text: catalogVectors.text })
    .from(catalogVectors)
    .where(and(vectorWhere(q), isNull(catalogVectors.embedding)))
    .orderBy(asc(catalogVectors.id))
    .limit(q.limit);
}

/** Store vectors for texts and bring the catalog's progress up to date. */
export async function storeCatalogVectors(db: Db, q: { workspaceId: string; catalogId: string; vectors: ReadonlyArray<{ id: number; embedding: ArrayLike<number> }> }) {
  if (q.vectors.length) {
    const payload = JSON.stringify(q.vectors.map((v) => ({ id: v.id, e: Array.from(v.embedding) })));
    await db.execute(sql`
      update catalog_vectors v set embedding = d.e
      from jsonb_to_recordset(${payload}::jsonb) as d(id bigint, e real[])
      where v.id = d.id and v.workspace_id = ${q.workspaceId} and v.catalog_id = ${q.catalogId}`);
  }
  const [{ done }] = await db.select({ done: count() }).from(catalogVectors).where(and(vectorWhere(q), isNotNull(catalogVectors.embedding)));
  await db.update(catalogs).set({ embeddingDone: done }).where(catalogWhere(q));
  return done;
}

export async function setCatalogEmbeddingState(
  db: Db,
  q: { workspaceId: string; catalogId: string; state: CatalogEmbeddingState; error?: string | null; model?: string },
) {
  await db
    .update(catalogs)
    .set({ embeddingState: q.state, embeddingError: q.error ?? null, ...(q.model ? { embeddingModel: q.model } : {}) })
    .where(catalogWhere(q));
}

export interface VersionTextHit {
  text: string;
  years: number[];
  similarity: number;
}

export interface NearestQuery {
  workspaceId: string;
  catalogId: string;
  vector: Float32Array;
  /** Only texts of this brand (the matcher's brand key). */
  brandKey?: string;
  /** Only texts offered in this model year. */
  year?: number;
  limit?: number;
}

/** The catalog's version texts nearest in meaning to a query vector: pgvector when on, in process otherwise. */
export async function nearestVersionTexts(database: Pick<Database, "db" | "hasVector">, q: NearestQuery): Promise<{ hits: VersionTextHit[]; via: "pgvector" | "memory" }> {
  return database.hasVector ? { hits: await nearestWithPgvector(database.db, q), via: "pgvector" } : { hits: await nearestInMemory(database.db, q), via: "memory" };
}

export async function nearestWithPgvector(db: Db, q: NearestQuery): Promise<VersionTextHit[]> {
  const literal = `[${Array.from(q.vector).join(",")}]`;
  const result = await db.execute(sql`
    select text, years, 1 - (embedding::vector <=> ${literal}::vector) as similarity
    from catalog_vectors
    where workspace_id = ${q.workspaceId} and catalog_id = ${q.catalogId} and embedding is not null
      ${q.brandKey ? sql`and brand_key = ${q.brandKey}` : sql``}
      ${q.year !== undefined ? sql`and ${q.year}::int = any(years)` : sql``}
    order by embedding::vector <=> ${literal}::vector, id
    limit ${q.limit ?? 5}`);
  return resultRows<{ text: string; years: number[]; similarity: number | string }>(result).map((r) => ({ text: r.text, years: r.years, similarity: Number(r.similarity) }));
}

// Without pgvector, a catalog's vectors are loaded once per process (a few thousand texts) and scanned in process.
interface LoadedVectors {
  text: string;
  brandKey: string;
  years: number[];
  vector: Float32Array;
}
const memoryCache = new Map<string, Promise<LoadedVectors[]>>();
const MEMORY_CACHE_SIZE = 3;

async function loadVectors(db: Db, q: { workspaceId: string; catalogId: string }): Promise<LoadedVectors[]> {
  const [c] = await db.select({ model: catalogs.embeddingModel, done: catalogs.embeddingDone }).from(catalogs).where(catalogWhere(q));
  const key = `${q.workspaceId}:${q.catalogId}:${c?.model}:${c?.done}`;
  let p = memoryCache.get(key);
  if (!p) {
    p = db
      .select({ text: catalogVectors.text, brandKey: catalogVectors.brandKey, years: catalogVectors.years, embedding: catalogVectors.embedding })
      .from(catalogVectors)
      .where(and(vectorWhere(q), isNotNull(catalogVectors.embedding)))
      .orderBy(asc(catalogVectors.id))
      .then((rs) => rs.map((r) => ({ text: r.text, brandKey: r.brandKey, years: r.years, vector: Float32Array.from(r.embedding!) })));
    p.catch(() => memoryCache.delete(key));
    memoryCache.set(key, p);
    while (memoryCache.size > MEMORY_CACHE_SIZE) memoryCache.delete(memoryCache.keys().next().value!);
  }
  return p;
}

export async function nearestInMemory(db: Db, q: NearestQuery): Promise<VersionTextHit[]> {
  const all = await loadVectors(db, q);
  const limit = q.limit ?? 5;
  const top: VersionTextHit[] = [];
  for (const v of all) {
    if (q.brandKey && v.brandKey !== q.brandKey) continue;
    if (q.year !== undefined && !v.years.includes(q.year)) continue;
    const similarity = dot(v.vector, q.vector);
    if (top.length === limit && similarity <= top[limit - 1].similarity) continue;
    top.push({ text: v.text, years: v.years, similarity });
    top.sort((a, b) => b.similarity - a.similarity);
    if (top.length > limit) top.pop();
  }
  return top;
}
