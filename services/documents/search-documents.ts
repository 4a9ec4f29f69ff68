import type { Db } from "@/db/client";
import { documentFilterSql, documentsByIds, listDocumentsPage, type DocumentFilters } from "@/db/queries/documents/list";
import { contentTerms, highlight, snippet } from "@/lib/documents/text";
import { retrievePassages } from "./retrieve-passages";

// The Documents page: without a query, the filtered list newest first; with one, documents ranked by their best
// passage (BM25), each with a snippet of it (matches marked) and the page it is on. Server-side pages of 25.

export const PAGE_SIZE = 25;
const CANDIDATES = 400;

export interface SearchHit {
  documentId: string;
  page: number;
  score: number;
  snippet: { text: string; mark: boolean }[];
  chunkStart: number;
}

export async function searchDocuments(db: Db, q: { workspaceId: string; query?: string | null; filters: DocumentFilters; page: number }) {
  const offset = (Math.max(1, q.page) - 1) * PAGE_SIZE;
  const query = q.query?.trim();
  if (!query) {
    const { rows, total, totalExact } = await listDocumentsPage(db, { workspaceId: q.workspaceId, filters: q.filters, limit: PAGE_SIZE, offset });
    return { rows: rows.map((r) => ({ ...r, hit: null as SearchHit | null })), total, capped: !totalExact };
  }
  const r = await retrievePassages(db, { workspaceId: q.workspaceId, text: query, limit: CANDIDATES, documentWhere: documentFilterSql(q.filters) });
  const best = new Map<string, (typeof r.passages)[number]>();
  for (const p of r.passages) if (!best.has(p.documentId)) best.set(p.documentId, p);
  const ranked = [...best.values()];
  const pageOf = ranked.slice(offset, offset + PAGE_SIZE);
  const docs = new Map((await documentsByIds(db, { workspaceId: q.workspaceId, ids: pageOf.map((p) => p.documentId) })).map((d) => [d.id, d]));
  const stems = contentTerms(query, r.lang);
  const rows = pageOf
    .filter((p) => docs.has(p.documentId))
    .map((p) => {
      const s = snippet(p.text, stems, 260);
      return { ...docs.get(p.documentId)!, hit: { documentId: p.documentId, page: p.page, score: p.score, snippet: highlight(s.text, stems), chunkStart: p.start } as SearchHit };
    });
  return { rows, total: ranked.length, capped: r.passages.length >= CANDIDATES };
}
