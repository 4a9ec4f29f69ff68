import Link from "next/link";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { UploadZone } from "@/components/upload-zone/upload-zone";
import { getDb } from "@/db";
import { casesForDocuments } from "@/db/queries/insurance/case-emails";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { documentInFlight } from "@/lib/documents/progress";
import { env } from "@/lib/env";
import { PAGE_SIZE, searchDocuments } from "@/services/documents/search-documents";
import { IndexState } from "./index-state";
import { OpenCaseButton } from "./open-case-button";
import { ReadAsInvoiceButton, RetryButton } from "./retry-button";
import { SearchForm, type SearchParams } from "./search-form";

export const metadata = { title: "Documents" };

const tone = { queued: "gray", processing: "blue", ready: "green", needs_review: "amber", failed: "red" } as const;

function size(n: number) {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

/** Queued for longer than the sweeper's deadline: its event was probably lost; the user can retry at once. */
const stuck = (d: { status: string; updatedAt: Date }) => d.status === "queued" && Date.now() - d.updatedAt.getTime() > 5 * 60_000;

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
  const caseOf = new Map((await casesForDocuments(db, { workspaceId: ctx.workspaceId, documentIds: spreadsheets })).map((c) => [c.documentId, c]));
  const inFlight = docs.filter(documentInFlight).length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (p: number) => `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(sp).filter(([, v]) => v)), page: String(p) })}`;
  const filtered = Boolean(query || Object.values(filters).some(Boolean));
  return (
    <>
      <PageHeader
        title="Documents"
        description="Every file that came into this workspace, stored once, read, indexed for search and questions."
        actions={
          <div className="flex items-center gap-3">
            <Link href="/documents/ask" className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Ask your documents
            </Link>
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
      {docs.length === 0 ? (
        filtered ? (
          <EmptyState title="Nothing matches.">Try other words, or clear the filters. Documents still being indexed appear once they are done.</EmptyState>
        ) : (
          <EmptyState title="No documents yet.">Drop files above to add the first ones.</EmptyState>
        )
      ) : (
        <Card>
          <p className="mb-2 text-xs text-slate-500" data-testid="result-count">
            {query ? `${total}${capped ? "+" : ""} matching document${total === 1 ? "" : "s"}, best first` : `${total} document${total === 1 ? "" : "s"}`} · page {page} of {pages}
          </p>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">File</th>
                <th className="py-2">Class</th>
                <th className="py-2">Size</th>
                <th className="py-2">Status</th>
                <th className="py-2">Index</th>
                <th className="py-2">Received (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {docs.map((d) => (
                <tr key={d.id} data-testid="document-row">
                  <td className="max-w-xl py-2">
                    <a className="font-medium text-brand-700 hover:underline" href={d.hit ? `/documents/${d.id}?page=${d.hit.page}` : `/documents/${d.id}`}>
                      {d.filename}
                    </a>
                    <a className="ml-2 text-xs text-slate-500 hover:underline" href={`/api/documents/${d.id}`} target="_blank" rel="noreferrer">
                      file
                    </a>
                    {d.hit && (
                      <p className="mt-1 text-xs text-slate-700" data-testid="snippet">
                        <span className="mr-1 text-slate-500">p. {d.hit.page}:</span>
                        {d.hit.snippet.map((s, i) => (s.mark ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}…
                      </p>
                    )}
                    {d.error && <p className="text-xs text-red-700">{d.error}</p>}
                    {stuck(d) && <p className="text-xs text-amber-800">Waiting since {d.updatedAt.toISOString().slice(11, 16)} UTC; Docket will try again by itself, or retry now.</p>}
                    {(d.error || stuck(d)) && d.classification !== "unreadable" && hasRole(ctx.role, "member") && <RetryButton documentId={d.id} />}
                    {d.kind === "spreadsheet" &&
                      (caseOf.has(d.id) ? (
                        <p className="mt-1 text-xs">
                          <a className="text-brand-700 hover:underline" href={`/insurance/cases/${caseOf.get(d.id)!.id}`}>
                            Insurance case {caseOf.get(d.id)!.cotNumber}
                          </a>
                        </p>
                      ) : (
                        hasRole(ctx.role, "member") && <OpenCaseButton documentId={d.id} />
                      ))}
                  </td>
                  <td className="max-w-xs py-2 text-slate-600" data-testid="document-class">
                    {d.readAs === "invoice" ? (
                      <span className="font-medium">invoice (read as invoice on request)</span>
                    ) : (
                      <span className={d.docClass ?? d.classification ? "font-medium" : undefined}>{(d.docClass ?? d.classification ?? d.kind ?? d.contentType).replace("_", " ")}</span>
                    )}
                    {d.classificationReason && <p className="text-xs text-slate-500">{d.classificationReason}</p>}
                    {d.classification && !["invoice", "credit_note", "unreadable"].includes(d.classification) && !d.readAs && (d.status === "ready" || d.status === "needs_review") && hasRole(ctx.role, "member") && (
                      <ReadAsInvoiceButton documentId={d.id} />
                    )}
                  </td>
                  <td className="py-2 text-slate-600">{size(d.size)}</td>
                  <td className="py-2">
                    <Badge tone={tone[d.status]}>{d.status.replace("_", " ")}</Badge>
                  </td>
                  <td className="py-2">
                    <IndexState documentId={d.id} state={d.indexState} pages={d.indexPages} done={d.indexPagesDone} error={d.indexError} canReindex={hasRole(ctx.role, "member")} />
                  </td>
                  <td className="py-2 text-slate-600">{d.createdAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav className="mt-3 flex gap-3 text-sm" aria-label="Pages">
              {page > 1 && <a className="text-brand-700 hover:underline" href={link(page - 1)}>← Previous</a>}
              {page < pages && <a className="text-brand-700 hover:underline" href={link(page + 1)}>Next →</a>}
            </nav>
          )}
        </Card>
      )}
    </>
  );
}
