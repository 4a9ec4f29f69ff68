import { LiveProgress } from "@/components/live-progress/live-progress";
import { PageHeader } from "@/components/ui/card";
import { UploadZone } from "@/components/upload-zone/upload-zone";
import { getDb } from "@/db";
import { casesForDocuments } from "@/db/queries/insurance/case-emails";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { documentInFlight } from "@/lib/documents/progress";
import { env } from "@/lib/env";
import { PAGE_SIZE, searchDocuments } from "@/services/documents/search-documents";
import { toDocumentListRow } from "./columns";
import { DocumentsTable } from "./documents-table";
import { SearchForm, type SearchParams } from "./search-form";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Documents" };

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const sp = await searchParams;
  const page = Math.max(1, Number(sp.page) || 1);
  const filters = {
    kind: sp.kind || null,
    status: sp.status || null,
    from: sp.from && ISO.test(sp.from) ? sp.from : null,
    to: sp.to && ISO.test(sp.to) ? sp.to : null,
    party: sp.party?.trim().slice(0, 100) || null,
  };
  const query = sp.q?.trim().slice(0, 300) || null;
  const { rows: docs, total, capped } = await searchDocuments(db, { workspaceId: ctx.workspaceId, query, filters, page });
  const spreadsheets = docs.filter((d) => d.kind === "spreadsheet").map((d) => d.id);
  const cases = Object.fromEntries(
    (await casesForDocuments(db, { workspaceId: ctx.workspaceId, documentIds: spreadsheets })).flatMap((c) => (c.documentId ? [[c.documentId, { id: c.id, cotNumber: c.cotNumber }]] : [])),
  );
  const inFlight = docs.filter(documentInFlight).length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // a total that stopped counting (a search's candidates, or a list past 10,000 documents) says so: "10,000+"
  const more = capped ? "+" : "";
  const link = (p: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(sp).filter(([, v]) => v)), page: String(p) })}`;
  const filtered = Boolean(query || Object.values(filters).some(Boolean));
  return (
    <>
      <PageHeader
        title="Documents"
        description="Every file that came into this workspace, stored once, read, indexed for search and questions."
        actions={
          <div className="flex items-center gap-3">
            <LinkButton href="/documents/ask" variant="primary">
              Ask your documents
            </LinkButton>
            <LiveProgress kinds={["document", "case"]} active={inFlight > 0} since={renderedAt} />
          </div>
        }
      />
      {hasRole(ctx.role, "member") && (
        <div className="mb-6">
          <UploadZone maxMb={env().DOCKET_MAX_UPLOAD_MB} hint={`PDF, PNG, JPEG, TIFF, e-invoice .xml (UBL, CFDI, ZUGFeRD), .eml, .zip, .xlsx or .csv — up to ${env().DOCKET_MAX_UPLOAD_MB} MB each. Type is checked by content.`} />
        </div>
      )}
      <SearchForm values={sp} />
      {inFlight > 0 && (
        <p className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700" aria-live="polite" data-testid="processing-progress">
          {inFlight} document{inFlight === 1 ? "" : "s"} on this page still being read or indexed; this page updates by itself.
        </p>
      )}
      {docs.length > 0 && (
        <p className="mb-2 text-xs text-slate-500" data-testid="result-count">
          {`${total.toLocaleString("en")}${more} ${query ? "matching " : ""}document${total === 1 && !capped ? "" : "s"}${query ? ", best first" : ""}`} · page {page} of {pages}
          {!query && more}
        </p>
      )}
      <DocumentsTable
        rows={docs.map(toDocumentListRow)}
        canEdit={hasRole(ctx.role, "member")}
        cases={cases}
        empty={
          filtered
            ? { title: "Nothing matches.", children: "Try other words, or clear the filters. Documents still being indexed appear once they are done." }
            : { title: "No documents yet.", children: "Drop files above to add the first ones." }
        }
      />
      {pages > 1 && (
        <nav className="mt-3 flex gap-3 text-sm" aria-label="Pages">
          {page > 1 && <a className="text-brand-700 hover:underline" href={link(page - 1)}>← Previous</a>}
          {page < pages && <a className="text-brand-700 hover:underline" href={link(page + 1)}>Next →</a>}
        </nav>
      )}
    </>
  );
}
