import { NonRetriableError } from "inngest";
import type { Db } from "@/db/client";
import { getDocument } from "@/db/queries/documents";
import { loadAliases } from "@/db/queries/insurance/aliases";
import { latestProfile, latestProfilesByBroker, requireBroker } from "@/db/queries/insurance/brokers";
import { attributeCaseBroker, holdCase, requireCase } from "@/db/queries/insurance/cases";
import { activeCatalog, getCatalog, loadCatalogEntries } from "@/db/queries/insurance/catalogs";
import { rowsToMatch, saveMatchResults, startCaseRows, type RowMatch } from "@/db/queries/insurance/fleet-rows";
import { getInsuranceSettings } from "@/db/queries/insurance/settings";
import { catalogLabel } from "@/lib/insurance/catalog-keys";
import { fleetInput } from "@/lib/insurance/fleet-input";
import { buildCatalogIndex, type CatalogIndex } from "@/lib/insurance/catalog-index";
import { nearestVersionTexts } from "@/db/queries/catalog-vectors";
import { type Embedder } from "@/lib/insurance/embeddings";
import { addMeaningCandidates, wantsMeaningLookup } from "@/lib/insurance/meaning-lookup";
import { fleetRowKey, matchRow, type MatchResult } from "@/lib/insurance/matcher";
import { applyRerank, inReviewBand, type Reranker } from "@/lib/insurance/reranker";
import { applyProfile, detectBrokerByLayout, type CanonicalRow } from "@/lib/insurance/profile";
import { flagTermNotes, policyTerms } from "@/lib/insurance/policy-terms";
import { flagUseConflict, quoteVehicle } from "@/lib/insurance/quote-vehicle";
import { isBlankRow, readWorkbook, SpreadsheetError } from "@/lib/insurance/workbook";
import type { MatchCaseDeps } from "./match-deps";

// Matching a case, step by step (inngest/functions/match-case.ts runs these): read the fleet file with the broker's
// profile, then match the rows in batches against the catalog's in-memory index.

export const MATCH_BATCH = 500;

// ———————————————————————————————————————————————————————————— catalog index cache

// Imported catalogs never change, so their in-memory index is kept (a few per process) across steps and runs.
const indexCache = new Map<string, Promise<CatalogIndex>>();
const INDEX_CACHE_SIZE = 3;

export async function catalogIndexFor(db: Db, q: { workspaceId: string; catalogId: string }): Promise<CatalogIndex> {
  const catalog = await getCatalog(db, q);
  if (!catalog) throw new NonRetriableError(`Catalog ${q.catalogId} is gone.`);
  const key = `${q.workspaceId}:${catalog.id}:${catalog.importedRows}`;
  let p = indexCache.get(key);
  if (!p) {
    p = loadCatalogEntries(db, q).then((entries) => buildCatalogIndex(entries));
    p.catch(() => indexCache.delete(key));
    indexCache.set(key, p);
    while (indexCache.size > INDEX_CACHE_SIZE) indexCache.delete(indexCache.keys().next().value!);
  }
  return p;
}

// ———————————————————————————————————————————————————————————— read the file

export type ReadFleetResult =
  | { held: true; status: string; message: string }
  | { held: false; generation: number; catalogId: string; brokerId: string; rows: number; errors: number };

export async function readFleet(deps: MatchCaseDeps, q: { workspaceId: string; caseId: string }): Promise<ReadFleetResult> {
  const { db } = deps;
  const c = await requireCase(db, q);
  const generation = c.generation;
  if (c.status !== "received" && c.status !== "matching") return { held: true, status: c.status, message: "the case is not waiting to be matched" };
  const hold = async (status: "needs_profile" | "needs_catalog" | "failed", message: string) => {
    await holdCase(db, { ...q, generation, status, message });
    return { held: true as const, status, message };
  };
  if (!c.documentId) return hold("failed", "The case's spreadsheet is no longer stored; create a new case from the file.");
  const doc = await getDocument(db, { workspaceId: q.workspaceId, documentId: c.documentId });
  const bytes = doc ? await deps.blobs.read(doc.blobKey) : null;
  if (!doc || !bytes) return hold("failed", `The file ${c.filename} is missing from storage; upload it again as a new case.`);
  let workbook;
  try {
    workbook = await readWorkbook(new Uint8Array(bytes), c.filename);
  } catch (err) {
    if (err instanceof SpreadsheetError) return hold("failed", err.message);
    throw err;
  }
  // An empty file is the wrong file, not a reason to change the broker's profile (what a misfit asks for).
  const rightFile = "Check that this is the broker's fleet list, then open a new case with the right file.";
  if (workbook.sheets.every((s) => s.rows.every(isBlankRow))) return hold("failed", `${c.filename} has no vehicle rows: every sheet is empty. ${rightFile}`);
  let brokerId = c.brokerId;
  if (!brokerId) {
    // The spreadsheet's layout may name the broker (exactly one profile fits it). Taken as the answer only for a
    // file without a sender (dropped in Documents, uploaded without a broker); for an email from an unknown
    // address the fit is only offered, since a new broker may use the same template as a known one.
    const { broker: fit, fitting } = detectBrokerByLayout(workbook, await latestProfilesByBroker(db, q));
    const fits = fitting.length ? ` The file fits the profile of ${fitting.map((f) => f.name).join(" and ")}.` : " The file fits no broker's profile.";
    if (fit && !c.senderAddress && (await attributeCaseBroker(db, { ...q, generation, brokerId: fit.brokerId, reason: `the file fits ${fit.name}'s profile (version ${fit.version})` }))) {
      brokerId = fit.brokerId;
    } else {
      return hold(
        "needs_profile",
        c.senderAddress
          ? `The sender ${c.senderAddress} is not a known broker.${fits} Pick the broker (or add one with this email domain) and build its profile from this file.`
          : `No broker is set for this case.${fits} Pick the broker${fitting.length ? " it came from" : " and build its profile from this file"}.`,
      );
    }
  }
  const broker = await requireBroker(db, { workspaceId: q.workspaceId, brokerId });
  const profile = await latestProfile(db, { workspaceId: q.workspaceId, brokerId: broker.id });
  if (!profile) return hold("needs_profile", `${broker.name} has no broker profile yet. Build one from this file with the profile wizard.`);
  if (!c.insurerId) return hold("needs_catalog", "No insurer is set up. Add the insurer and import its vehicle catalog, then match again.");
  const catalog = await activeCatalog(db, { workspaceId: q.workspaceId, insurerId: c.insurerId });
  if (!catalog) return hold("needs_catalog", "The insurer has no active vehicle catalog. Import one and activate it, then match again.");

  const applied = applyProfile(workbook, profile.rules);
  if (applied.noDataRows) {
    return hold("failed", `${c.filename} has no vehicle rows below its header (row ${applied.headerRow} of sheet "${applied.sheet}"). ${rightFile}`);
  }
  if (!applied.fits) {
    return hold(
      "needs_profile",
      `${c.filename} does not fit ${broker.name}'s profile (version ${profile.version}): ${applied.misfitReason}. Adjust the profile with the wizard, then match again.`,
    );
  }
  const ok = await startCaseRows(db, {
    ...q,
    generation,
    catalogId: catalog.id,
    profileId: profile.id,
    profileVersion: profile.version,
    rows: applied.rows,
    errors: applied.errors,
  });
  if (!ok) return { held: true, status: "stale", message: "a newer match request replaced this one" };
  return { held: false, generation, catalogId: catalog.id, brokerId: broker.id, rows: applied.rows.length, errors: applied.errors.length };
}

// ———————————————————————————————————————————————————————————— match a batch

const noCodeReason = "learned from a reviewer correction: this vehicle has no code in the catalog";

/** Match the next batch of unmatched rows; returns how many were matched and whether more remain. */
export async function matchBatch(
  deps: MatchCaseDeps,
  q: { workspaceId: string; caseId: string; generation: number; catalogId: string; brokerId: string; limit?: number },
) {
  const { db } = deps;
  const limit = q.limit ?? MATCH_BATCH;
  const rows = await rowsToMatch(db, { workspaceId: q.workspaceId, caseId: q.caseId, limit });
  if (!rows.length) return { matched: 0, more: false, stale: false };
  const [index, aliases, settings] = await Promise.all([
    catalogIndexFor(db, { workspaceId: q.workspaceId, catalogId: q.catalogId }),
    loadAliases(db, { workspaceId: q.workspaceId, brokerId: q.brokerId }),
    getInsuranceSettings(db, q),
  ]);
  const codes = new Map<string, string>();
  for (const [k, a] of aliases) if (a.code !== null) codes.set(k, a.code);
  const thresholds = { auto: settings.autoThreshold, review: settings.reviewThreshold };
  const matches: RowMatch[] = rows.map((row) => {
    const input = fleetInput(row.canonical);
    const alias = aliases.get(fleetRowKey(input));
    let result: MatchResult = matchRow(index, input, { thresholds, aliases: codes });
    if (alias && alias.code === null) {
      result = { ...result, code: null, confidence: 1, decision: "no_match", learned: true, reason: noCodeReason };
    }
    const entry = result.code ? index.byCode.get(result.code)?.entry : undefined;
    return { id: row.id, result, aliasId: result.learned && alias ? alias.id : null, catalogDescription: entry ? catalogLabel(entry) : null };
  });
  const catalog = deps.embedder ? await getCatalog(db, { workspaceId: q.workspaceId, catalogId: q.catalogId }) : null;
  const lookup =
    deps.embedder && catalog?.embeddingState === "ready" && catalog.embeddingModel === deps.embedder.model
      ? await lookUpByMeaning(deps, deps.embedder, matches, rows, index, q)
      : { gained: new Set<string>(), errors: [] as string[] };
  const reranked = deps.reranker ? await rerankReviewBand(deps.reranker, matches, rows, index, thresholds, lookup.gained) : { rows: 0, errors: [] as string[] };
  flagUseConflicts(matches, rows, index);
  const saved = await saveMatchResults(db, { workspaceId: q.workspaceId, caseId: q.caseId, generation: q.generation, matches });
  return {
    matched: saved ? rows.length : 0,
    more: saved && rows.length === limit,
    stale: !saved,
    lookedUp: lookup.gained.size,
    reranked: reranked.rows,
    errors: [...lookup.errors, ...reranked.errors],
  };
}

/**
 * A code whose catalog entry contradicts the use the broker wrote goes to a reviewer, naming the row and both values;
 * so does a coverage or deductible the quote file cannot state as a standard term (policy-terms.ts). Plates that
 * cannot be a plate ("EN TRAMITE", "S/P") add the note "plates pending" without holding the row back.
 */
function flagUseConflicts(matches: RowMatch[], rows: { id: string; rowNumber: number; canonical: CanonicalRow }[], index: CatalogIndex) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const m of matches) {
    const row = byId.get(m.id);
    if (!row) continue;
    const entry = m.result.code ? index.byCode.get(m.result.code)?.entry : undefined;
    if (entry) m.result = flagUseConflict(m.result, quoteVehicle({ rowNumber: row.rowNumber, canonical: row.canonical }, entry).useConflict);
    m.result = flagTermNotes(m.result, policyTerms({ rowNumber: row.rowNumber, canonical: row.canonical }).notes);
  }
}

/** Rows whose model name the offline matcher did not recognise gain the candidates nearest in meaning. */
async function lookUpByMeaning(
  deps: MatchCaseDeps,
  embedder: Embedder,
  matches: RowMatch[],
  rows: { id: string; canonical: unknown }[],
  index: CatalogIndex,
  q: { workspaceId: string; catalogId: string },
) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items = matches
    .filter((m) => wantsMeaningLookup(m.result))
    .map((m) => ({ id: m.id, row: fleetInput(byId.get(m.id)!.canonical as never), result: m.result }));
  const database = { db: deps.db, hasVector: Boolean(deps.vector) };
  return addMeaningCandidates(index, embedder, items, async (n) => (await nearestVersionTexts(database, { ...q, ...n })).hits);
}

/** Only rows the offline matcher was unsure of (review band, not learned) go to the model, plus rows it could not
 * place that gained candidates by meaning; its answer replaces the offline one in place, and a failed batch leaves
 * the offline answers as they were. A code for a row the offline matcher could not place is never auto-accepted. */
async function rerankReviewBand(
  reranker: Reranker,
  matches: RowMatch[],
  rows: { id: string; canonical: unknown }[],
  index: CatalogIndex,
  thresholds: { auto: number; review: number },
  gained: ReadonlySet<string>,
) {
  const band = matches.filter((m) => inReviewBand(m.result, thresholds) || (m.result.code === null && gained.has(m.id)));
  if (band.length === 0) return { rows: 0, errors: [] as string[] };
  const byId = new Map(rows.map((r) => [r.id, r]));
  const outcome = await reranker.rerank(
    band.map((m) => ({ id: m.id, row: fleetInput(byId.get(m.id)!.canonical as never), candidates: m.result.candidates })),
  );
  const decided = new Map(outcome.decisions.map((d) => [d.id, d]));
  let changed = 0;
  for (const m of band) {
    const d = decided.get(m.id);
    if (!d || d.source !== "openai") continue;
    const unplaced = m.result.code === null;
    m.result = applyRerank(m.result, d, thresholds);
    if (unplaced && m.result.decision === "auto") {
      m.result = {
        ...m.result,
        decision: "review",
        confidence: Math.min(m.result.confidence, Math.round((thresholds.auto - 0.01) * 1000) / 1000),
        reason: `${m.result.reason}; the offline matcher did not recognise this model, so a reviewer confirms`,
      };
    }
    const entry = m.result.code ? index.byCode.get(m.result.code)?.entry : undefined;
    m.catalogDescription = entry ? catalogLabel(entry) : null;
    changed++;
  }
  return { rows: changed, errors: outcome.errors };
}
