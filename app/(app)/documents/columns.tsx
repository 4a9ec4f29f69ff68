import type { Column } from "@/components/data-table/static-table";
import type { RowAttributes } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";
import type { searchDocuments } from "@/services/documents/search-documents";
import { IndexState } from "./index-state";
import { OpenCaseButton } from "./open-case-button";
import { ReadAsInvoiceButton, RetryButton } from "./retry-button";

export type DocumentRow = Awaited<ReturnType<typeof searchDocuments>>["rows"][number];

/** What the list shows of a document: the rows are props of a client component, sent to the browser in the page. */
export type DocumentListRow = Pick<
  DocumentRow,
  | "id" | "filename" | "contentType" | "size" | "kind" | "classification" | "classificationReason" | "readAs" | "status" | "error"
  | "createdAt" | "updatedAt" | "docClass" | "indexState" | "indexPages" | "indexPagesDone" | "indexError"
> & { hit: Pick<NonNullable<DocumentRow["hit"]>, "page" | "snippet"> | null };

export const toDocumentListRow = (d: DocumentRow): DocumentListRow => ({
  id: d.id,
  filename: d.filename,
  contentType: d.contentType,
  size: d.size,
  kind: d.kind,
  classification: d.classification,
  classificationReason: d.classificationReason,
  readAs: d.readAs,
  status: d.status,
  error: d.error,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
  docClass: d.docClass,
  indexState: d.indexState,
  indexPages: d.indexPages,
  indexPagesDone: d.indexPagesDone,
  indexError: d.indexError,
  hit: d.hit && { page: d.hit.page, snippet: d.hit.snippet },
});

const tone = { queued: "gray", processing: "blue", ready: "green", needs_review: "amber", failed: "red" } as const;

function size(n: number) {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

/** Queued for longer than the sweeper's deadline: its event was probably lost; the user can retry at once. */
const stuck = (d: { status: string; updatedAt: Date }) => d.status === "queued" && Date.now() - d.updatedAt.getTime() > 5 * 60_000;

export const documentRowAttributes = (): RowAttributes => ({ "data-testid": "document-row" });

/** The document list's columns. `canEdit`: member or above (retry, read as invoice, open a case, re-index). */
export function documentColumns({ canEdit, caseOf }: { canEdit: boolean; caseOf: ReadonlyMap<string | null, { id: string; cotNumber: string }> }): Column<DocumentListRow>[] {
  return [
    {
      id: "file",
      header: "File",
      meta: { className: "max-w-xl" },
      cell: ({ row: { original: d } }) => (
        <>
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
          {(d.error || stuck(d)) && d.classification !== "unreadable" && canEdit && <RetryButton documentId={d.id} />}
          {d.kind === "spreadsheet" &&
            (caseOf.has(d.id) ? (
              <p className="mt-1 text-xs">
                <a className="text-brand-700 hover:underline" href={`/insurance/cases/${caseOf.get(d.id)!.id}`}>
                  Insurance case {caseOf.get(d.id)!.cotNumber}
                </a>
              </p>
            ) : (
              canEdit && <OpenCaseButton documentId={d.id} />
            ))}
        </>
      ),
    },
    {
      id: "class",
      header: "Class",
      meta: { className: "max-w-xs text-slate-600", cellTestId: "document-class" },
      cell: ({ row: { original: d } }) => (
        <>
          {d.readAs === "invoice" ? (
            <span className="font-medium">invoice (read as invoice on request)</span>
          ) : (
            <span className={d.docClass ?? d.classification ? "font-medium" : undefined}>{(d.docClass ?? d.classification ?? d.kind ?? d.contentType).replace("_", " ")}</span>
          )}
          {d.classificationReason && <p className="text-xs text-slate-500">{d.classificationReason}</p>}
          {d.classification && !["invoice", "credit_note", "unreadable"].includes(d.classification) && !d.readAs && (d.status === "ready" || d.status === "needs_review") && canEdit && (
            <ReadAsInvoiceButton documentId={d.id} />
          )}
        </>
      ),
    },
    { id: "size", header: "Size", meta: { className: "text-slate-600" }, cell: ({ row }) => size(row.original.size) },
    { id: "status", header: "Status", cell: ({ row: { original: d } }) => <Badge tone={tone[d.status]}>{d.status.replace("_", " ")}</Badge> },
    {
      id: "index",
      header: "Index",
      cell: ({ row: { original: d } }) => <IndexState documentId={d.id} state={d.indexState} pages={d.indexPages} done={d.indexPagesDone} error={d.indexError} canReindex={canEdit} />,
    },
    { id: "received", header: "Received (UTC)", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.createdAt.toISOString().replace("T", " ").slice(0, 16) },
  ];
}
