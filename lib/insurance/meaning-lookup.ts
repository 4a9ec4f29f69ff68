/**
 * Lookup by meaning (OpenAI on, catalog embedded): for rows the offline matcher could not place because it did not
 * recognise the model name, the catalog's version texts nearest to the row's words — same brand and model year
 * only — become the candidates the re-ranker and the reviewer see. Only there does it pay: a row in the review band
 * already has its vehicle family and the re-ranker chooses among its versions (measured: looking those rows up too
 * doubled the match time and added nothing; docs/bench/insurance-embeddings.md). Abstentions the catalog itself
 * decides (brand not carried, year not offered) are never looked up: meaning cannot make a catalog offer what it
 * does not.
 */
import type { CatalogIndex, IndexedEntry } from "./catalog-index";
import { entryEmbeddingText, rowEmbeddingText, type Embedder } from "./embeddings";
import type { FleetRowInput, MatchCandidate, MatchResult } from "./matcher";
import { brandKeyOf } from "./text";

export interface TextHit {
  text: string;
  years: number[];
  similarity: number;
}

export type NearestTexts = (q: { vector: Float32Array; brandKey?: string; year?: number; limit: number }) => Promise<TextHit[]>;

/** Candidates found by meaning plus the offline fallback's: what the re-ranker and the candidate picker see at most. */
export const MAX_CANDIDATES = 8;
const HITS_PER_ROW = 5;

/** Whether a row's result is worth a lookup by meaning: no code because the model name was not recognised. */
export function wantsMeaningLookup(result: MatchResult): boolean {
  return !result.learned && result.code === null && result.abstained === "model_unknown";
}

const textIndexes = new WeakMap<CatalogIndex, Map<string, IndexedEntry[]>>();

/** Catalog entries by their embedding text (built once per catalog index). */
function entriesByText(index: CatalogIndex): Map<string, IndexedEntry[]> {
  let m = textIndexes.get(index);
  if (!m) {
    m = new Map();
    for (const ie of index.entries) {
      const t = entryEmbeddingText(ie.entry);
      const list = m.get(t);
      if (list) list.push(ie);
      else m.set(t, [ie]);
    }
    textIndexes.set(index, m);
  }
  return m;
}

function candidateFor(ie: IndexedEntry, similarity: number, trim: readonly string[]): MatchCandidate {
  const rowWords = new Set(trim);
  return {
    code: ie.entry.code,
    score: Math.round(Math.max(0, similarity) * 1000) / 1000,
    description: ie.entry.description,
    year: ie.entry.year,
    diffTokens: ie.tokens.filter((t) => !rowWords.has(t)),
    rowOnlyTokens: trim.filter((t) => !ie.tokenSet.has(t)),
    via: "embedding",
  };
}

export interface MeaningLookupItem {
  id: string;
  row: FleetRowInput;
  result: MatchResult;
}

/**
 * Add candidates found by meaning to each item's result (in place). Returns the ids whose candidates changed; an
 * embeddings failure leaves every result as it was and is reported.
 */
export async function addMeaningCandidates(
  index: CatalogIndex,
  embedder: Embedder,
  items: readonly MeaningLookupItem[],
  nearest: NearestTexts,
): Promise<{ gained: Set<string>; errors: string[] }> {
  const gained = new Set<string>();
  if (!items.length) return { gained, errors: [] };
  const texts = [...new Set(items.map((it) => rowEmbeddingText(it.row)).filter(Boolean))];
  let vectors: Float32Array[];
  try {
    vectors = await embedder.embed(texts);
  } catch (err) {
    return { gained, errors: [`lookup by meaning skipped for ${items.length} row(s): ${(err as Error).message}`] };
  }
  const vectorOf = new Map(texts.map((t, i) => [t, vectors[i]]));
  const byText = entriesByText(index);
  for (const it of items) {
    const vector = vectorOf.get(rowEmbeddingText(it.row));
    if (!vector) continue;
    const { brand, year, trim } = it.result.attributes;
    const hits = await nearest({ vector, brandKey: brand ? brandKeyOf(brand) : undefined, year, limit: HITS_PER_ROW });
    const found: MatchCandidate[] = [];
    for (const h of hits) {
      const entries = (byText.get(h.text) ?? []).filter((ie) => year === undefined || ie.entry.year === year);
      // without a year, the latest one the text is offered in stands for it
      const ie = entries.sort((a, b) => b.entry.year - a.entry.year)[0];
      if (ie) found.push(candidateFor(ie, h.similarity, trim));
    }
    if (!found.length) continue;
    // the nearest in meaning lead, then what the offline fallback had (same brand and year, by shared words)
    const codes = new Set(found.map((c) => c.code));
    it.result.candidates = [...found, ...it.result.candidates.filter((c) => !codes.has(c.code))].slice(0, MAX_CANDIDATES);
    gained.add(it.id);
  }
  return { gained, errors: [] };
}
