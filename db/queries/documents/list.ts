import { and, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { rows as resultRows, type Db } from "../../client";
import { documentIndexes, documents } from "../../schema";
import { boundedCountSql, boundedTotal, COUNT_AHEAD } from "../bounded-count";

// The Documents list: filters (class, status, date, vendor/broker), server-side pages, index state per document.

export interface DocumentFilters {
  kind?: string | null;
  status?: string | null;
  /** ISO dates, inclusive from / exclusive to (upload date). */
  from?: string | null;
  to?: string | null;
  /** Vendor of an invoice read from the document, or broker of an insurance case opened from it (contains). */
  party?: string | null;
}

/** The filters as a condition on documents (alias-free, usable in the search candidate query as `d`). */
export function documentFilterSql(f: DocumentFilters, alias = "d"): SQL | undefined {
  const a = sql.raw(alias);
  const parts: SQL[] = [];
  if (f.kind) {
    // the index's class (policy, contract, fleet list…) when the document is indexed, else the reader's class
    parts.push(sql`coalesce((select di.doc_class from document_indexes di where di.document_id = ${a}.id), ${a}.classification, ${a}.kind, 'other') = ${f.kind}`);
  }
  if (f.status) parts.push(sql`${a}.status = ${f.status}`);
  if (f.from) parts.push(sql`${a}.created_at >= ${f.from}::date`);
  if (f.to) parts.push(sql`${a}.created_at < (${f.to}::date + 1)`);
  if (f.party) {
    const like = `%${f.party.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(exists (select 1 from invoices i where i.document_id = ${a}.id and i.workspace_id = ${a}.workspace_id and i.vendor_name ilike ${like})
      or exists (select 1 from insurance_cases ic join brokers b on b.id = ic.broker_id where ic.document_id = ${a}.id and ic.workspace_id = ${a}.workspace_id and b.name ilike ${like}))`);
  }
  return parts.length ? sql.join(parts, sql` and `) : undefined;
}

const listColumns = {
  id: documents.id,
  filename: documents.filename,
  contentType: documents.contentType,
  size: documents.size,
  kind: documents.kind,
  classification: documents.classification,
  classificationReason: documents.classificationReason,
  readAs: documents.readAs,
  pages: documents.pages,
  status: documents.status,
  error: documents.error,
  source: documents.source,
  attempts: documents.attempts,
  createdAt: documents.createdAt,
  updatedAt: documents.updatedAt,
  docClass: documentIndexes.docClass,
  indexState: documentIndexes.state,
  indexPages: documentIndexes.pages,
  indexPagesDone: documentIndexes.pagesDone,
  indexError: documentIndexes.error,
};

/** One page of the workspace's documents, newest first, with the total for the pager (exact up to `countAhead` rows past the page). */
export async function listDocumentsPage(db: Db, q: { workspaceId: string; filters: DocumentFilters; limit: number; offset: number; countAhead?: number }) {
  const where = and(eq(documents.workspaceId, q.workspaceId), documentFilterSql(q.filters, "documents"))!;
  const rows = await db
    .select(listColumns)
    .from(documents)
    .leftJoin(documentIndexes, eq(documentIndexes.documentId, documents.id))
    .where(where)
    .orderBy(desc(documents.createdAt), desc(documents.id))
    .limit(q.limit)
    .offset(q.offset);
  const ahead = q.countAhead ?? COUNT_AHEAD;
  const [{ counted }] = resultRows<{ counted: number }>(await db.execute(sql`select ${boundedCountSql(sql`${documents}`, where, q.offset, ahead)} as counted`));
  const { total, exact } = boundedTotal(counted, q.offset, ahead);
  return { rows, total, totalExact: exact };
}

/** The listed columns for given ids (search results), in no particular order. */
export async function documentsByIds(db: Db, q: { workspaceId: string; ids: string[] }) {
  if (!q.ids.length) return [];
  return db
    .select(listColumns)
    .from(documents)
    .leftJoin(documentIndexes, eq(documentIndexes.documentId, documents.id))
    .where(and(eq(documents.workspaceId, q.workspaceId), inArray(documents.id, q.ids)));
}

/** Documents whose index is not current (never indexed, or content changed), oldest first — for the catch-up. */
export async function listUnindexedDocuments(db: Db, q: { workspaceId?: string; before: Date; limit: number }) {
  return db
    .select({ id: documents.id, workspaceId: documents.workspaceId })
    .from(documents)
    .leftJoin(documentIndexes, eq(documentIndexes.documentId, documents.id))
    .where(
      and(
        q.workspaceId ? eq(documents.workspaceId, q.workspaceId) : undefined,
        inArray(documents.status, ["ready", "needs_review", "failed"]),
        lt(documents.updatedAt, q.before),
        sql`(${documentIndexes.state} is null or (${documentIndexes.state} = 'pending' and ${documentIndexes.updatedAt} < ${q.before}))`,
      ),
    )
    .orderBy(documents.updatedAt)
    .limit(q.limit);
}
