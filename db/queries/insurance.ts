import { and, asc, count, desc, eq, gte, inArray, isNull, max, ne, sql, type SQL } from "drizzle-orm";
import { UserError } from "@/lib/errors";
import { formatCotNumber } from "@/lib/insurance/cot";
import { GCOTIZA_TEMPLATE, quoteTemplateSchema, type ExportRow, type QuoteTemplate } from "@/lib/insurance/export";
import { fleetRowKey, type FleetRowInput, type MatchResult } from "@/lib/insurance/matcher";
import { brokerProfileSchema, type BrokerProfileInput, type CanonicalRow, type ProfileError, type ProfileRow } from "@/lib/insurance/profile";
import type { CatalogEntry, CatalogRowError } from "@/lib/insurance/catalog";
import { normalizeText } from "@/lib/insurance/text";
import { caseMachine } from "@/lib/status/machines";
import type { Db } from "../client";
import {
  auditEvents,
  brokerProfiles,
  brokers,
  catalogEntries,
  catalogs,
  cotCounters,
  documents,
  fleetRows,
  insuranceCases,
  insuranceSettings,
  insurers,
  mailboxes,
  matchAliases,
  messageDocuments,
  messages,
  quoteTemplates,
  users,
  type CaseStatus,
  type FleetRow,
  type InsuranceCase,
} from "../schema";
import { recordAudit } from "./audit";

// Insurance intake: every read and write for brokers, profiles, insurers, catalogs, cases, fleet rows and
// learned aliases. Every query takes an explicit workspaceId and filters by it.


// ———————————————————————————————————————————————————————————— settings

export const DEFAULT_SETTINGS = { cotPrefix: "COT", autoThreshold: 0.9, reviewThreshold: 0.5 };

export async function getInsuranceSettings(db: Db, q: { workspaceId: string }) {
  const [s] = await db.select().from(insuranceSettings).where(eq(insuranceSettings.workspaceId, q.workspaceId));
  return s ?? { workspaceId: q.workspaceId, ...DEFAULT_SETTINGS, updatedBy: null, updatedAt: null };
}

export async function saveInsuranceSettings(
  db: Db,
  q: { workspaceId: string; actorId: string; cotPrefix: string; autoThreshold: number; reviewThreshold: number },
) {
  const cotPrefix = q.cotPrefix.trim().toUpperCase();
  try {
    formatCotNumber({ prefix: cotPrefix, year: 2026, seq: 1 });
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  if (!(q.reviewThreshold >= 0 && q.reviewThreshold < q.autoThreshold && q.autoThreshold <= 1)) {
    throw new UserError("Thresholds must satisfy 0 ≤ review < auto-accept ≤ 1.");
  }
  const before = await getInsuranceSettings(db, q);
  const values = { workspaceId: q.workspaceId, cotPrefix, autoThreshold: q.autoThreshold, reviewThreshold: q.reviewThreshold, updatedBy: q.actorId, updatedAt: new Date() };
  await db.insert(insuranceSettings).values(values).onConflictDoUpdate({ target: insuranceSettings.workspaceId, set: values });
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "insurance.settings_changed",
    entityType: "insurance_settings",
    entityId: q.workspaceId,
    before: { cotPrefix: before.cotPrefix, autoThreshold: before.autoThreshold, reviewThreshold: before.reviewThreshold },
    after: { cotPrefix, autoThreshold: q.autoThreshold, reviewThreshold: q.reviewThreshold },
  });
  return values;
}

// ———————————————————————————————————————————————————————————— COT numbers

/**
 * The next COT number of the workspace for `year`, taken inside the caller's transaction: the counter row is
 * bumped with `… set last = last + 1 returning`, so concurrent creations queue on the row lock and a rolled-back
 * creation gives its number back (gapless).
 */
export async function takeCotNumber(tx: Db, q: { workspaceId: string; year: number; prefix: string }) {
  const [row] = await tx
    .insert(cotCounters)
    .values({ workspaceId: q.workspaceId, year: q.year, last: 1 })
    .onConflictDoUpdate({ target: [cotCounters.workspaceId, cotCounters.year], set: { last: sql`${cotCounters.last} + 1` } })
    .returning({ last: cotCounters.last });
  return { seq: row.last, cotNumber: formatCotNumber({ prefix: q.prefix, year: q.year, seq: row.last }) };
}

// ———————————————————————————————————————————————————————————— brokers and profiles

/** "Agente <ventas@Agente.com.mx>", "@agente.com.mx", "agente.com.mx" → "agente.com.mx". */
export function normalizeDomain(input: string): string | null {
  const s = input.trim().toLowerCase().replace(/^.*@/, "").replace(/[>\s]+$/, "");
  return /^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/.test(s) ? s : null;
}

export async function listBrokers(db: Db, q: { workspaceId: string }) {
  const list = await db.select().from(brokers).where(eq(brokers.workspaceId, q.workspaceId)).orderBy(asc(brokers.name));
  const profiles = await db
    .select({
      brokerId: brokerProfiles.brokerId,
      id: brokerProfiles.id,
      version: brokerProfiles.version,
      usageCount: brokerProfiles.usageCount,
      lastUsedAt: brokerProfiles.lastUsedAt,
      createdAt: brokerProfiles.createdAt,
    })
    .from(brokerProfiles)
    .where(eq(brokerProfiles.workspaceId, q.workspaceId))
    .orderBy(desc(brokerProfiles.version));
  return list.map((b) => {
    const mine = profiles.filter((p) => p.brokerId === b.id);
    return { ...b, profiles: mine, latest: mine[0] ?? null, usage: mine.reduce((s, p) => s + p.usageCount, 0) };
  });
}

export async function getBroker(db: Db, q: { workspaceId: string; brokerId: string }) {
  const [b] = await db.select().from(brokers).where(and(eq(brokers.workspaceId, q.workspaceId), eq(brokers.id, q.brokerId)));
  return b ?? null;
}

export async function requireBroker(db: Db, q: { workspaceId: string; brokerId: string }) {
  const b = await getBroker(db, q);
  if (!b) throw new UserError("No such broker in this workspace.", "not_found");
  return b;
}

export async function saveBroker(db: Db, q: { workspaceId: string; actorId: string; id?: string; name: string; emailDomains: string[] }) {
  const name = q.name.trim();
  if (!name) throw new UserError("Give the broker a name.");
  const domains: string[] = [];
  for (const d of q.emailDomains.map((x) => x.trim()).filter(Boolean)) {
    const n = normalizeDomain(d);
    if (!n) throw new UserError(`"${d}" is not an email domain (e.g. agentebajio.com.mx).`);
    if (!domains.includes(n)) domains.push(n);
  }
  const others = await db
    .select({ id: brokers.id, name: brokers.name, emailDomains: brokers.emailDomains })
    .from(brokers)
    .where(and(eq(brokers.workspaceId, q.workspaceId), q.id ? ne(brokers.id, q.id) : undefined));
  for (const o of others) {
    if (o.name.toLowerCase() === name.toLowerCase()) throw new UserError(`A broker named ${o.name} already exists.`, "conflict");
    const taken = domains.find((d) => o.emailDomains.includes(d));
    if (taken) throw new UserError(`The domain ${taken} already belongs to ${o.name}.`, "conflict");
  }
  if (q.id) {
    const before = await requireBroker(db, { workspaceId: q.workspaceId, brokerId: q.id });
    const [b] = await db
      .update(brokers)
      .set({ name, emailDomains: domains, updatedAt: new Date() })
      .where(and(eq(brokers.workspaceId, q.workspaceId), eq(brokers.id, q.id)))
      .returning();
    await recordAudit(db, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "broker.updated", entityType: "broker", entityId: b.id,
      before: { name: before.name, emailDomains: before.emailDomains }, after: { name, emailDomains: domains },
    });
    return b;
  }
  const [b] = await db.insert(brokers).values({ workspaceId: q.workspaceId, name, emailDomains: domains, createdBy: q.actorId }).returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: "broker.created", entityType: "broker", entityId: b.id, after: { name, emailDomains: domains },
  });
  return b;
}

/** The broker whose domain (or a parent domain of it) the sender's address is at. */
export async function findBrokerByEmail(db: Db, q: { workspaceId: string; address: string | null | undefined }) {
  const domain = q.address ? normalizeDomain(q.address) : null;
  if (!domain) return null;
  const list = await db.select().from(brokers).where(eq(brokers.workspaceId, q.workspaceId));
  let best: { broker: (typeof list)[number]; len: number } | null = null;
  for (const b of list) {
    for (const d of b.emailDomains) {
      if ((domain === d || domain.endsWith(`.${d}`)) && (!best || d.length > best.len)) best = { broker: b, len: d.length };
    }
  }
  return best?.broker ?? null;
}

export async function listProfiles(db: Db, q: { workspaceId: string; brokerId: string }) {
  return db
    .select({
      id: brokerProfiles.id,
      version: brokerProfiles.version,
      rules: brokerProfiles.rules,
      sampleFilename: brokerProfiles.sampleFilename,
      usageCount: brokerProfiles.usageCount,
      lastUsedAt: brokerProfiles.lastUsedAt,
      createdAt: brokerProfiles.createdAt,
      createdByName: users.name,
    })
    .from(brokerProfiles)
    .leftJoin(users, eq(users.id, brokerProfiles.createdBy))
    .where(and(eq(brokerProfiles.workspaceId, q.workspaceId), eq(brokerProfiles.brokerId, q.brokerId)))
    .orderBy(desc(brokerProfiles.version));
}

export async function latestProfile(db: Db, q: { workspaceId: string; brokerId: string }) {
  const [p] = await db
    .select()
    .from(brokerProfiles)
    .where(and(eq(brokerProfiles.workspaceId, q.workspaceId), eq(brokerProfiles.brokerId, q.brokerId)))
    .orderBy(desc(brokerProfiles.version))
    .limit(1);
  return p ?? null;
}

/** Save a broker profile as the broker's next version. The rules are validated with the lib's profile schema. */
export async function saveBrokerProfile(
  db: Db,
  q: { workspaceId: string; actorId: string; brokerId: string; rules: BrokerProfileInput; sampleFilename?: string | null },
) {
  const parsed = brokerProfileSchema.safeParse(q.rules);
  if (!parsed.success) {
    throw new UserError(`The profile is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "profile"}: ${i.message}`).join("; ")}`);
  }
  const broker = await requireBroker(db, { workspaceId: q.workspaceId, brokerId: q.brokerId });
  return db.transaction(async (tx) => {
    // Serialize version numbering per broker on the broker row.
    await tx.execute(sql`select id from ${brokers} where id = ${broker.id} for update`);
    const [m] = await tx.select({ v: max(brokerProfiles.version) }).from(brokerProfiles).where(eq(brokerProfiles.brokerId, broker.id));
    const version = (m?.v ?? 0) + 1;
    const [p] = await tx
      .insert(brokerProfiles)
      .values({ workspaceId: q.workspaceId, brokerId: broker.id, version, rules: parsed.data, sampleFilename: q.sampleFilename ?? null, createdBy: q.actorId })
      .returning();
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "broker_profile.saved", entityType: "broker_profile", entityId: p.id,
      after: { broker: broker.name, version, columns: parsed.data.columns.length, sample: q.sampleFilename ?? null },
    });
    return p;
  });
}

// ———————————————————————————————————————————————————————————— insurers, quote templates, catalogs

export async function createInsurer(db: Db, q: { workspaceId: string; actorId: string | null; name: string; template?: QuoteTemplate }) {
  const name = q.name.trim();
  if (!name) throw new UserError("Give the insurer a name.");
  return db.transaction(async (tx) => {
    const [ins] = await tx.insert(insurers).values({ workspaceId: q.workspaceId, name, createdBy: q.actorId }).onConflictDoNothing().returning();
    if (!ins) throw new UserError(`An insurer named ${name} already exists.`, "conflict");
    await tx.insert(quoteTemplates).values({ workspaceId: q.workspaceId, insurerId: ins.id, columns: q.template ?? GCOTIZA_TEMPLATE, updatedBy: q.actorId });
    await recordAudit(tx, { workspaceId: q.workspaceId, actorId: q.actorId, action: "insurer.created", entityType: "insurer", entityId: ins.id, after: { name } });
    return ins;
  });
}

export async function listInsurers(db: Db, q: { workspaceId: string }) {
  const list = await db.select().from(insurers).where(eq(insurers.workspaceId, q.workspaceId)).orderBy(asc(insurers.name));
  const active = await db
    .select({ insurerId: catalogs.insurerId, id: catalogs.id, version: catalogs.version, entries: catalogs.importedRows, activatedAt: catalogs.activatedAt })
    .from(catalogs)
    .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.status, "active")));
  const templates = await db.select().from(quoteTemplates).where(eq(quoteTemplates.workspaceId, q.workspaceId));
  return list.map((i) => ({ ...i, activeCatalog: active.find((a) => a.insurerId === i.id) ?? null, template: templates.find((t) => t.insurerId === i.id) ?? null }));
}

export async function requireInsurer(db: Db, q: { workspaceId: string; insurerId: string }) {
  const [i] = await db.select().from(insurers).where(and(eq(insurers.workspaceId, q.workspaceId), eq(insurers.id, q.insurerId)));
  if (!i) throw new UserError("No such insurer in this workspace.", "not_found");
  return i;
}

export async function getQuoteTemplate(db: Db, q: { workspaceId: string; insurerId: string }) {
  const [t] = await db
    .select()
    .from(quoteTemplates)
    .where(and(eq(quoteTemplates.workspaceId, q.workspaceId), eq(quoteTemplates.insurerId, q.insurerId)));
  return t ?? null;
}

export async function saveQuoteTemplate(
  db: Db,
  q: { workspaceId: string; actorId: string; insurerId: string; name: string; sheetName: string; columns: QuoteTemplate },
) {
  await requireInsurer(db, q);
  const parsed = quoteTemplateSchema.safeParse(q.columns);
  if (!parsed.success) throw new UserError(`The template is not valid: ${parsed.error.issues.map((i) => `column ${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const sheetName = q.sheetName.trim();
  if (!sheetName || sheetName.length > 31 || /[\\/?*[\]:]/.test(sheetName)) throw new UserError("The sheet name must be 1–31 characters without \\ / ? * [ ] :");
  const before = await getQuoteTemplate(db, q);
  const values = { workspaceId: q.workspaceId, insurerId: q.insurerId, name: q.name.trim() || "Gcotiza", sheetName, columns: parsed.data, updatedBy: q.actorId, updatedAt: new Date() };
  const [t] = await db.insert(quoteTemplates).values(values).onConflictDoUpdate({ target: quoteTemplates.insurerId, set: values }).returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: "quote_template.saved", entityType: "insurer", entityId: q.insurerId,
    before: before ? { sheetName: before.sheetName, columns: before.columns } : null, after: { sheetName, columns: parsed.data },
  });
  return t;
}

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

export function catalogSearchKey(e: Pick<CatalogEntry, "brand" | "model" | "version" | "description" | "year">): string {
  const words = normalizeTokens(`${e.brand} ${e.model} ${e.version} ${e.description === e.version ? "" : e.description} ${e.year}`);
  return [...new Set(words)].join(" ");
}

function normalizeTokens(s: string) {
  return normalizeText(s).split(" ").filter(Boolean);
}

/** How a catalog entry reads in the review table and the quote file's description column. */
export function catalogLabel(e: Pick<CatalogEntry, "brand" | "description">): string {
  return `${e.brand} ${e.description}`.trim();
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
    .set({ totalRows: q.entries.length, importedRows: 0, errorCount: q.errors.length, rowErrors: q.errors.slice(0, 500), importState: "importing" })
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

// ———————————————————————————————————————————————————————————— cases

export interface CreateCaseInput {
  workspaceId: string;
  actorId: string | null;
  filename: string;
  documentId: string | null;
  messageId?: string | null;
  senderAddress?: string | null;
  brokerId?: string | null;
  insurerId?: string | null;
  receivedAt?: Date;
  now?: Date;
}

/**
 * A new case with the next COT number, all in one transaction: the broker comes from the sender's domain
 * (unless given), the insurer is the given one or the one with an active catalog. The caller sends
 * `app/case.created` after this returns (the transaction has committed by then).
 */
export async function createCase(db: Db, q: CreateCaseInput): Promise<InsuranceCase> {
  const now = q.now ?? new Date();
  const settings = await getInsuranceSettings(db, q);
  let brokerId = q.brokerId ?? null;
  if (brokerId) await requireBroker(db, { workspaceId: q.workspaceId, brokerId });
  else brokerId = (await findBrokerByEmail(db, { workspaceId: q.workspaceId, address: q.senderAddress }))?.id ?? null;
  let insurerId = q.insurerId ?? null;
  if (insurerId) await requireInsurer(db, { workspaceId: q.workspaceId, insurerId });
  else {
    const [withCatalog] = await db
      .select({ id: catalogs.insurerId })
      .from(catalogs)
      .where(and(eq(catalogs.workspaceId, q.workspaceId), eq(catalogs.status, "active")))
      .orderBy(desc(catalogs.activatedAt))
      .limit(1);
    insurerId = withCatalog?.id ?? (await db.select({ id: insurers.id }).from(insurers).where(eq(insurers.workspaceId, q.workspaceId)).limit(1))[0]?.id ?? null;
  }
  if (q.messageId) {
    const [m] = await db.select({ id: messages.id }).from(messages).where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, q.messageId)));
    if (!m) throw new UserError("No such email in this workspace.", "not_found");
  }
  return db.transaction(async (tx) => {
    const year = now.getUTCFullYear();
    const { seq, cotNumber } = await takeCotNumber(tx, { workspaceId: q.workspaceId, year, prefix: settings.cotPrefix });
    const [c] = await tx
      .insert(insuranceCases)
      .values({
        workspaceId: q.workspaceId,
        cotNumber,
        cotYear: year,
        cotSeq: seq,
        status: "received",
        brokerId,
        senderAddress: q.senderAddress ?? null,
        messageId: q.messageId ?? null,
        documentId: q.documentId,
        filename: q.filename,
        insurerId,
        receivedAt: q.receivedAt ?? now,
        createdBy: q.actorId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: "case.created", entityType: "insurance_case", entityId: c.id,
      after: { cotNumber, filename: q.filename, broker: brokerId, sender: q.senderAddress ?? null, message: q.messageId ?? null },
    });
    return c;
  });
}

export async function listCases(db: Db, q: { workspaceId: string; limit?: number; offset?: number }) {
  return db
    .select({
      id: insuranceCases.id,
      cotNumber: insuranceCases.cotNumber,
      status: insuranceCases.status,
      statusMessage: insuranceCases.statusMessage,
      filename: insuranceCases.filename,
      brokerName: brokers.name,
      senderAddress: insuranceCases.senderAddress,
      totalRows: insuranceCases.totalRows,
      matchedRows: insuranceCases.matchedRows,
      autoCount: insuranceCases.autoCount,
      reviewCount: insuranceCases.reviewCount,
      noMatchCount: insuranceCases.noMatchCount,
      correctedCount: insuranceCases.correctedCount,
      receivedAt: insuranceCases.receivedAt,
      exportedAt: insuranceCases.exportedAt,
    })
    .from(insuranceCases)
    .leftJoin(brokers, eq(brokers.id, insuranceCases.brokerId))
    .where(eq(insuranceCases.workspaceId, q.workspaceId))
    .orderBy(desc(insuranceCases.createdAt), desc(insuranceCases.cotSeq))
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
}

export async function getCase(db: Db, q: { workspaceId: string; caseId: string }) {
  const [c] = await db.select().from(insuranceCases).where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId)));
  return c ?? null;
}

export async function requireCase(db: Db, q: { workspaceId: string; caseId: string }) {
  const c = await getCase(db, q);
  if (!c) throw new UserError("No such case in this workspace.", "not_found");
  return c;
}

/** The case page's header: the case with its broker, insurer, catalog, profile and email. */
export async function caseDetail(db: Db, q: { workspaceId: string; caseId: string }) {
  const c = await getCase(db, q);
  if (!c) return null;
  const [broker, insurer, catalog, message] = await Promise.all([
    c.brokerId ? getBroker(db, { workspaceId: q.workspaceId, brokerId: c.brokerId }) : null,
    c.insurerId ? db.select().from(insurers).where(and(eq(insurers.workspaceId, q.workspaceId), eq(insurers.id, c.insurerId))).then((r) => r[0] ?? null) : null,
    c.catalogId ? getCatalog(db, { workspaceId: q.workspaceId, catalogId: c.catalogId }) : null,
    c.messageId
      ? db
          .select({ id: messages.id, subject: messages.subject, fromAddress: messages.fromAddress })
          .from(messages)
          .where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, c.messageId)))
          .then((r) => r[0] ?? null)
      : null,
  ]);
  return { ...c, broker, insurer, catalog, message };
}

export function caseProgressOf(c: Pick<InsuranceCase, "status" | "statusMessage" | "totalRows" | "matchedRows" | "autoCount" | "reviewCount" | "noMatchCount" | "correctedCount">) {
  return {
    status: c.status,
    statusMessage: c.statusMessage,
    total: c.totalRows,
    done: c.matchedRows,
    counts: { auto: c.autoCount, review: c.reviewCount, noMatch: c.noMatchCount, corrected: c.correctedCount },
    working: c.status === "received" || c.status === "matching",
  };
}

export async function caseProgress(db: Db, q: { workspaceId: string; caseId: string }) {
  return caseProgressOf(await requireCase(db, q));
}

async function transition(db: Db, c: Pick<InsuranceCase, "id" | "workspaceId" | "status">, to: CaseStatus, patch: Partial<InsuranceCase> = {}) {
  if (c.status !== to) caseMachine.assert(c.status, to);
  await db
    .update(insuranceCases)
    .set({ ...patch, status: to, updatedAt: new Date() })
    .where(and(eq(insuranceCases.workspaceId, c.workspaceId), eq(insuranceCases.id, c.id)));
}

/** Start (again) from the file: a new generation; a run on an older one stops. Returns the generation to send. */
export async function requestRematch(db: Db, q: { workspaceId: string; actorId: string | null; caseId: string; brokerId?: string | null }) {
  const c = await requireCase(db, q);
  if (!c.documentId) throw new UserError("The case's file is gone; create a new case from the spreadsheet.");
  if (q.brokerId) await requireBroker(db, { workspaceId: q.workspaceId, brokerId: q.brokerId });
  caseMachine.assert(c.status, "received");
  const [after] = await db
    .update(insuranceCases)
    .set({
      status: "received",
      statusMessage: null,
      generation: sql`${insuranceCases.generation} + 1`,
      matchedRows: 0,
      ...(q.brokerId ? { brokerId: q.brokerId } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, c.id)))
    .returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: "case.rematch_requested", entityType: "insurance_case", entityId: c.id,
    before: { status: c.status, broker: c.brokerId }, after: { status: "received", broker: after.brokerId, generation: after.generation },
  });
  return after;
}

/** The function could not go on: the case says why (no profile / misfit / no catalog / error). */
export async function holdCase(
  db: Db,
  q: { workspaceId: string; caseId: string; generation: number; status: "needs_profile" | "needs_catalog" | "failed"; message: string; patch?: Partial<InsuranceCase> },
) {
  const c = await requireCase(db, q);
  if (c.generation !== q.generation) return false;
  await transition(db, c, q.status, { statusMessage: q.message, ...q.patch });
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: null, action: `case.${q.status}`, entityType: "insurance_case", entityId: c.id,
    before: { status: c.status }, after: { status: q.status, message: q.message },
  });
  return true;
}

/** Every broker's latest profile (for recognising a spreadsheet that came without a sender by its layout). */
export async function latestProfilesByBroker(db: Db, q: { workspaceId: string }) {
  const list = await db
    .select({ brokerId: brokerProfiles.brokerId, name: brokers.name, version: brokerProfiles.version, rules: brokerProfiles.rules })
    .from(brokerProfiles)
    .innerJoin(brokers, eq(brokers.id, brokerProfiles.brokerId))
    .where(eq(brokerProfiles.workspaceId, q.workspaceId))
    .orderBy(asc(brokers.name), desc(brokerProfiles.version));
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.brokerId) && seen.add(p.brokerId));
}

/** A case without a broker gets the one whose profile its spreadsheet fits (only if it still has none). */
export async function attributeCaseBroker(db: Db, q: { workspaceId: string; caseId: string; generation: number; brokerId: string; reason: string }) {
  const [after] = await db
    .update(insuranceCases)
    .set({ brokerId: q.brokerId, updatedAt: new Date() })
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId), eq(insuranceCases.generation, q.generation), isNull(insuranceCases.brokerId)))
    .returning({ id: insuranceCases.id });
  if (!after) return false;
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: null, action: "case.broker_detected", entityType: "insurance_case", entityId: q.caseId,
    before: { broker: null }, after: { broker: q.brokerId, reason: q.reason },
  });
  return true;
}

const ROW_BATCH = 1000;

/** The profile's rows become the case's fleet rows (replacing an earlier attempt's); the case starts matching. */
function carriedAcceptance(prev: { code: string | null; catalogDescription: string | null; reviewedBy: string | null; reviewedAt: Date | null } | undefined) {
  if (!prev?.code) return {};
  return { reviewDecision: "accepted" as const, code: prev.code, catalogDescription: prev.catalogDescription, reviewedBy: prev.reviewedBy, reviewedAt: prev.reviewedAt };
}

export async function startCaseRows(
  db: Db,
  q: {
    workspaceId: string;
    caseId: string;
    generation: number;
    catalogId: string;
    profileId: string;
    profileVersion: number;
    rows: readonly ProfileRow[];
    errors: readonly ProfileError[];
  },
) {
  const c = await requireCase(db, q);
  if (c.generation !== q.generation) return false;
  // Rows the profile rejected are kept (never matched) so the reviewer sees them in place, with the reason.
  const bad = new Map<number, { rowNumber: number; sourceId: string; message: string }>();
  for (const e of q.errors) {
    const prev = bad.get(e.rowNumber);
    const msg = `${e.field}: ${e.message}`;
    bad.set(e.rowNumber, { rowNumber: e.rowNumber, sourceId: e.sourceId ?? String(e.rowNumber), message: prev ? `${prev.message}; ${msg}` : msg });
  }
  const all = [
    ...q.rows.map((r) => ({ rowNumber: r.rowNumber, sourceId: r.sourceId, raw: r.raw, canonical: r.canonical, error: null as string | null })),
    ...[...bad.values()].map((b) => ({ rowNumber: b.rowNumber, sourceId: b.sourceId, raw: {}, canonical: {} as CanonicalRow, error: b.message })),
  ].sort((a, b) => a.rowNumber - b.rowNumber);
  await db.transaction(async (tx) => {
    // A rematch keeps what reviewers accepted: the same row (id and words) carries its acceptance into the new
    // generation, and saveMatchResults keeps it only if the matcher proposes the same code again.
    const accepted = await tx
      .select({ sourceId: fleetRows.sourceId, canonical: fleetRows.canonical, code: fleetRows.code, catalogDescription: fleetRows.catalogDescription, reviewedBy: fleetRows.reviewedBy, reviewedAt: fleetRows.reviewedAt })
      .from(fleetRows)
      .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id), eq(fleetRows.reviewDecision, "accepted")));
    const carried = new Map(accepted.map((r) => [`${r.sourceId}\u0000${fleetRowKey(fleetInput(r.canonical))}`, r]));
    await tx.delete(fleetRows).where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id)));
    for (let i = 0; i < all.length; i += ROW_BATCH) {
      await tx.insert(fleetRows).values(
        all.slice(i, i + ROW_BATCH).map((r, k) => ({
          workspaceId: q.workspaceId,
          caseId: c.id,
          position: i + k + 1,
          rowNumber: r.rowNumber,
          sourceId: r.sourceId,
          raw: r.raw,
          canonical: r.canonical,
          error: r.error,
          matched: r.error !== null,
          decision: r.error !== null ? ("no_match" as const) : null,
          reason: r.error !== null ? `row not read: ${r.error}` : null,
          ...carriedAcceptance(r.error === null ? carried.get(`${r.sourceId}\u0000${fleetRowKey(fleetInput(r.canonical))}`) : undefined),
        })),
      );
    }
    await transition(tx, c, "matching", {
      statusMessage: null,
      catalogId: q.catalogId,
      profileId: q.profileId,
      profileVersion: q.profileVersion,
      totalRows: all.length,
      matchedRows: bad.size,
      autoCount: 0,
      reviewCount: 0,
      noMatchCount: bad.size,
      correctedCount: 0,
      rowErrors: q.errors.map((e) => ({ rowNumber: e.rowNumber, field: e.field, message: e.message })),
    });
    await tx
      .update(brokerProfiles)
      .set({ usageCount: sql`${brokerProfiles.usageCount} + 1`, lastUsedAt: new Date() })
      .where(and(eq(brokerProfiles.workspaceId, q.workspaceId), eq(brokerProfiles.id, q.profileId)));
  });
  return true;
}

export function fleetInput(canonical: CanonicalRow): FleetRowInput {
  const s = (v: unknown) => (v === undefined || v === null ? "" : String(v));
  return {
    brand: s(canonical.brand),
    model: s(canonical.model),
    year: canonical.year ?? "",
    version: s(canonical.version),
    description: s(canonical.description),
    vin: s(canonical.vin),
  };
}

/** The next rows to match, in file order. */
export async function rowsToMatch(db: Db, q: { workspaceId: string; caseId: string; limit: number }) {
  return db
    .select({ id: fleetRows.id, position: fleetRows.position, canonical: fleetRows.canonical })
    .from(fleetRows)
    .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId), eq(fleetRows.matched, false)))
    .orderBy(asc(fleetRows.position))
    .limit(q.limit);
}

export interface LearnedAlias {
  id: string;
  code: string | null;
}

/** Learned corrections for a broker (and the workspace-wide ones for cases without a broker), by row key. */
export async function loadAliases(db: Db, q: { workspaceId: string; brokerId: string | null }) {
  const list = await db
    .select({ id: matchAliases.id, rowKey: matchAliases.rowKey, code: matchAliases.code })
    .from(matchAliases)
    .where(and(eq(matchAliases.workspaceId, q.workspaceId), q.brokerId ? eq(matchAliases.brokerId, q.brokerId) : isNull(matchAliases.brokerId)));
  return new Map<string, LearnedAlias>(list.map((a) => [a.rowKey, { id: a.id, code: a.code }]));
}

export interface RowMatch {
  id: string;
  result: MatchResult;
  aliasId: string | null;
  catalogDescription: string | null;
}

/** Save one batch of match results (one statement) and move the case's progress on. */
export async function saveMatchResults(db: Db, q: { workspaceId: string; caseId: string; generation: number; matches: readonly RowMatch[] }) {
  if (!q.matches.length) return true;
  const c = await requireCase(db, q);
  if (c.generation !== q.generation || c.status !== "matching") return false;
  const values = q.matches.map((m) => {
    const r = m.result;
    const accepted = r.decision === "auto" ? r.code : null;
    return sql`(${m.id}, ${r.code}, ${r.confidence}::real, ${r.decision}, ${JSON.stringify(r.candidates)}::jsonb, ${JSON.stringify(r.attributes)}::jsonb, ${r.reason ?? null}, ${Boolean(r.learned)}::boolean, ${m.aliasId}, ${accepted}, ${accepted ? m.catalogDescription : null})`;
  });
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      update ${fleetRows} as f set
        matched = true, machine_code = v.machine_code, confidence = v.confidence, decision = v.decision,
        candidates = v.candidates, attributes = v.attributes, reason = v.reason, learned = v.learned, alias_id = v.alias_id,
        code = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.code else v.code end,
        catalog_description = case when f.review_decision = 'accepted' and f.code = v.machine_code then coalesce(v.catalog_description, f.catalog_description) else v.catalog_description end,
        review_decision = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.review_decision else null end,
        reviewed_by = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.reviewed_by else null end,
        reviewed_at = case when f.review_decision = 'accepted' and f.code = v.machine_code then f.reviewed_at else null end
      from (values ${sql.join(values, sql`, `)}) as v(id, machine_code, confidence, decision, candidates, attributes, reason, learned, alias_id, code, catalog_description)
      where f.id = v.id and f.workspace_id = ${q.workspaceId} and f.case_id = ${q.caseId}`);
    const n = (d: string) => q.matches.filter((m) => m.result.decision === d).length;
    await tx
      .update(insuranceCases)
      .set({
        matchedRows: sql`${insuranceCases.matchedRows} + ${q.matches.length}`,
        autoCount: sql`${insuranceCases.autoCount} + ${n("auto")}`,
        reviewCount: sql`${insuranceCases.reviewCount} + ${n("review")}`,
        noMatchCount: sql`${insuranceCases.noMatchCount} + ${n("no_match")}`,
        updatedAt: new Date(),
      })
      .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId)));
    const used = q.matches.filter((m) => m.aliasId).map((m) => m.aliasId!);
    if (used.length) {
      await tx
        .update(matchAliases)
        .set({ timesApplied: sql`${matchAliases.timesApplied} + 1` })
        .where(and(eq(matchAliases.workspaceId, q.workspaceId), inArray(matchAliases.id, used)));
    }
  });
  return true;
}

/** Counts from the rows themselves, and the status they imply (review while any review row is undecided). */
export async function recountCase(db: Db, q: { workspaceId: string; caseId: string }) {
  const [r] = await db
    .select({
      total: count(),
      matched: sql<number>`count(*) filter (where ${fleetRows.matched})::int`,
      auto: sql<number>`count(*) filter (where ${fleetRows.decision} = 'auto')::int`,
      review: sql<number>`count(*) filter (where ${fleetRows.decision} = 'review')::int`,
      noMatch: sql<number>`count(*) filter (where ${fleetRows.decision} = 'no_match')::int`,
      corrected: sql<number>`count(*) filter (where ${fleetRows.reviewDecision} in ('corrected', 'rejected'))::int`,
      pending: sql<number>`count(*) filter (where ${fleetRows.decision} = 'review' and ${fleetRows.reviewDecision} is null)::int`,
    })
    .from(fleetRows)
    .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId)));
  return r;
}

/** All rows matched: counts from the rows, status review (rows wait for a person) or ready. */
export async function finishCaseMatching(db: Db, q: { workspaceId: string; caseId: string; generation: number; now?: Date }) {
  const c = await requireCase(db, q);
  if (c.generation !== q.generation || c.status !== "matching") return null;
  const r = await recountCase(db, q);
  const status: CaseStatus = r.pending > 0 ? "review" : "ready";
  await transition(db, c, status, {
    totalRows: r.total,
    matchedRows: r.matched,
    autoCount: r.auto,
    reviewCount: r.review,
    noMatchCount: r.noMatch,
    correctedCount: r.corrected,
    matchedAt: q.now ?? new Date(),
  });
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: null, action: "case.matched", entityType: "insurance_case", entityId: c.id,
    after: { status, rows: r.total, auto: r.auto, review: r.review, noMatch: r.noMatch, catalog: c.catalogId, profileVersion: c.profileVersion },
  });
  return { status, ...r };
}

async function refreshCaseStatus(db: Db, c: InsuranceCase) {
  const r = await recountCase(db, { workspaceId: c.workspaceId, caseId: c.id });
  const target: CaseStatus = c.status === "review" || c.status === "ready" ? (r.pending > 0 ? "review" : "ready") : c.status;
  await transition(db, c, target, { autoCount: r.auto, reviewCount: r.review, noMatchCount: r.noMatch, correctedCount: r.corrected });
  return { status: target, ...r };
}

// ———————————————————————————————————————————————————————————— review

export const ROW_FILTERS = ["all", "pending", "auto", "review", "no_match", "corrected"] as const;
export type RowFilter = (typeof ROW_FILTERS)[number];

function filterWhere(f: RowFilter): SQL | undefined {
  switch (f) {
    case "pending":
      return sql`${fleetRows.decision} = 'review' and ${fleetRows.reviewDecision} is null`;
    case "auto":
      return eq(fleetRows.decision, "auto");
    case "review":
      return eq(fleetRows.decision, "review");
    case "no_match":
      return eq(fleetRows.decision, "no_match");
    case "corrected":
      return inArray(fleetRows.reviewDecision, ["corrected", "rejected"]);
    default:
      return undefined;
  }
}

/** One page of a case's rows for the review table (server-side filter and paging), with who taught learned codes. */
export async function listFleetRows(db: Db, q: { workspaceId: string; caseId: string; filter?: RowFilter; page?: number; pageSize?: number }) {
  const pageSize = Math.min(Math.max(q.pageSize ?? 100, 10), 500);
  const page = Math.max(q.page ?? 1, 1);
  const where = and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId), filterWhere(q.filter ?? "all"));
  const [rows, [{ n }], counts] = await Promise.all([
    db
      .select({
        row: fleetRows,
        aliasBy: users.name,
        aliasByEmail: users.email,
        aliasAt: matchAliases.createdAt,
      })
      .from(fleetRows)
      .leftJoin(matchAliases, and(eq(matchAliases.id, fleetRows.aliasId), eq(matchAliases.workspaceId, q.workspaceId)))
      .leftJoin(users, eq(users.id, matchAliases.createdBy))
      .where(where)
      .orderBy(asc(fleetRows.position))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(fleetRows).where(where),
    recountCase(db, q),
  ]);
  const reviewerIds = [...new Set(rows.map((r) => r.row.reviewedBy).filter((x): x is string => Boolean(x)))];
  const reviewers = reviewerIds.length ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, reviewerIds)) : [];
  return {
    rows: rows.map(({ row, aliasBy, aliasByEmail, aliasAt }) => ({
      ...row,
      learnedFrom: row.learned ? { by: aliasBy ?? aliasByEmail ?? "a former member", at: aliasAt } : null,
      reviewerName: reviewers.find((u) => u.id === row.reviewedBy)?.name ?? reviewers.find((u) => u.id === row.reviewedBy)?.email ?? null,
    })),
    total: n,
    page,
    pageSize,
    counts,
  };
}

async function requireReviewable(db: Db, q: { workspaceId: string; caseId: string }) {
  const c = await requireCase(db, q);
  if (c.status !== "review" && c.status !== "ready" && c.status !== "exported") {
    throw new UserError(`Case ${c.cotNumber} is ${caseMachine.labels[c.status]}; rows can be reviewed once matching has finished.`, "conflict");
  }
  return c;
}

/**
 * Accept the machine's code for rows (bulk accept). Rows without a code, and rows already decided, are left
 * alone. With no ids: every undecided review row of the case that has a proposed code.
 */
export async function acceptFleetRows(db: Db, q: { workspaceId: string; actorId: string; caseId: string; rowIds?: string[] }) {
  const c = await requireReviewable(db, q);
  const where = and(
    eq(fleetRows.workspaceId, q.workspaceId),
    eq(fleetRows.caseId, c.id),
    isNull(fleetRows.reviewDecision),
    sql`${fleetRows.machineCode} is not null`,
    q.rowIds ? inArray(fleetRows.id, q.rowIds.length ? q.rowIds : ["-"]) : eq(fleetRows.decision, "review"),
  );
  const now = new Date();
  return db.transaction(async (tx) => {
    const targets = await tx.select({ id: fleetRows.id, code: fleetRows.machineCode, decision: fleetRows.decision }).from(fleetRows).where(where);
    if (!targets.length) return { accepted: 0, status: c.status };
    const labels = await catalogLabelsByCode(tx, { workspaceId: q.workspaceId, catalogId: c.catalogId, codes: targets.map((t) => t.code!) });
    const byCode = new Map<string, typeof targets>();
    for (const t of targets) byCode.set(t.code!, [...(byCode.get(t.code!) ?? []), t]);
    for (const [code, rows] of byCode) {
      await tx
        .update(fleetRows)
        .set({ reviewDecision: "accepted", code, catalogDescription: labels.get(code) ?? null, reviewedBy: q.actorId, reviewedAt: now })
        .where(inArray(fleetRows.id, rows.map((t) => t.id)));
    }
    await tx.insert(auditEvents).values(
      targets.map((t) => ({
        workspaceId: q.workspaceId,
        actorId: q.actorId,
        actorType: "user" as const,
        action: "fleet_row.accepted",
        entityType: "fleet_row",
        entityId: t.id,
        before: { code: null, machineCode: t.code, decision: t.decision },
        after: { code: t.code, case: c.cotNumber },
        at: now,
      })),
    );
    const s = await refreshCaseStatus(tx, c);
    return { accepted: targets.length, status: s.status };
  });
}

/**
 * A reviewer's answer for one row: a catalog code (corrected) or "no code" (rejected). It is remembered for
 * this broker: the same description gets this answer next time, shown as learned from this correction.
 */
export async function correctFleetRow(db: Db, q: { workspaceId: string; actorId: string; caseId: string; rowId: string; code: string | null }) {
  const c = await requireReviewable(db, q);
  const [row] = await db.select().from(fleetRows).where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id), eq(fleetRows.id, q.rowId)));
  if (!row) throw new UserError("No such row in this case.", "not_found");
  if (row.error) throw new UserError(`Row ${row.rowNumber} could not be read (${row.error}); fix the file or the profile and match again.`);
  let description: string | null = null;
  if (q.code !== null) {
    if (!c.catalogId) throw new UserError("This case has no catalog to pick a code from.");
    const e = await catalogEntryByCode(db, { workspaceId: q.workspaceId, catalogId: c.catalogId, code: q.code });
    if (!e) throw new UserError(`Code ${q.code} is not in the case's catalog.`);
    description = catalogLabel(e);
  }
  const decision = q.code === null ? ("rejected" as const) : q.code === row.machineCode ? ("accepted" as const) : ("corrected" as const);
  const key = fleetRowKey(fleetInput(row.canonical));
  const label = [row.canonical.brand, row.canonical.model, row.canonical.year, row.canonical.version, row.canonical.description].filter(Boolean).join(" ");
  const now = new Date();
  return db.transaction(async (tx) => {
    await tx
      .update(fleetRows)
      .set({ reviewDecision: decision, code: q.code, catalogDescription: description, reviewedBy: q.actorId, reviewedAt: now })
      .where(eq(fleetRows.id, row.id));
    await recordAudit(tx, {
      workspaceId: q.workspaceId, actorId: q.actorId, action: `fleet_row.${decision}`, entityType: "fleet_row", entityId: row.id,
      before: { code: row.code, machineCode: row.machineCode, decision: row.decision, confidence: row.confidence, review: row.reviewDecision },
      after: { code: q.code, case: c.cotNumber },
    });
    let aliasId: string | null = null;
    if (decision !== "accepted" && key) {
      const existing = await tx
        .select({ id: matchAliases.id, code: matchAliases.code })
        .from(matchAliases)
        .where(
          and(
            eq(matchAliases.workspaceId, q.workspaceId),
            c.brokerId ? eq(matchAliases.brokerId, c.brokerId) : isNull(matchAliases.brokerId),
            eq(matchAliases.rowKey, key),
          ),
        );
      if (existing[0]) {
        await tx.update(matchAliases).set({ code: q.code, createdBy: q.actorId, createdAt: now, label }).where(eq(matchAliases.id, existing[0].id));
        aliasId = existing[0].id;
      } else {
        const [a] = await tx
          .insert(matchAliases)
          .values({ workspaceId: q.workspaceId, brokerId: c.brokerId, rowKey: key, label, code: q.code, createdBy: q.actorId, createdAt: now })
          .returning({ id: matchAliases.id });
        aliasId = a.id;
      }
      await recordAudit(tx, {
        workspaceId: q.workspaceId, actorId: q.actorId, action: "match_alias.learned", entityType: "match_alias", entityId: aliasId,
        before: existing[0] ? { code: existing[0].code } : null, after: { label, code: q.code, broker: c.brokerId },
      });
    }
    const s = await refreshCaseStatus(tx, c);
    return { decision, aliasId, status: s.status };
  });
}

export async function listAliases(db: Db, q: { workspaceId: string; brokerId?: string }) {
  return db
    .select({
      id: matchAliases.id,
      brokerId: matchAliases.brokerId,
      label: matchAliases.label,
      code: matchAliases.code,
      createdAt: matchAliases.createdAt,
      createdByName: users.name,
      timesApplied: matchAliases.timesApplied,
    })
    .from(matchAliases)
    .leftJoin(users, eq(users.id, matchAliases.createdBy))
    .where(and(eq(matchAliases.workspaceId, q.workspaceId), q.brokerId ? eq(matchAliases.brokerId, q.brokerId) : undefined))
    .orderBy(desc(matchAliases.createdAt))
    .limit(200);
}

// ———————————————————————————————————————————————————————————— export

/** Rows shaped for lib/insurance export writers (canonical fields, final code, machine decision). */
/**
 * Rows for the writers. `codes: "confirmed"` (the quote file) carries only auto-accepted and reviewed codes;
 * `"proposed"` (the generic results) also carries the machine's proposal for rows still in review.
 */
export async function caseExportRows(db: Db, q: { workspaceId: string; caseId: string; startDate?: string; codes?: "confirmed" | "proposed" }): Promise<ExportRow[]> {
  const list = await db
    .select()
    .from(fleetRows)
    .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId)))
    .orderBy(asc(fleetRows.position));
  const proposed = (r: FleetRow) => q.codes === "proposed" && !r.reviewDecision && !r.code && r.machineCode;
  const [c] = await db.select({ catalogId: insuranceCases.catalogId }).from(insuranceCases).where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId)));
  const labels = await catalogLabelsByCode(db, { workspaceId: q.workspaceId, catalogId: c?.catalogId ?? null, codes: list.filter(proposed).map((r) => r.machineCode!) });
  return list.map((r: FleetRow) => ({
    sourceId: r.sourceId,
    rowNumber: r.rowNumber,
    code: (q.codes === "proposed" && !r.reviewDecision ? (r.code ?? r.machineCode) : r.code) ?? "",
    machineCode: r.machineCode ?? "",
    catalogDescription: r.catalogDescription ?? (proposed(r) ? (labels.get(r.machineCode!) ?? "") : ""),
    confidence: r.confidence ?? 0,
    decision: r.reviewDecision ? `${r.decision} → ${r.reviewDecision}` : (r.decision ?? ""),
    canonical: r.canonical,
    quote: { startDate: q.startDate },
  }));
}

export async function recordCaseExport(db: Db, q: { workspaceId: string; actorId: string; caseId: string; kind: "quote" | "results-xlsx" | "results-csv"; now?: Date }) {
  const c = await requireCase(db, q);
  const now = q.now ?? new Date();
  if (q.kind === "quote") {
    if (!["review", "ready", "exported"].includes(c.status)) {
      throw new UserError(`Case ${c.cotNumber} is ${caseMachine.labels[c.status]}; export the quote once its rows are matched.`, "conflict");
    }
    await transition(db, c, "exported", { exportedAt: c.exportedAt ?? now });
  }
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: `case.exported`, entityType: "insurance_case", entityId: c.id,
    after: { kind: q.kind, status: q.kind === "quote" ? "exported" : c.status },
  });
}

// ———————————————————————————————————————————————————————————— dashboard

export async function insuranceDashboard(db: Db, q: { workspaceId: string; since: Date }) {
  const inRange = and(eq(insuranceCases.workspaceId, q.workspaceId), gte(insuranceCases.receivedAt, q.since));
  const [perWeek, shares, timing] = await Promise.all([
    db
      .select({
        week: sql<string>`to_char(date_trunc('week', ${insuranceCases.receivedAt}), 'YYYY-MM-DD')`,
        broker: sql<string>`coalesce(${brokers.name}, 'Unknown sender')`,
        n: sql<number>`count(*)::int`,
      })
      .from(insuranceCases)
      .leftJoin(brokers, eq(brokers.id, insuranceCases.brokerId))
      .where(inRange)
      .groupBy(sql`1`, sql`2`)
      .orderBy(sql`1`, sql`2`),
    db
      .select({
        auto: sql<number>`coalesce(sum(${insuranceCases.autoCount}), 0)::int`,
        review: sql<number>`coalesce(sum(${insuranceCases.reviewCount}), 0)::int`,
        noMatch: sql<number>`coalesce(sum(${insuranceCases.noMatchCount}), 0)::int`,
      })
      .from(insuranceCases)
      .where(inRange),
    db
      .select({
        exported: sql<number>`count(*)::int`,
        medianHours: sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (${insuranceCases.exportedAt} - ${insuranceCases.receivedAt})) / 3600.0)`,
        avgHours: sql<number | null>`avg(extract(epoch from (${insuranceCases.exportedAt} - ${insuranceCases.receivedAt})) / 3600.0)`,
      })
      .from(insuranceCases)
      .where(and(inRange, sql`${insuranceCases.exportedAt} is not null`)),
  ]);
  const t = timing[0];
  return {
    perWeek,
    shares: shares[0],
    exported: t.exported,
    medianHours: t.medianHours === null ? null : Number(t.medianHours),
    avgHours: t.avgHours === null ? null : Number(t.avgHours),
  };
}

// ———————————————————————————————————————————————————————————— cases from emails

/** Spreadsheet attachments (.xlsx/.csv) of an email: the files a case can be made from. */
export async function spreadsheetAttachments(db: Db, q: { workspaceId: string; messageId: string }) {
  return db
    .select({ documentId: documents.id, filename: messageDocuments.filename, kind: documents.kind })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .where(
      and(
        eq(messageDocuments.workspaceId, q.workspaceId),
        eq(messageDocuments.messageId, q.messageId),
        sql`(${documents.kind} = 'spreadsheet' or ${messageDocuments.filename} ~* '\\.(xlsx|csv)$')`,
      ),
    );
}

/** Cases already made from an email (so the inbox can link to them instead of making another). */
export async function casesForMessage(db: Db, q: { workspaceId: string; messageId: string }) {
  return db
    .select({ id: insuranceCases.id, cotNumber: insuranceCases.cotNumber, documentId: insuranceCases.documentId, status: insuranceCases.status })
    .from(insuranceCases)
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.messageId, q.messageId)))
    .orderBy(asc(insuranceCases.cotSeq));
}

/** Cases opened from these documents (the Documents page links spreadsheets to their case). */
export async function casesForDocuments(db: Db, q: { workspaceId: string; documentIds: readonly string[] }) {
  if (!q.documentIds.length) return [];
  return db
    .select({ id: insuranceCases.id, cotNumber: insuranceCases.cotNumber, documentId: insuranceCases.documentId, status: insuranceCases.status })
    .from(insuranceCases)
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), inArray(insuranceCases.documentId, [...q.documentIds])))
    .orderBy(asc(insuranceCases.cotSeq));
}

/**
 * One case per spreadsheet attachment of an email (or the one named), attributed to the broker of the sender's
 * domain, timed from when the email was sent. Attachments that already have a case are skipped.
 */
export async function createCasesForMessage(
  db: Db,
  q: { workspaceId: string; actorId: string | null; messageId: string; documentId?: string; insurerId?: string | null; now?: Date },
) {
  const [m] = await db.select().from(messages).where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, q.messageId)));
  if (!m) throw new UserError("No such email in this workspace.", "not_found");
  let sheets = await spreadsheetAttachments(db, q);
  if (q.documentId) sheets = sheets.filter((s) => s.documentId === q.documentId);
  if (!sheets.length) {
    throw new UserError(q.documentId ? "That attachment is not a spreadsheet of this email." : "This email has no spreadsheet (.xlsx or .csv) attached; a case needs the broker's fleet list.");
  }
  const existing = new Set((await casesForMessage(db, q)).map((c) => c.documentId));
  const created: InsuranceCase[] = [];
  for (const s of sheets) {
    if (existing.has(s.documentId)) continue;
    created.push(
      await createCase(db, {
        workspaceId: q.workspaceId,
        actorId: q.actorId,
        filename: s.filename.split("/").pop() || s.filename,
        documentId: s.documentId,
        messageId: m.id,
        senderAddress: m.fromAddress,
        insurerId: q.insurerId,
        receivedAt: m.sentAt ?? m.createdAt,
        now: q.now,
      }),
    );
  }
  // The spreadsheet now lives on as its case: the document itself is done (not left "queued" in Documents).
  const taken = created.map((c) => c.documentId).filter((id): id is string => !!id);
  if (taken.length) {
    await db
      .update(documents)
      .set({ status: "ready", error: null, processedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(documents.workspaceId, q.workspaceId), inArray(documents.id, taken), inArray(documents.status, ["queued", "processing"])));
  }
  return created;
}

/** Recent spreadsheet attachments of emails in the workspace (the wizard's "pick an attachment"). */
export async function recentSpreadsheetAttachments(db: Db, q: { workspaceId: string; limit?: number }) {
  return db
    .select({
      documentId: documents.id,
      filename: messageDocuments.filename,
      messageId: messages.id,
      subject: messages.subject,
      fromAddress: messages.fromAddress,
      receivedAt: messages.createdAt,
    })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .innerJoin(messages, eq(messages.id, messageDocuments.messageId))
    .where(
      and(
        eq(messageDocuments.workspaceId, q.workspaceId),
        sql`(${documents.kind} = 'spreadsheet' or ${messageDocuments.filename} ~* '\\.(xlsx|csv)$')`,
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(q.limit ?? 20);
}

/**
 * Should this stored document open a case by itself? Yes when it is a spreadsheet attached to an email that came
 * through an insurance mailbox, or from a known broker's domain, and that email has no case for it yet.
 * Returns the emails to open cases from (usually one).
 */
export async function emailsWantingCase(db: Db, q: { workspaceId: string; documentId: string }) {
  const list = await db
    .select({
      messageId: messages.id,
      fromAddress: messages.fromAddress,
      purpose: mailboxes.purpose,
      filename: messageDocuments.filename,
      kind: documents.kind,
    })
    .from(messageDocuments)
    .innerJoin(messages, eq(messages.id, messageDocuments.messageId))
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .leftJoin(mailboxes, eq(mailboxes.id, messages.mailboxId))
    .where(and(eq(messageDocuments.workspaceId, q.workspaceId), eq(messageDocuments.documentId, q.documentId)));
  const out: { messageId: string; brokerId: string | null }[] = [];
  for (const m of list) {
    if (m.kind !== "spreadsheet" && !/\.(xlsx|csv)$/i.test(m.filename)) continue;
    const broker = await findBrokerByEmail(db, { workspaceId: q.workspaceId, address: m.fromAddress });
    if (m.purpose !== "insurance" && !broker) continue;
    const existing = await casesForMessage(db, { workspaceId: q.workspaceId, messageId: m.messageId });
    if (existing.some((c) => c.documentId === q.documentId)) continue;
    out.push({ messageId: m.messageId, brokerId: broker?.id ?? null });
  }
  return out;
}
